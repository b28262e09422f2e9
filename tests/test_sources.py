"""The source-composition generator through the command line: train, generate, same bytes, any square size,
faint-sky data, bad input; and that its fields look like the real ones by the numbers (on tiny data)."""
import hashlib, json, shutil
from dataclasses import replace
from pathlib import Path
import numpy as np
import pytest
from galaxy_nb.cli import main
from cli_helpers import run, error_line
from galaxy_nb.data import label1_paths, list_images, read_png, write_png
from galaxy_nb.features import source_catalogue
from galaxy_nb.synth import IDEAL, render_field, synth


def digest(folder):
    return hashlib.sha256(b''.join(p.read_bytes() for p in sorted(Path(folder).glob('*.png')))).hexdigest()

@pytest.fixture(scope='module')
def sources_run(tiny, tmp_path_factory):
    out = tmp_path_factory.mktemp('sources')/'run'
    assert main(['train', '--model', 'sources', '--data', str(tiny), '--out', str(out), '--quiet',
                 '--set', 'steps=80', '--set', 'bs=32']) == 0
    return out

def test_generate_same_bytes_and_sources(sources_run, tiny, tmp_path, capsys):
    for name in ('a', 'b'):
        assert run(capsys, 'generate', '--model', sources_run, '--n', 6, '--seed', 4, '--out', tmp_path/name)[0] == 0
    assert digest(tmp_path/'a') == digest(tmp_path/'b')
    imgs = [read_png(p) for p in list_images(tmp_path/'a')]
    real = [read_png(p) for p in label1_paths(tiny)]
    assert imgs[0].shape == (256, 256)
    # black fields with a few sources, like the real ones: not grey, not empty
    zero = lambda s: np.median([(a == 0).mean() for a in s])
    assert abs(zero(imgs) - zero(real)) < 0.01, (zero(imgs), zero(real))
    n_gen = sum(len(source_catalogue(a)) for a in imgs)/len(imgs)
    n_real = sum(len(source_catalogue(a)) for a in real)/len(real)
    assert 0.3*n_real <= n_gen <= 3*n_real, (n_gen, n_real)

def test_bad_input(sources_run, tiny_copy, tmp_path, capsys):
    assert 'holds a sources run, not' in error_line(capsys, 'train', '--model', 'dcgan', '--data', tiny_copy,
                                                    '--out', sources_run, '--resume')
    bad = tmp_path/'bad'; shutil.copytree(sources_run, bad)
    meta = json.loads((bad/'config.json').read_text()); meta['config']['width'] = 8
    (bad/'config.json').write_text(json.dumps(meta))
    err = error_line(capsys, 'generate', '--model', bad, '--n', 2, '--out', tmp_path/'g')
    assert 'stamps.safetensors: weights do not fit' in err and not (tmp_path/'g').exists()
    patches = tmp_path/'patches'
    assert run(capsys, 'train', '--model', 'patches', '--data', tiny_copy, '--out', patches, '--quiet')[0] == 0
    from galaxy_nb.sources import SourcesSampler
    from galaxy_nb.core import GalaxyError
    with pytest.raises(GalaxyError, match='holds a patches run, not a sources model'): SourcesSampler(patches)
    for p in label1_paths(tiny_copy): write_png(p, np.zeros((256, 256), np.uint8))
    err = error_line(capsys, 'train', '--model', 'sources', '--data', tiny_copy, '--out', tmp_path/'none', '--quiet')
    assert 'labeled.csv' in err and 'hold no source' in err and not (tmp_path/'none').exists()
    assert 'sources option stamp' in error_line(capsys, 'train', '--model', 'sources', '--data', tiny_copy,
                                                '--out', tmp_path/'x', '--set', 'stamp=10')

def test_faint_sky_any_size(tmp_path, capsys):
    "Data of 200x200 whose label-1 fields all have a faint sky: the generated fields keep that sky."
    data = tmp_path/'faint'
    synth(data, 'tiny', size=200, seed=5, workers=1, progress=False)
    rng = np.random.default_rng(0)
    for p in label1_paths(data):
        write_png(p, render_field(200, replace(IDEAL, background=2., bg_noise=0.3, density=60.), rng))
    out = tmp_path/'run'
    assert run(capsys, 'train', '--model', 'sources', '--data', data, '--out', out, '--quiet',
               '--set', 'steps=40', '--set', 'bs=32')[0] == 0
    assert run(capsys, 'generate', '--model', out, '--n', 4, '--out', tmp_path/'g')[0] == 0
    imgs = [read_png(p) for p in list_images(tmp_path/'g')]
    assert imgs[0].shape == (200, 200)
    for a in imgs:
        assert np.median(a) == 2 and (a == 0).mean() < 0.2     # the faint sky, not a black one
