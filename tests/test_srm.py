"""The SRM: trains with its quick preset, puts a 64x64 generator at 1000x1000, reproduces, and refuses what it should."""
import json
import numpy as np
import pytest
from galaxy_nb.cli import main
from galaxy_nb.data import list_images, read_png
from galaxy_nb.synth import synth
from test_gan import run, error_line, check_pngs

@pytest.fixture(scope='module')
def tiny1000(tmp_path_factory):
    "The tiny preset at 1000x1000: four SRM stacks, as on the task's data."
    out = tmp_path_factory.mktemp('data')/'tiny1000'
    synth(out, 'tiny', size=1000, seed=5, workers=2, progress=False)
    return out

@pytest.fixture(scope='module')
def runs1000(tiny1000, tmp_path_factory):
    d = tmp_path_factory.mktemp('runs')
    assert main(['train', '--model', 'srm', '--data', str(tiny1000), '--out', str(d/'srm'), '--epochs', '8',
                 '--set', 'crop=128', '--set', 'crops_per_image=8', '--quiet']) == 0
    assert main(['train', '--model', 'dcgan', '--data', str(tiny1000), '--out', str(d/'dcgan'), '--epochs', '10',
                 '--widths', '32,16,8,4', '--quiet']) == 0
    assert main(['train', '--model', 'patches', '--data', str(tiny1000), '--out', str(d/'patches'), '--quiet']) == 0
    return d

def test_srm_quick_on_tiny(tiny, tmp_path, capsys):
    out = tmp_path/'srm'
    assert run(capsys, 'train', '--model', 'srm', '--data', tiny, '--out', out, '--preset', 'quick', '--epochs', '2', '--quiet')[0] == 0
    cfg = json.loads((out/'config.json').read_text())
    assert cfg['kind'] == 'srm' and cfg['config']['size'] == 256
    h = (out/'history.csv').read_text().splitlines()
    assert h[0] == 'epoch,stacks,loss,seconds' and [l.split(',')[1] for l in h[1:]] == ['1', '2']   # the incremental schedule
    m = json.loads((out/'metrics.json').read_text())
    assert m['stacks'] == 2 and np.isfinite(m['valid_mse']) and m['valid_mse_nearest'] > 0

def test_generate_with_srm_writes_1000(tiny1000, runs1000, tmp_path, capsys):
    d = runs1000
    assert json.loads((d/'srm'/'metrics.json').read_text())['stacks'] == 4
    assert run(capsys, 'generate', '--model', d/'dcgan', '--srm', d/'srm', '--n', '3', '--out', tmp_path/'g', '--quiet')[0] == 0
    paths = list_images(tmp_path/'g')
    assert len(paths) == 3 and all(read_png(p).shape == (1000, 1000) for p in paths)   # strict reader: 8-bit grayscale
    info = json.loads((tmp_path/'g'/'generated.json').read_text())
    assert info['srm'] == str(d/'srm') and info['size'] == 1000
    # seconds of DCGAN training give near-black 64x64 images, which the SRM rightly leaves black; on real
    # 64x64 views it must draw sources, different for different inputs
    from galaxy_nb.srm import SRMUpsampler
    from galaxy_nb.data import load_images, label1_paths, pad_pool
    real = load_images(label1_paths(tiny1000).iloc[:3], None)
    up = SRMUpsampler(d/'srm').upsample(pad_pool(real, 64))
    assert up.shape == (3, 1000, 1000) and len({a.tobytes() for a in up}) == 3 and all(a.std() > 0 for a in up)

def test_evaluate_several_folders(tiny1000, runs1000, tmp_path, capsys):
    d = runs1000
    for name, extra in (('srm_g', ['--model', d/'dcgan', '--srm', d/'srm']), ('patch_g', ['--model', d/'patches'])):
        assert run(capsys, 'generate', *extra, '--n', '4', '--out', tmp_path/name, '--quiet')[0] == 0
    assert run(capsys, 'evaluate', '--data', tiny1000, '--out', tmp_path/'rep', tmp_path/'srm_g', tmp_path/'patch_g', '--quiet')[0] == 0
    import pandas as pd
    t = pd.read_csv(tmp_path/'rep'/'metrics.csv', index_col=0)
    assert list(t.columns) == ['real (held-out half)', 'srm_g', 'patch_g']
    assert np.isfinite(t.loc['oracle_mean']).all()                    # both at the data's size: the oracle scores them

def test_same_seed_same_srm(tiny, tmp_path):
    for k in 'ab':
        assert main(['train', '--model', 'srm', '--data', str(tiny), '--out', str(tmp_path/k), '--epochs', '2', '--seed', '4', '--quiet']) == 0
    assert (tmp_path/'a'/'srm.safetensors').read_bytes() == (tmp_path/'b'/'srm.safetensors').read_bytes()

def test_srm_bad_input(tiny, runs1000, tmp_path, capsys):
    d = runs1000
    assert 'an SRM run upsamples, it does not generate' in error_line(capsys, 'generate', '--model', d/'srm', '--n', '2', '--out', tmp_path/'x')
    assert 'this generator writes 1000x1000' in error_line(capsys, 'generate', '--model', d/'patches', '--srm', d/'srm', '--n', '2', '--out', tmp_path/'x')
    assert 'not an SRM' in error_line(capsys, 'generate', '--model', d/'dcgan', '--srm', d/'patches', '--n', '2', '--out', tmp_path/'x')
    assert 'at least one epoch per stack' in error_line(capsys, 'train', '--model', 'srm', '--data', tiny, '--out', tmp_path/'x', '--epochs', '1')
    assert "unknown SRM option 'depth'" in error_line(capsys, 'train', '--model', 'srm', '--data', tiny, '--out', tmp_path/'x', '--set', 'depth=3')
    assert 'multiple of 4' in error_line(capsys, 'train', '--model', 'srm', '--data', tiny, '--out', tmp_path/'x', '--set', 'crop=130')
    assert "unknown preset 'huge'" in error_line(capsys, 'train', '--model', 'srm', '--data', tiny, '--out', tmp_path/'x', '--preset', 'huge')
    assert not (tmp_path/'x').exists()                                 # nothing half-written
