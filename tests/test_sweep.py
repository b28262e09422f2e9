"""Parameter sweeps over the papermill training notebooks: grid parsing, validation before any write, a real
parallel sweep of train_patches, resume, failed runs and --force."""
import json
from pathlib import Path
import pandas as pd
import pytest
from galaxy_nb.core import GalaxyError
from galaxy_nb.sweep import Grid, parse_grid, parse_value, resolve_notebook, notebook_parameters, run_name, sweep

@pytest.mark.parametrize('items,expected', [
    (['seed=0,1,2'], dict(seed=[0, 1, 2])),
    (['lr=1e-4, 2e-4', 'ls=True,false'], dict(lr=[1e-4, 2e-4], ls=[True, False])),
    (['widths=[128,64,32,16],[64,32,16,8]'], dict(widths=[[128, 64, 32, 16], [64, 32, 16, 8]])),
    (['widths=[128,64];[64,32]'], dict(widths=[[128, 64], [64, 32]])),
    (['title=a,b;c'], dict(title=['a,b', 'c'])),
    (["model=dcgan,'mcgan'", 'epochs=None,5', 'data=/a/b c'], dict(model=['dcgan', 'mcgan'], epochs=[None, 5], data=['/a/b c'])),
    ('seed=3', dict(seed=[3])),
    (None, {}),
])
def test_parse_grid(items, expected):
    g = parse_grid(items)
    assert isinstance(g, Grid) and g == expected
    assert [type(v) for vs in g.values() for v in vs] == [type(v) for vs in expected.values() for v in vs]

@pytest.mark.parametrize('items,msg', [
    (['seed'], "no '='"), (['seed='], 'empty value for seed'), (['seed=0,,1'], 'empty value for seed'),
    (['seed=0,'], 'empty value for seed'), (['=1'], 'is not a parameter name'), (['my-key=1'], 'is not a parameter name'),
    (['seed=0', 'seed=1'], 'seed is given twice'), (['seed=0,1,0'], 'value 0 of seed is given twice'),
])
def test_parse_grid_errors(items, msg):
    with pytest.raises(GalaxyError, match=msg): parse_grid(items)

def test_parse_value():
    assert [parse_value(s) for s in ['2', '1e-4', 'NULL', '(1, 2)', 'x y']] == [2, 1e-4, None, (1, 2), 'x y']

def test_resolve_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                                    # found below the repository, from anywhere
    nb = resolve_notebook('gan')                                   # one notebook serves dcgan, mcgan and fullres
    assert nb.name == 'train_gan.ipynb' and nb.is_absolute()
    assert resolve_notebook('train_gan') == resolve_notebook('train_gan.ipynb') == resolve_notebook(str(nb)) == nb
    with pytest.raises(GalaxyError, match=r'stylegan: no such notebook.*available: .*gan.*patches'): resolve_notebook('stylegan')
    (tmp_path/'x.txt').write_text('hi')
    with pytest.raises(GalaxyError, match='not a notebook'): resolve_notebook('x.txt')
    with pytest.raises(GalaxyError, match='is a folder'): resolve_notebook(tmp_path)

def test_notebook_parameters():
    p = notebook_parameters(resolve_notebook('gan'))
    assert {'data', 'out', 'seed', 'epochs', 'n_samples'} <= set(p)
    assert (p['ls'], p['bd'], p['rot'], p['epochs']) == (True, True, False, 2)   # the tuple line papermill skips
    q = notebook_parameters(resolve_notebook('patches'))
    assert 'cell' in q and 'epochs' not in q and q['cell'] is None

def test_run_name():
    assert run_name(3, dict(epochs=5, ls=True, widths=[8, 4])) == '003_epochs=5_ls=True_widths=8-4'
    assert run_name(0, dict(data='a b/c')) == '000_data=a-b-c'
    assert len(run_name(1, dict(w=list(range(50))))) == 60

def test_validation_writes_nothing(tmp_path):
    out = tmp_path/'sw'
    with pytest.raises(GalaxyError, match=r"train_patches.ipynb: no parameter 'epochs' \(in the grid\); valid: .*cell"):
        sweep(resolve_notebook('patches'), parse_grid(['epochs=1,2']), out)
    checks = [
        (dict(grid=dict(seed=[0]), base=parse_grid(['lr=1'])), "no parameter 'lr' .in the base"),
        (dict(grid=dict(out=['a', 'b'])), "'out' is set by the sweep"),
        (dict(grid=dict(seed=[0]), base=dict(out='x')), "'out' is set by the sweep"),
        (dict(grid=parse_grid(None)), 'empty grid'),
        (dict(grid=dict(seed=[])), "'seed' has no values"),
        (dict(grid=dict(seed=[0]), base=parse_grid(['cell=8,16'])), '--set cell: takes one value'),
        (dict(grid=dict(seed=[0]), base=dict(seed=1)), 'both in the grid'),
        (dict(grid=dict(seed=[0]), kernel='cobol'), "no Jupyter kernel named 'cobol'"),
        (dict(grid=dict(seed=[0]), resume=True, force=True), '--resume or --force, not both'),
    ]
    for kw, msg in checks:
        with pytest.raises(GalaxyError, match=msg): sweep('patches', out=out, **kw)
    assert not out.exists()
    out.mkdir(); (out/'notes.txt').write_text('mine')
    with pytest.raises(GalaxyError, match='already exists and is not empty'): sweep('patches', dict(seed=[0]), out)
    with pytest.raises(GalaxyError, match='not a sweep folder'): sweep('patches', dict(seed=[0]), out, resume=True)
    assert [p.name for p in out.iterdir()] == ['notes.txt']

