"""Features: agreement of the fast 38 with the plain transcription, the cache, and the `features` command."""
import numpy as np
import pandas as pd
import pytest
from galaxy_nb.cli import main
from galaxy_nb.core import child_rng
from galaxy_nb.features import manual_features, manual_features_direct, extract_features, MANUAL_NAMES, cache_dir
from galaxy_nb.synth import render_kind

@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv('GALAXY_NB_CACHE', str(tmp_path/'cache'))

@pytest.mark.parametrize('kind', ['ideal', 'field', 'corrupted', 'photo', 'texture'])
def test_fast_manual_features_equal_direct(kind):
    for i, size in enumerate((1000, 1000, 300, 97)):
        img, sub = render_kind(kind, size, child_rng(21, kind, i))
        fast, ref = manual_features(img), manual_features_direct(img)
        assert fast[MANUAL_NAMES.index('blobs')] == ref[MANUAL_NAMES.index('blobs')], (kind, sub, size)
        np.testing.assert_allclose(fast, ref, rtol=0, atol=1e-6, err_msg=f'{kind} {sub} {size}')

def test_cache_is_used_and_survives_damage(tiny):
    a = extract_features(tiny/'query', 'hist10', workers=0, progress=False)
    files = list(cache_dir().rglob('*.npy'))
    assert 0 < len(files) <= len(a)                 # identical images share an entry
    files[0].write_bytes(b'garbage')
    b = extract_features(tiny/'query', 'hist10', workers=0, progress=False)
    pd.testing.assert_frame_equal(a, b)

def test_features_command(tiny, tmp_path, capsys):
    out = tmp_path/'f.csv'
    assert main(['features', '--data', str(tiny), '--out', str(out), '--kind', 'hist10', '--quiet', '--workers', '2']) == 0
    df = pd.read_csv(out, index_col='Id')
    assert len(df) == 24 + 6 + 40 + 12 and set(df.split) == {'labeled', 'scored', 'query'}
    assert df.drop(columns='split').shape[1] == 10

def test_features_command_bad_input(tiny_copy, tmp_path, capsys):
    p = sorted((tiny_copy/'scored').glob('*.png'))[5]
    p.write_bytes(p.read_bytes()[:100])
    out = tmp_path/'f.csv'
    assert main(['features', '--data', str(tiny_copy), '--out', str(out), '--quiet', '--workers', '2']) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert p.name in err and 'truncated' in err and not out.exists()
    assert main(['features', '--data', str(tiny_copy), '--out', str(out), '--kind', 'colour']) == 2
    assert "unknown feature kind 'colour'" in capsys.readouterr().err
