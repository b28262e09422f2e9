"""Features: agreement of the fast 38 with the plain transcription, the cache, and the `features` command."""
import numpy as np
import pandas as pd
import pytest
from galaxy_nb.cli import main
from galaxy_nb.core import child_rng
from galaxy_nb.features import (manual_features, manual_features_direct, extract_features, feature_names,
                                 image_features, MANUAL_NAMES, cache_dir)
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

def test_every_kind_has_its_names():
    img, _ = render_kind('field', 128, child_rng(0, 'x'))
    for k in ('manual', 'hist10', 'histpsd', 'catalogue', 'all'):
        assert image_features(img, k).shape == (len(feature_names(k)),)
        assert np.isfinite(image_features(img, k)).all()

def test_blank_and_saturated_images():
    for v in (0, 255):
        f = manual_features(np.full((64, 64), v, np.uint8))
        np.testing.assert_allclose(f, manual_features_direct(np.full((64, 64), v, np.uint8)), atol=1e-9)

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

def test_float32_screen_and_compiled_shape_index_match_scipy_and_skimage():
    from galaxy_nb.features import _log_cube32, _log_cube, _log_cube_scipy, _si_counts, _shape_hist, _SCREEN_EPS, _blob_count
    import skimage.feature as skf
    from galaxy_nb.features import BLOB_KW
    for kind in ('photo', 'texture', 'corrupted'):
        img, sub = render_kind(kind, 300, child_rng(33, kind))
        assert np.abs(_log_cube32(img) - _log_cube(img/255.)).max() < _SCREEN_EPS/10, sub
        assert np.array_equal(_log_cube(img[:97, :130]/255.), _log_cube_scipy(img[:97, :130]/255.)), sub   # compiled = scipy
        c, t = _si_counts(img/255.)
        assert list(_shape_hist(img, None)) == list(c/t), sub                  # the dense path, count for count
        assert _blob_count(img, None) == len(skf.blob_log(img/255., **BLOB_KW)), sub   # the screened path
    stripes = np.zeros((200, 200), np.uint8); stripes[:, ::7] = 200           # exact ties everywhere: all in doubt
    assert _blob_count(stripes, None) == len(skf.blob_log(stripes/255., **BLOB_KW))
    rows = np.ascontiguousarray(stripes.T)                                     # doubt on some rows: only those computed
    assert _blob_count(rows, None) == len(skf.blob_log(rows/255., **BLOB_KW))

def test_compiled_shape_index_counts_on_edges_and_tiles():
    "Sparse and dense paths, frames that are not a multiple of the tile, sources on the border, lone pixels."
    from galaxy_nb.features import _si_counts, _shape_hist
    from galaxy_nb.kernels import nonzero_yx
    rng = np.random.default_rng(4)
    for S in (16, 17, 130, 257):
        for p in (0.002, 0.03, 1.0):
            u = ((rng.random((S, S)) < p)*rng.integers(1, 256, (S, S))).astype(np.uint8)
            u[0, S//2] = u[S - 1, 3] = 7                                  # on the frame's edge
            c, t = _si_counts(u/255.)
            assert list(_shape_hist(u, None)) == list(c/t), (S, p)
            assert list(_shape_hist(u, nonzero_yx(u, np.count_nonzero(u)))) == list(c/t), (S, p)

def test_shape_index_of_groups_and_lone_pixels_in_sparse_frames():
    "The sparse path: lone pixels by stamps, small groups in a mosaic, groups near the edge in their own boxes."
    from galaxy_nb.features import _si_counts, _shape_hist
    from galaxy_nb.kernels import nonzero_yx
    rng = np.random.default_rng(5)
    for S in (40, 257, 600):
        for trial in range(3):
            u = ((rng.random((S, S)) < 0.0015)*rng.integers(1, 256, (S, S))).astype(np.uint8)
            for y, x in rng.integers(0, S - 3, (S//40, 2)).tolist() + [(0, 5), (S - 3, S//2), (7, S - 3), (9, 9)]:
                u[y:y + 3, x:x + 2] = rng.integers(1, 256, (3, 2))           # small sources, some on the border
            u[8, S//3] = u[S - 9, S//3] = 255; u[S//2, 1] = 3                # lone pixels just inside and on the edge
            c, t = _si_counts(u/255.)
            assert list(_shape_hist(u, nonzero_yx(u, np.count_nonzero(u)))) == list(c/t), (S, trial)

def test_slot_order_gives_skimage_prune_count():
    """Many overlapping pairs (ties along stripes): pruning in the order of the pairs' home slots in the set's
    table must leave as many blobs as scikit-image's pruning in the real set's order."""
    import galaxy_nb.features as F
    import skimage.feature as skf
    from galaxy_nb.features import BLOB_KW, _blob_count
    stripes = np.zeros((400, 400), np.uint8); stripes[:, ::5] = 180; stripes[::9, :] = 90
    ref = len(skf.blob_log(stripes/255., **BLOB_KW))
    old = F._SET_MIN
    try:
        for m in (0, 10**9):                                # slots for every set, and real sets for every set
            F._SET_MIN = m
            assert _blob_count(stripes, None) == ref, m
    finally: F._SET_MIN = old
