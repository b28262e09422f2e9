"""The command line: contract, reproducibility and what bad input gets."""
import json, subprocess, sys
from pathlib import Path
import numpy as np
import pytest
from PIL import Image
from galaxy_nb.cli import main
from galaxy_nb.synth import tree_digest

GALAXY_NB = str(Path(sys.executable).parent/'galaxy-nb')   # the console script installed beside this Python

def run(capsys, *args):
    "Run `galaxy-nb args` in-process; return (exit code, stderr)."
    rc = main([str(a) for a in args])
    return rc, capsys.readouterr().err

def assert_one_line_error(err, *words):
    lines = [l for l in err.splitlines() if l.strip()]
    assert lines and lines[-1].startswith('galaxy-nb: error: '), err
    for w in words: assert w in lines[-1], (w, lines[-1])

def test_console_script_help():
    r = subprocess.run([GALAXY_NB, '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and 'synth' in r.stdout and 'oracle' in r.stdout and 'demo' in r.stdout

def test_same_seed_same_bytes(tmp_path, capsys):
    for name, workers in (('a', 2), ('b', 1)):
        assert run(capsys, 'synth', '--out', tmp_path/name, '--preset', 'tiny', '--seed', 7, '--workers', workers, '--quiet')[0] == 0
    assert tree_digest(tmp_path/'a') == tree_digest(tmp_path/'b')
    assert run(capsys, 'synth', '--out', tmp_path/'c', '--preset', 'tiny', '--seed', 8, '--quiet')[0] == 0
    assert tree_digest(tmp_path/'a') != tree_digest(tmp_path/'c')

def test_synth_layout_and_size(tmp_path, capsys):
    out = tmp_path/'d'
    assert run(capsys, 'synth', '--out', out, '--preset', 'tiny', '--size', 96, '--quiet')[0] == 0
    for f in ('labeled', 'scored', 'query', 'labeled.csv', 'scored.csv', 'query_example.csv', 'query_truth.csv', 'synth.json'):
        assert (out/f).exists(), f
    a = np.asarray(Image.open(next((out/'scored').iterdir())))
    assert a.shape == (96, 96) and a.dtype == np.uint8
    assert len(next((out/'query').iterdir()).stem) == 7     # 7-digit Ids

def test_synth_refuses_existing_output_then_force(tmp_path, capsys):
    out = tmp_path/'d'; out.mkdir(); (out/'keep.txt').write_text('mine')
    rc, err = run(capsys, 'synth', '--out', out, '--preset', 'tiny', '--quiet')
    assert rc == 2; assert_one_line_error(err, str(out), 'already exists')
    assert (out/'keep.txt').read_text() == 'mine'
    assert run(capsys, 'synth', '--out', out, '--preset', 'tiny', '--quiet', '--force')[0] == 0
    assert not (out/'keep.txt').exists() and (out/'scored.csv').exists()

@pytest.mark.parametrize('args,words', [
    (('synth', '--out', 'X', '--preset', 'huge'), ("unknown preset 'huge'",)),
    (('synth', '--out', 'X', '--preset', 'tiny', '--size', 4), ('at least 16x16',)),
])
def test_synth_bad_options(tmp_path, capsys, args, words):
    args = [str(tmp_path/'x') if a == 'X' else a for a in args]
    rc, err = run(capsys, *args)
    assert rc == 2; assert_one_line_error(err, *words)
    assert not (tmp_path/'x').exists()
    assert not [p for p in tmp_path.iterdir()]          # no temporary folder left behind either

def test_unknown_command(capsys):
    with pytest.raises(SystemExit) as e: main(['paint'])
    assert e.value.code == 2 and 'invalid choice' in capsys.readouterr().err

def test_oracle_reproduces_scored_csv(tiny, tmp_path, capsys):
    out = tmp_path/'o.csv'
    assert run(capsys, 'oracle', '--images', tiny/'scored', '--out', out, '--quiet')[0] == 0
    assert out.read_bytes() == (tiny/'scored.csv').read_bytes()

def _damage(folder, how):
    p = sorted(folder.glob('*.png'))[3]
    if how == 'truncated': p.write_bytes(p.read_bytes()[:200])
    elif how == 'corrupt':
        b = bytearray(p.read_bytes()); b[60:80] = b'\x00'*20; p.write_bytes(bytes(b))
    elif how == '16-bit': Image.fromarray(np.zeros((256, 256), np.uint16)).save(p)
    elif how == 'mode RGB': Image.fromarray(np.zeros((256, 256, 3), np.uint8)).save(p)
    elif how == 'expected 256x256': Image.fromarray(np.zeros((128, 128), np.uint8)).save(p)
    elif how == 'not an integer Id': p.rename(p.with_name('galaxy.png')); p = p.with_name('galaxy.png')
    return p

@pytest.mark.parametrize('how,words', [
    ('truncated', ('corrupt or truncated PNG',)), ('corrupt', ('corrupt or truncated PNG',)),
    ('16-bit', ('16-bit',)), ('mode RGB', ('mode RGB',)), ('expected 256x256', ('expected 256x256',)),
    ('not an integer Id', ('not an integer Id',))])
def test_oracle_bad_images(tiny_copy, tmp_path, capsys, how, words):
    bad = _damage(tiny_copy/'scored', how)
    out = tmp_path/'o.csv'
    rc, err = run(capsys, 'oracle', '--images', tiny_copy/'scored', '--out', out, '--quiet')
    assert rc == 2; assert_one_line_error(err, bad.name, *words)
    assert not out.exists() and not list(tmp_path.glob('.o.csv*'))

def test_oracle_empty_or_missing_folder(tmp_path, capsys):
    (tmp_path/'empty').mkdir()
    rc, err = run(capsys, 'oracle', '--images', tmp_path/'empty', '--out', tmp_path/'o.csv')
    assert rc == 2; assert_one_line_error(err, 'empty', 'no PNG images')
    rc, err = run(capsys, 'oracle', '--images', tmp_path/'nope', '--out', tmp_path/'o.csv')
    assert rc == 2; assert_one_line_error(err, 'nope', 'no such image folder')

def test_truncated_png_subprocess(tiny_copy, tmp_path):
    "The installed console script, as a user runs it: non-zero exit, one line, no output file."
    bad = _damage(tiny_copy/'query', 'truncated')
    out = tmp_path/'q.csv'
    r = subprocess.run([GALAXY_NB, 'oracle', '--images', str(tiny_copy/'query'), '--out', str(out), '--quiet'],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.strip().count('\n') == 0 and bad.name in r.stderr and 'truncated' in r.stderr
    assert not out.exists()

def test_demo_tiny(tmp_path, capsys):
    "The whole demo on the tiny set: every section of the report, its figures, and its timings."
    out = tmp_path/'demo'
    assert run(capsys, 'demo', '--out', out, '--preset', 'tiny', '--n', '8', '--quiet')[0] == 0
    rep = (out/'report.md').read_text()
    for part in ('## 1. The data', '## 2. Scorers', '## 3. Generators', '## 4. Generated images', '## 5. Evaluation',
                 'xgb-all', 'DCGAN + SRM (mended), filtered', '2-in-1 mended, filtered', 'oracle_mean',
                 '## Headline', 'Sources, filtered'):
        assert part in rep, part
    for f in ('grid.png', 'scores.png', 'training.png', 'samples.png', 'oracle_scores.png', 'heatmaps.png',
              'headline.png'):
        assert (out/f).stat().st_size > 1000, f
    d = json.loads((out/'demo.json').read_text())
    assert d['total_seconds'] > 0 and {'train srm', 'train two-in-one', 'train sources', 'generate and filter', 'evaluate'} <= set(d['steps'])
    from galaxy_nb.data import list_images, image_size
    assert image_size(list_images(out/'generated'/'DCGAN_SRM_mended')) == 256 and len(list_images(out/'generated'/'2-in-1_mended_filtered')) == 8
    (tmp_path/'other').mkdir(); (tmp_path/'other'/'x.txt').write_text('x')
    assert run(capsys, 'demo', '--out', tmp_path/'other', '--preset', 'tiny', '--quiet')[0] == 2     # not a demo output: refused
