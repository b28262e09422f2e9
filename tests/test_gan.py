"""The generators: each trains with its quick preset on the tiny set and writes distinct grayscale PNGs; runs
resume, reproduce, and refuse what they should."""
import json
import numpy as np
import pandas as pd
import pytest
from PIL import Image
from galaxy_nb.cli import main
from cli_helpers import run, error_line
from galaxy_nb.data import list_images, read_png
from galaxy_nb.synth import tree_digest


def check_pngs(folder, n, size):
    paths = list_images(folder)
    assert len(paths) == n
    imgs = [read_png(p) for p in paths]                     # strict reader: 8-bit grayscale, square, complete
    assert all(a.shape == (size, size) for a in imgs)
    assert len({a.tobytes() for a in imgs}) == n            # distinct
    assert all(a.std() > 0 for a in imgs)                   # not constant
    with Image.open(paths.iloc[0]) as im: assert im.mode == 'L'

@pytest.mark.parametrize('model,opts,size', [
    ('dcgan', ['--ls', '--bd'], 64),
    ('mcgan', ['--ls', '--bd', '--rot'], 64),
    ('fullres', ['--rot'], 256),
    ('patches', [], 256)])
def test_quick_preset_trains_and_generates(tiny, tmp_path, capsys, model, opts, size):
    run_dir = tmp_path/model
    assert run(capsys, 'train', '--model', model, '--data', tiny, '--out', run_dir, '--preset', 'quick', *opts, '--quiet')[0] == 0
    cfg = json.loads((run_dir/'config.json').read_text())
    assert cfg['config']['model'] == model
    if model != 'patches':
        assert cfg['epochs_done'] == cfg['config']['epochs']
        h = pd.read_csv(run_dir/'history.csv')
        assert len(h) == cfg['config']['epochs']
        for col in ('gen_loss', 'crit_loss'):                # both networks trained, losses finite (NaN: no such step that epoch)
            v = h[col].dropna(); assert len(v) >= len(h)//3 and np.isfinite(v).all(), col
    assert run(capsys, 'generate', '--model', run_dir, '--n', 6, '--out', tmp_path/'gen', '--seed', 1, '--quiet')[0] == 0
    check_pngs(tmp_path/'gen', 6, size)
    assert run(capsys, 'generate', '--model', run_dir, '--n', 6, '--out', tmp_path/'gen2', '--seed', 1, '--quiet')[0] == 0
    assert tree_digest(tmp_path/'gen') == tree_digest(tmp_path/'gen2')      # same seed, same files

def test_same_seed_same_run(tiny, tmp_path, capsys):
    for name in ('a', 'b'):
        assert run(capsys, 'train', '--model', 'dcgan', '--data', tiny, '--out', tmp_path/name, '--epochs', 3,
                   '--widths', '32,16,8,4', '--bd', '--seed', 4, '--quiet')[0] == 0
    assert (tmp_path/'a'/'generator.safetensors').read_bytes() == (tmp_path/'b'/'generator.safetensors').read_bytes()

def test_resume_equals_one_run(tiny, tmp_path, capsys):
    w = ['--widths', '32,16,8,4', '--ls', '--rot', '--seed', 2, '--quiet']
    assert run(capsys, 'train', '--model', 'mcgan', '--data', tiny, '--out', tmp_path/'one', '--epochs', 4, *w)[0] == 0
    assert run(capsys, 'train', '--model', 'mcgan', '--data', tiny, '--out', tmp_path/'two', '--epochs', 2, *w)[0] == 0
    assert run(capsys, 'train', '--model', 'mcgan', '--data', tiny, '--out', tmp_path/'two', '--epochs', 4, '--resume', '--quiet')[0] == 0
    for f in ('generator.safetensors', 'critic.safetensors'):
        assert (tmp_path/'one'/f).read_bytes() == (tmp_path/'two'/f).read_bytes(), f

