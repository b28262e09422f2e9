"""The `small` preset against the published facts of the real data (issue: the simulator and the oracle)."""
import numpy as np
import pytest
from galaxy_nb.data import load_split, load_images
from galaxy_nb.synth import synth, field_facts, score_facts
from galaxy_nb.cli import main

@pytest.fixture(scope='module')
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp('small')/'data'
    synth(out, 'small', seed=0, workers=2, progress=False)
    return out

def test_label1_images_match_real_facts(small):
    lab = load_split(small, 'labeled')
    f = field_facts(load_images(lab.path[lab.target == 1], None, workers=2))
    assert f['median_zero_share'] >= 0.99, f
    assert f['share_background_0'] >= 0.70, f
    assert 8 <= f['median_sources'] <= 25, f
    assert 5 <= f['median_source_area'] <= 100, f
    assert f['share_with_saturated'] >= 0.30, f

def test_scored_distribution_matches_real(small):
    s = load_split(small, 'scored').target.values
    f = score_facts(s)
    assert abs(f['mean'] - 1.65) <= 0.3, f
    assert abs(f['sd'] - 1.09) <= 0.3, f
    assert abs(f['median'] - 1.5) <= 0.35, f
    assert f['P10'] < 0.05, f
    assert 2.6 <= f['P90'] <= 3.8, f
    assert s.min() >= 0 and s.max() <= 8

def test_query_truth_has_the_same_distribution(small):
    from galaxy_nb.data import read_scores, find_layout
    t = read_scores(find_layout(small).truth)
    assert len(t) == 60 and 1.0 < t.mean() < 2.3

def test_oracle_command_reproduces_scored_csv(small, tmp_path):
    out = tmp_path/'oracle.csv'
    assert main(['oracle', '--images', str(small/'scored'), '--out', str(out), '--quiet', '--workers', '2']) == 0
    assert out.read_bytes() == (small/'scored.csv').read_bytes()
