"""The mended 2-in-1 generator: its variants are selectable, it draws any square size from a black start,
older runs load as the report's, and the same seed gives the same bytes."""
import json
import numpy as np
import pytest
import torch
from galaxy_nb.core import GalaxyError
from galaxy_nb.registry import get_entry
from galaxy_nb.two_in_one import (REPORT, MENDED, TwoInOneConfig, TwoInOneGenerator, FieldGenerator, TwoInOne,
                                  TwoInOneSampler, draw_images, hist_loss, real_level_hist, train_two_in_one)

FAST = dict(disc_steps=20, gen_steps=6)

def test_variants_are_registered():
    e = get_entry('generator', 'two-in-one')
    assert e.variants == {'2-in-1': REPORT, '2-in-1 mended': MENDED} and e.demo == {'2-in-1 mended': MENDED}
    assert TwoInOneConfig.from_preset('quick').arch == MENDED['arch'] == 'conv'

def test_report_options_give_the_report_model():
    cfg = TwoInOneConfig.from_preset('quick', **REPORT); cfg.size = 256
    m = TwoInOne(cfg)
    assert isinstance(m.generator, TwoInOneGenerator) and m.critic is None
    cfg = TwoInOneConfig.from_preset('quick'); cfg.size = 256
    m = TwoInOne(cfg)
    assert isinstance(m.generator, FieldGenerator) and m.critic is not None

def test_old_runs_load_as_the_report():
    d = TwoInOneConfig.from_preset('quick').to_dict()
    for k in ('arch', 'critic', 'hist', 'report_loss'): d.pop(k)
    cfg = TwoInOneConfig.from_dict(d)
    assert (cfg.arch, cfg.critic, cfg.hist, cfg.report_loss) == ('report', 0., 0., 1.)

@pytest.mark.parametrize('size', [64, 250, 256, 1000])
def test_any_square_size_starts_black(size):
    G = FieldGenerator(size)
    with torch.no_grad(): x = draw_images(G, 1, generator=torch.Generator().manual_seed(0))
    assert x.shape == (1, 1, size, size) and ((x + 1)*127.5).round().max() == 0

def test_bad_options():
    with pytest.raises(GalaxyError, match='choose conv or report'): TwoInOneConfig.from_preset('quick', arch='mlp')
    with pytest.raises(GalaxyError, match='one at least above 0'):
        TwoInOneConfig.from_preset('quick', critic=0, hist=0, report_loss=0)
    with pytest.raises(GalaxyError, match='none negative'): TwoInOneConfig.from_preset('quick', hist=-1)
    with pytest.raises(GalaxyError, match='under 16 pixels'): TwoInOneConfig.from_preset('quick', crop=8)

def test_hist_loss_is_zero_on_the_real_images():
    rng = np.random.default_rng(0)
    real = np.zeros((2, 64, 64), np.uint8); real[:, 10:13, 20:23] = 200; real[0, 40, 40] = 2
    h = real_level_hist(real)
    x = torch.from_numpy(real)[:, None].float()/127.5 - 1
    assert float(hist_loss(x, h)) < 1e-4 and float(hist_loss(-torch.ones_like(x), h)) > 1

@pytest.mark.parametrize('options', [MENDED, REPORT], ids=['mended', 'report'])
def test_same_seed_same_bytes(tiny, tmp_path, options):
    for name in ('a', 'b'):
        train_two_in_one(tiny, tmp_path/name, seed=5, progress=False, **FAST, **options)
    g = lambda n: (tmp_path/n/'generator.safetensors').read_bytes()
    assert g('a') == g('b')
    cfg = json.loads((tmp_path/'a'/'config.json').read_text())['config']
    assert cfg['arch'] == options['arch']
    s = TwoInOneSampler(tmp_path/'a')
    x = s.sample(3, seed=1)
    assert x.shape == (3, 256, 256) and np.array_equal(x, TwoInOneSampler(tmp_path/'b').sample(3, seed=1))