def test_critic_head_scorer_and_filtering(tiny, tmp_path, capsys):
    assert run(capsys, 'train', '--model', 'dcgan', '--data', tiny, '--out', tmp_path/'r', '--epochs', 2, '--widths', '32,16,8,4', '--quiet')[0] == 0
    assert run(capsys, 'train-scorer', '--model', 'dcgan-head', '--critic', tmp_path/'r', '--data', tiny, '--out', tmp_path/'head', '--folds', 2, '--quiet')[0] == 0
    info = json.loads((tmp_path/'head'/'scorer.json').read_text())
    assert info['name'] == 'dcgan-head' and len(info['cv']['fold_mae']) == 2 and np.isfinite(info['cv']['mae'])
    assert run(capsys, 'generate', '--model', tmp_path/'r', '--n', 3, '--out', tmp_path/'g', '--scorer', tmp_path/'head',
               '--threshold', 0, '--quiet')[0] == 0
    s = pd.read_csv(tmp_path/'g'/'scores.csv')
    assert len(s) == 3 and (s.Predicted >= 0).all()
    line = error_line(capsys, 'generate', '--model', tmp_path/'r', '--n', 3, '--out', tmp_path/'g2', '--scorer', tmp_path/'head',
                      '--threshold', 9, '--max-draws', 50)
    assert 'only 0 of 50 drawn images scored at least 9' in line
    assert not (tmp_path/'g2').exists()
    assert 'needs --critic' in error_line(capsys, 'train-scorer', '--model', 'dcgan-head', '--data', tiny, '--out', tmp_path/'h2')

def test_bad_input(tiny, tiny_copy, tmp_path, capsys):
    assert "unknown model 'biggan'" in error_line(capsys, 'train', '--model', 'biggan', '--data', tiny, '--out', tmp_path/'x')
    assert "unknown preset 'huge'" in error_line(capsys, 'train', '--model', 'dcgan', '--preset', 'huge', '--data', tiny, '--out', tmp_path/'x')
    assert "unknown preset 'huge'" in error_line(capsys, 'train', '--model', 'patches', '--preset', 'huge', '--data', tiny, '--out', tmp_path/'x')
    # a data folder with no label-1 images
    lab = tiny_copy/'labeled.csv'
    df = pd.read_csv(lab); df['Actual'] = 0.0; df.to_csv(lab, index=False)
    for model in ('dcgan', 'patches'):
        line = error_line(capsys, 'train', '--model', model, '--data', tiny_copy, '--out', tmp_path/'x')
        assert 'labeled.csv' in line and 'no label-1' in line
    # a checkpoint from another model
    assert run(capsys, 'train', '--model', 'patches', '--data', tiny, '--out', tmp_path/'p', '--quiet')[0] == 0
    assert 'holds a patches run, not dcgan' in error_line(capsys, 'train', '--model', 'dcgan', '--data', tiny, '--out', tmp_path/'p', '--resume')
    assert 'already exists' in error_line(capsys, 'train', '--model', 'patches', '--data', tiny, '--out', tmp_path/'p')
    assert 'not a run folder' in error_line(capsys, 'generate', '--model', tiny, '--n', 2, '--out', tmp_path/'g')
    assert 'needs a dcgan critic' in error_line(capsys, 'train-scorer', '--model', 'dcgan-head', '--critic', tmp_path/'p', '--data', tiny, '--out', tmp_path/'h')
    # weights that do not fit the configuration
    assert run(capsys, 'train', '--model', 'dcgan', '--data', tiny, '--out', tmp_path/'d', '--epochs', 1, '--widths', '16,8,4,4', '--quiet')[0] == 0
    cfg = json.loads((tmp_path/'d'/'config.json').read_text()); cfg['config']['widths'] = [32, 16, 8, 4]
    (tmp_path/'d'/'config.json').write_text(json.dumps(cfg))
    assert 'do not fit this model' in error_line(capsys, 'generate', '--model', tmp_path/'d', '--n', 2, '--out', tmp_path/'g')
    assert '--n must be at least 1' in error_line(capsys, 'generate', '--model', tmp_path/'p', '--n', 0, '--out', tmp_path/'g')
