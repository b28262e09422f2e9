"""The shifted renderer (`synth --renderer shifted`) and the self-tuning `best` scorer, through the command
line: same bytes for the same seed, the floor in synth.json, `best` trained within a small budget with
progress lines in a log, and the one-line errors."""
import json, os, subprocess, sys
from pathlib import Path
import pandas as pd
import pytest

BIN = Path(sys.executable).parent


def run(*args, env=None):
    return subprocess.run([str(BIN/'galaxy-nb'), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=900)


def last(err: str) -> str:
    return [l for l in err.splitlines() if l.strip()][-1]


@pytest.fixture(scope='module')
def shifted(tmp_path_factory):
    d = tmp_path_factory.mktemp('sh')
    r = run('synth', '--out', d/'a', '--preset', 'tiny', '--renderer', 'shifted', '--seed', 2, '--quiet')
    assert r.returncode == 0, r.stderr
    return d/'a'


def test_shifted_renderer(shifted, tmp_path):
    r = run('synth', '--out', tmp_path/'b', '--preset', 'tiny', '--renderer', 'shifted', '--seed', 2, '--quiet')
    assert r.returncode == 0, r.stderr
    from galaxy_nb.synth import tree_digest
    assert tree_digest(shifted) == tree_digest(tmp_path/'b')
    meta = json.loads((shifted/'synth.json').read_text())
    assert meta['renderer'] == 'shifted' and 0 < meta['query_floor_mae'] < meta['query_median_mae']
    truth = pd.read_csv(shifted/'shifted_truth.csv')
    q = truth[truth.split == 'query'].set_index('Id')
    actual = pd.read_csv(shifted/'query_truth.csv').set_index('Id').Actual
    assert abs((actual - q.hidden.clip(0, 8)).abs().mean() - meta['query_floor_mae']) < 1e-6
    # the oracle-scored simulator and the shifted one differ, image for image
    r = run('synth', '--out', tmp_path/'g', '--preset', 'tiny', '--seed', 2, '--quiet')
    assert tree_digest(tmp_path/'g') != tree_digest(shifted)
    r = run('synth', '--out', tmp_path/'x', '--preset', 'tiny', '--renderer', 'blender')
    assert r.returncode == 2 and "unknown renderer 'blender'" in last(r.stderr) and not (tmp_path/'x').exists()


def test_best_small_budget_with_log_lines(shifted, tmp_path):
    out = tmp_path/'best'
    r = run('train-scorer', '--data', shifted, '--model', 'best', '--out', out, '--budget', 0.05, '--folds', 3,
            env=dict(GALAXY_NB_LOG_EVERY='0'))
    assert r.returncode == 0, r.stderr
    # not a terminal: plain progress lines, not a bar
    assert 'best: searching' in r.stderr and 'all features: ' in r.stderr and '\r' not in r.stderr
    info = json.loads((out/'scorer.json').read_text())
    assert info['name'] == 'best' and info['budget'] == 0.05 and info['members']
    assert (out/'search.csv').is_file()
    r = run('score', '--model', out, '--images', shifted/'query', '--out', tmp_path/'q.csv', '--quiet')
    assert r.returncode == 0, r.stderr
    assert len(pd.read_csv(tmp_path/'q.csv')) == 12


@pytest.mark.parametrize('args,says', [
    (['--model', 'best', '--budget', 0], '--budget 0.0: give a positive number of minutes'),
    (['--model', 'best', '--budget', -3], '--budget -3.0: give a positive number of minutes'),
    (['--model', 'best', '--folds', 30], 'scored images are too few for 30-fold cross-validation'),
    (['--model', 'rf-hist10', '--budget', 5], "--budget does not apply to scorer 'rf-hist10'"),
])
def test_bad_input(shifted, tmp_path, args, says):
    r = run('train-scorer', '--data', shifted, '--out', tmp_path/'s', *args)
    assert r.returncode == 2 and says in last(r.stderr), r.stderr
    assert not (tmp_path/'s').exists()
