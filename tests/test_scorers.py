"""Scorers: train-scorer and score commands, safe loading, bad input."""
import json
import pytest
from galaxy_nb.cli import main
from galaxy_nb.data import read_scores

@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv('GALAXY_NB_CACHE', str(tmp_path/'cache'))

def err_line(capsys): return capsys.readouterr().err.strip().splitlines()[-1]

@pytest.mark.parametrize('name', ['ridge-hist10', 'rf-manual', 'xgb-histpsd'])
def test_train_and_score(tiny, tmp_path, capsys, name):
    m, out = tmp_path/'m', tmp_path/'sub.csv'
    assert main(['train-scorer', '--data', str(tiny), '--model', name, '--out', str(m), '--folds', '3', '--quiet']) == 0
    info = json.loads((m/'scorer.json').read_text())
    assert info['name'] == name and len(info['cv']['fold_mae']) == 3
    assert not list(m.glob('*.pkl')) and not list(m.glob('*.pickle'))
    assert main(['score', '--model', str(m), '--images', str(tiny/'query'), '--out', str(out), '--quiet']) == 0
    s = read_scores(out, 'Predicted')
    assert list(s.index) == list(read_scores(tiny/'query_truth.csv').index) and s.between(0, 8).all()

def test_unknown_model_and_bad_folders(tiny, tmp_path, capsys):
    assert main(['train-scorer', '--data', str(tiny), '--model', 'svm', '--out', str(tmp_path/'m')]) == 2
    assert "unknown scorer 'svm'" in err_line(capsys) and not (tmp_path/'m').exists()
    assert main(['score', '--model', str(tiny), '--images', str(tiny/'query'), '--out', str(tmp_path/'s.csv')]) == 2
    assert 'not a scorer folder' in err_line(capsys) and not (tmp_path/'s.csv').exists()

def test_score_truncated_png(tiny_copy, tmp_path, capsys):
    m = tmp_path/'m'
    assert main(['train-scorer', '--data', str(tiny_copy), '--model', 'ridge-hist10', '--out', str(m), '--folds', '2', '--quiet']) == 0
    p = sorted((tiny_copy/'query').glob('*.png'))[2]; p.write_bytes(p.read_bytes()[:150])
    assert main(['score', '--model', str(m), '--images', str(tiny_copy/'query'), '--out', str(tmp_path/'s.csv'), '--quiet']) == 2
    line = err_line(capsys)
    assert p.name in line and 'truncated' in line and not (tmp_path/'s.csv').exists()
