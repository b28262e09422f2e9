"""The mended SRM (patch critics, noise, exact max-pool consistency, level map, source profile) next to the report's own, still selectable."""
import json
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from galaxy_nb.cli import main
from galaxy_nb.data import load_images, label1_paths, pad_pool
from galaxy_nb.srm import SRMUpsampler, REPORT_SRM, srm_config, build_srm, match_input_levels

@pytest.fixture(scope='module')
def runs(tiny, tmp_path_factory):
    d = tmp_path_factory.mktemp('srm_mend')
    report = [a for k, v in REPORT_SRM.items() for a in ('--set', f'{k}={v}')]
    for name, sets in (('mended', []), ('report', report)):
        assert main(['train', '--model', 'srm', '--data', str(tiny), '--out', str(d/name), '--epochs', '2',
                     '--set', 'crop=128', *sets, '--quiet']) == 0
    return d

def test_config_records_both_versions(runs):
    m = json.loads((runs/'mended'/'config.json').read_text())['config']
    r = json.loads((runs/'report'/'config.json').read_text())['config']
    assert (m['adversarial'] > 0, m['noise'] > 0, m['pool_consistency']) == (True, True, 'exact')
    assert {k: r[k] for k in REPORT_SRM} == REPORT_SRM

def test_mended_output_max_pools_to_its_input(tiny, runs):
    x64 = pad_pool(load_images(label1_paths(tiny).iloc[:4], None), 64)
    up = SRMUpsampler(runs/'mended', match=False)     # the SRM alone: level matching is for a generator's
    a = up.upsample(x64)
    assert a.shape == (4, 256, 256) and (pad_pool(a, 64) == x64).all()          # exact, every block
    assert (SRMUpsampler(runs/'mended', match=False).upsample(x64) == a).all()  # same input, same bytes
    assert (up.upsample(x64[::-1])[::-1] == a).all()                            # noise follows the image, not the batch
    r = SRMUpsampler(runs/'report').upsample(x64)
    assert r.shape == a.shape and not (pad_pool(r, 64) == x64).all()           # the report's is not consistent

def test_calibration_is_stored_with_the_mended_run(tiny, runs):
    cal = json.loads((runs/'mended'/'calibration.json').read_text())
    assert cal['sigma'] >= 0 and len(cal['levels']) == 512 and not (runs/'report'/'calibration.json').exists()
    r = json.loads((runs/'report'/'config.json').read_text())['config']
    assert (r['profile'], r['levels'], r['faint'], r['draw_faint']) == ('off', 'off', 0, 0)
    x64 = pad_pool(load_images(label1_paths(tiny).iloc[:4], None), 64)
    fog = (x64//2 + 12).astype(np.uint8)                         # a generator with a faint floor
    up = SRMUpsampler(runs/'mended')
    a = up.upsample(fog)
    assert (pad_pool(a, 64) == match_input_levels(fog, cal['levels'])).all()   # exact, after the level map
    assert (a > 10).mean() < (SRMUpsampler(runs/'mended', match=False).upsample(fog) > 10).mean()

def test_old_runs_load_as_the_report(runs, tmp_path):
    import shutil
    old = tmp_path/'old'; shutil.copytree(runs/'report', old)
    meta = json.loads((old/'config.json').read_text())
    for k in ('mse', 'adversarial', 'noise', 'pool_consistency', 'crit_ch', 'focus', 'stretch'): meta['config'].pop(k)
    (old/'config.json').write_text(json.dumps(meta))
    x64 = np.zeros((1, 64, 64), np.uint8); x64[0, 10, 10] = 200
    assert (SRMUpsampler(old).upsample(x64) == SRMUpsampler(runs/'report').upsample(x64)).all()

def test_variants_keep_the_report():
    from galaxy_nb.pipeline import report_variants
    v = report_variants('upsampler')
    assert v['DCGAN + SRM'] == ('srm', dict(on='DCGAN', **REPORT_SRM))
    assert v['DCGAN + SRM (mended)'] == ('srm', dict(on='DCGAN'))

def test_bad_pool_consistency(tiny, tmp_path, capsys):
    assert main(['train', '--model', 'srm', '--data', str(tiny), '--out', str(tmp_path/'x'), '--set', 'pool_consistency=soft']) == 2
    assert "is not 'exact' or 'off'" in capsys.readouterr().err and not (tmp_path/'x').exists()

def test_any_side_is_consistent():
    cfg = srm_config(); cfg.size = 1000
    m = build_srm(cfg).eval()
    x = torch.rand(1, 1, 64, 64)
    with torch.no_grad(): assert torch.equal(F.max_pool2d(m(x)[-1], 16), x)
