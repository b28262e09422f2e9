"""The evaluate command's catalogue, morphology, memorisation and two-sample rows, and its verdict."""
import shutil
import numpy as np
import pandas as pd
import pytest
from galaxy_nb.cli import main
from galaxy_nb.data import write_png
from galaxy_nb.metrics import VERDICT_THRESHOLDS, real_halves

@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv('GALAXY_NB_CACHE', str(tmp_path/'cache'))

def test_evaluate_verdict(tiny, tmp_path):
    "Copies of the held-out half pass; copies of the reference half are memorised; black images fail."
    ref, hold = real_halves(tiny)
    for name, ps in (('perfect', hold), ('copied', ref)):
        (tmp_path/name).mkdir()
        for p in ps: shutil.copy(p, tmp_path/name/p.name)
    for i in range(8): write_png(tmp_path/'black'/f'{i + 1}.png', np.zeros((256, 256), np.uint8))
    out = tmp_path/'report'
    sets = [str(tmp_path/k) for k in ('perfect', 'copied', 'black')]
    assert main(['evaluate', '--data', str(tiny), '--out', str(out), *sets, '--quiet']) == 0
    t = pd.read_csv(out/'metrics.csv', index_col=0)
    for row, _, _ in VERDICT_THRESHOLDS.values(): assert row in t.index, row
    for row in ('src_flux_ks', 'src_nn_w1', 'morph_ks', 'stamp_nn_ratio', 'oracle_mean', 'knn1_mean'):
        assert row in t.index, row
    pd.testing.assert_series_equal(t['perfect'], t['real (held-out half)'],
                                   check_names=False)           # the same images, the same numbers
    assert t.loc['memo_copies', 'copied'] == len(ref) and t.loc['stamp_copies', 'copied'] > 0
    assert t.loc['zero_share_median', 'black'] == 1 and np.isnan(t.loc['area_median', 'black'])
    rep = (out/'report.md').read_text()
    assert '- **perfect**: passes' in rep and '![catalogues](catalogues.png)' in rep
    assert '- **copied**: fails:' in rep and 'memorised images' in rep
    line = next(l for l in rep.splitlines() if l.startswith('- **black**'))
    assert 'zero share 1.0000 vs' in line and 'area n/a' in line
    assert (out/'catalogues.png').is_file()
