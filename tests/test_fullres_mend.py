"""The mended full-resolution GAN: the quick preset trains on crops of any square size, draws whole fields
that are black but for sources, the same bytes for the same seed; the dense generator stays selectable."""
import numpy as np
import pytest
import torch
from galaxy_nb.gan import FULLRES_DENSE, GANSampler, gan_config, train_gan
from galaxy_nb.registry import get_entry
from galaxy_nb.features import source_catalogue

@pytest.fixture(scope='module')
def quick_run(tiny, tmp_path_factory):
    out = tmp_path_factory.mktemp('fr')/'run'
    train_gan(tiny, out, 'fullres', 'quick', epochs=4, progress=False, workers=0)
    return out

def test_quick_draws_black_fields_with_sources(quick_run):
    s = GANSampler(quick_run)
    assert s.size == 256
    imgs = s.sample(4, seed=2)
    assert imgs.shape == (4, 256, 256) and imgs.dtype == np.uint8
    assert np.mean(imgs == 0) > 0.95                          # black, as real fields are
    assert imgs.max() > 10 and sum(len(source_catalogue(a)) for a in imgs) >= 1
    assert np.array_equal(imgs, s.sample(4, seed=2))            # same seed, same bytes
    assert not np.array_equal(imgs, s.sample(4, seed=3))

def test_any_square_size():
    cfg = gan_config('fullres')
    for size in (96, 250, 1000):
        cfg.size = size
        G, C = cfg.networks()
        x = G(cfg.draw_noise(1, torch.Generator().manual_seed(0)))
        assert x.shape == (1, 1, size, size) and C(x).shape == (1, 1)
        assert cfg.crop_size() == min(128, size)//cfg.f*cfg.f

def test_variants_and_presets():
    variants = get_entry('generator', 'fullres').variants
    assert 'FullRes WGAN-GP' in variants and variants['FullRes WGAN-GP (dense)'] == FULLRES_DENSE
    dense = gan_config('fullres', **FULLRES_DENSE)
    assert [type(m).__name__ for m in dense.networks()] == ['FullResGenerator', 'FullResCritic']
    paper = gan_config('fullres', 'paper')
    assert (paper.bs, paper.lr, paper.beta1, paper.beta2, paper.gp, paper.n_crit, paper.crop,
            paper.scored_min) == (8, 1e-4, 0.5, 0.9, 10., 5, 0, 1.)
    paper.size = 1000
    n = sum(p.numel() for m in paper.networks() for p in m.parameters())
    assert 2e6 < n < 3e6