def test_sweep_parallel_resume_failed_force(tiny, tmp_path, monkeypatch):
    monkeypatch.chdir(tiny.parent)                     # kernels start here: `data=tiny` is relative, as on a command line
    out = tmp_path/'sw'
    # called as the command line calls it: --notebook patches --grid cell=16,32 --set data=tiny --set n_samples=8 --workers 2
    t = sweep(resolve_notebook('patches'), parse_grid(['cell=16,32']), str(out), base=parse_grid(['data=tiny', 'n_samples=8']),
              workers=2, resume=False, force=False, progress=False)
    assert t.attrs['failed'] == 0 and list(t.status) == ['ok', 'ok']
    csv = pd.read_csv(out/'sweep.csv')
    assert len(csv) == 2 and list(csv.columns[:4]) == ['run', 'cell', 'status', 'error']
    assert list(csv.cell) == [16, 32] and list(csv.run) == ['000_cell=16', '001_cell=32']
    for r in csv.itertuples():
        m = json.loads((out/'runs'/r.run/'metrics.json').read_text())
        assert r.knn1 == pytest.approx(m['knn1']) and r.n_samples == m['n_samples'] == 8 and r.run_seconds > 0
        assert (out/'runs'/f'{r.run}.ipynb').is_file()
    assert (out/'sweep.png').stat().st_size > 1000
    info = json.loads((out/'sweep.json').read_text())
    assert info['grid'] == dict(cell=[16, 32]) and info['base'] == dict(data='tiny', n_samples=8) and info['state'] == 'done'
    assert info['workers'] == 2 and not list(out.glob('.*'))             # no temporary files left behind

    # resume: 000 is kept, 001 (its metrics lost) runs again, and a new value that fails is recorded, not raised
    done = out/'runs'/'000_cell=16'/'metrics.json'; mtime = done.stat().st_mtime_ns
    (out/'runs'/'001_cell=32'/'metrics.json').unlink()
    t = sweep('patches', parse_grid(['cell=16,32,huge']), out, base=dict(data='tiny', n_samples=8), resume=True, progress=False)
    assert list(t.status) == ['skipped', 'ok', 'failed'] and t.attrs['failed'] == 1
    assert done.stat().st_mtime_ns == mtime and (out/'runs'/'001_cell=32'/'metrics.json').is_file()
    assert "cell: 'huge' is not int" in t.error[2] and '\n' not in t.error[2] and pd.isna(t.knn1[2])
    assert len(pd.read_csv(out/'sweep.csv')) == 3 and (out/'runs'/'002_cell=huge.ipynb').is_file()
    assert json.loads((out/'sweep.json').read_text())['failed'] == 1

    with pytest.raises(GalaxyError, match='already exists'): sweep('patches', dict(cell=[16]), out)
    # --force starts again: the earlier sweep goes, other files in out stay
    (out/'notes.txt').write_text('mine')
    t = sweep('patches', dict(cell=[16]), out, base=dict(data='tiny', n_samples=4), force=True, progress=False)
    assert list(t.status) == ['ok'] and t.n_samples[0] == 4
    assert sorted(p.name for p in (out/'runs').iterdir()) == ['000_cell=16', '000_cell=16.ipynb']
    assert (out/'notes.txt').read_text() == 'mine'

def test_sweep_command_line(tiny, tmp_path, capsys):
    "`galaxy-nb sweep`: a bad grid ends in one line and writes nothing; a good one writes the table and the plot."
    from galaxy_nb.cli import main
    out = tmp_path/'sw'
    rc = main(['sweep', '--notebook', 'patches', '--out', str(out), '--grid', 'depth=1,2', '--quiet'])
    err = [l for l in capsys.readouterr().err.splitlines() if l.strip()]
    assert rc == 2 and err[-1].startswith('galaxy-nb: error: ') and 'depth' in err[-1] and not out.exists()
    rc = main(['sweep', '--notebook', 'patches', '--out', str(out), '--grid', 'seed=0', '--set', f'data={tiny}',
               '--set', 'n_samples=4', '--quiet'])
    assert rc == 0, capsys.readouterr().err
    t = pd.read_csv(out/'sweep.csv')
    assert len(t) == 1 and t.status[0] == 'ok' and (out/'sweep.png').is_file()
