"""The 2-in-1 model: its quick preset trains on the tiny set into a run folder that samples and scores; runs
reproduce, and bad input gets a clear error."""
import json
import numpy as np
import pandas as pd
import pytest
from galaxy_nb.core import GalaxyError
from galaxy_nb.data import list_images, load_images
from galaxy_nb.two_in_one import TwoInOneSampler, TwoInOneScorer, train_two_in_one, train_score_cnn_scorer

FAST = dict(disc_steps=60, gen_steps=20)      # enough to exercise both phases

@pytest.fixture(scope='module')
def run(tiny, tmp_path_factory):
    out = tmp_path_factory.mktemp('two_in_one')/'run'
    return out, train_two_in_one(tiny, out, preset='quick', progress=False)

def test_quick_preset_writes_the_run_folder(run):
    out, m = run
    assert sorted(p.name for p in out.iterdir()) == ['config.json', 'generator.safetensors', 'history.csv', 'label_cnn.safetensors',
                                                     'metrics.json', 'score_cnn.safetensors', 'scorer.json']
    meta = json.loads((out/'config.json').read_text())
    assert meta['kind'] == 'two-in-one' and meta['config']['preset'] == 'quick' and meta['config']['size'] == 256
    cfg = meta['config']
    assert m['steps'] == meta['steps_done'] == cfg['disc_steps'] + 2*cfg['gen_steps']
    assert json.loads((out/'metrics.json').read_text()) == json.loads(json.dumps(m))
    for k in ('seconds', 'final_score_loss', 'final_label_loss', 'final_gen_loss', 'valid_mae', 'valid_median_mae'):
        assert np.isfinite(m[k]), k
    h = pd.read_csv(out/'history.csv')
    assert set(h.phase) == {'discriminators', 'joint'} and h.step.iloc[-1] == m['steps']
    assert h.score_loss.notna().all() and h.gen_loss[h.phase == 'joint'].notna().all()
    assert json.loads((out/'scorer.json').read_text())['name'] == 'two-in-one-score'

def test_sampler_draws_distinct_images_of_the_data_size(run):
    s = TwoInOneSampler(run[0])
    a = s.sample(6, seed=2)
    assert s.size == 256 and a.shape == (6, 256, 256) and a.dtype == np.uint8
    assert len({x.tobytes() for x in a}) == 6 and all(x.std() > 0 for x in a)
    assert np.array_equal(a, s.sample(6, seed=2)) and not np.array_equal(a, s.sample(6, seed=3))

def test_run_folder_is_a_scorer(run, tiny):
    sc = TwoInOneScorer.load(run[0])
    paths = list_images(tiny/'scored')
    p = sc.predict(paths)
    assert p.shape == (len(paths),) and ((0 <= p) & (p <= 8)).all() and p.std() > 0
    assert np.allclose(sc.predict_images(load_images(paths[:4], None)), p[:4])
    with pytest.raises(GalaxyError, match='trained on 256x256'): sc.predict_images(np.zeros((1, 64, 64), np.uint8))

def test_same_seed_same_bytes(tiny, tmp_path):
    for name, progress in (('a', True), ('b', False)):
        train_two_in_one(tiny, tmp_path/name, seed=5, progress=progress, **FAST)
    for f in ('generator', 'score_cnn', 'label_cnn'):
        assert (tmp_path/'a'/f'{f}.safetensors').read_bytes() == (tmp_path/'b'/f'{f}.safetensors').read_bytes(), f
    train_two_in_one(tiny, tmp_path/'c', seed=6, progress=False, **FAST)
    assert (tmp_path/'a'/'generator.safetensors').read_bytes() != (tmp_path/'c'/'generator.safetensors').read_bytes()

def test_score_cnn_scorer(tiny, tmp_path):
    info = train_score_cnn_scorer(tiny, tmp_path/'sc', folds=2, steps=40)
    meta = json.loads((tmp_path/'sc'/'scorer.json').read_text())
    assert meta['name'] == 'two-in-one-score' and len(meta['cv']['fold_mae']) == 2
    assert np.isfinite(info['cv']['mae']) and info['cv']['mae'] == meta['cv']['mae']
    p = TwoInOneScorer.load(tmp_path/'sc').predict(list_images(tiny/'query'))
    assert ((0 <= p) & (p <= 8)).all()
    with pytest.raises(GalaxyError, match='too few for 50-fold'): train_score_cnn_scorer(tiny, tmp_path/'sc2', folds=50)
    assert not (tmp_path/'sc2').exists()

def test_bad_input(tiny, tmp_path, run):
    with pytest.raises(GalaxyError, match="unknown preset 'huge' for two-in-one"): train_two_in_one(tiny, tmp_path/'x', preset='huge')
    with pytest.raises(GalaxyError, match="unknown 2-in-1 option 'epochs'"): train_two_in_one(tiny, tmp_path/'x', epochs=3)
    with pytest.raises(GalaxyError, match="gen_steps: 'lots' is not int"): train_two_in_one(tiny, tmp_path/'x', gen_steps='lots')
    with pytest.raises(GalaxyError, match='already exists'): train_two_in_one(tiny, run[0])
    with pytest.raises(GalaxyError, match='do not resume'): train_two_in_one(tiny, run[0], resume=True)
    with pytest.raises(GalaxyError, match='no such data folder'): train_two_in_one(tmp_path/'nowhere', tmp_path/'x')
    assert not (tmp_path/'x').exists()
    (tmp_path/'old').mkdir(); (tmp_path/'old'/'stale.txt').write_text('x')
    train_two_in_one(tiny, tmp_path/'old', force=True, progress=False, disc_steps=4, gen_steps=2)
    assert not (tmp_path/'old'/'stale.txt').exists() and (tmp_path/'old'/'config.json').exists()
    from galaxy_nb.gan import train_gan
    train_gan(tiny, tmp_path/'dcgan', 'dcgan', epochs=1, widths=(32, 16, 8, 4), progress=False)
    with pytest.raises(GalaxyError, match='holds a dcgan run, not a two-in-one run'): TwoInOneSampler(tmp_path/'dcgan')
    with pytest.raises(GalaxyError, match='not a run folder'): TwoInOneSampler(tmp_path)
    with pytest.raises(GalaxyError, match='not a scorer folder'): TwoInOneScorer.load(tmp_path/'dcgan')
    (tmp_path/'other').mkdir(); (tmp_path/'other'/'scorer.json').write_text('{"name": "xgb-all"}')
    with pytest.raises(GalaxyError, match="holds a 'xgb-all' scorer, not 'two-in-one-score'"): TwoInOneScorer.load(tmp_path/'other')
