"""The papermill training notebooks: a changed parameter takes effect, and the `parameters` tag survives nbdev-clean."""
import json, shutil, subprocess, sys
from pathlib import Path
import pytest

NBS = Path(__file__).parents[1]/'nbs'/'train'
NAMES = ['gan', 'patches', 'sources']          # one training notebook per model family
RUNS = [('gan', dict(model='dcgan')), ('gan', dict(model='mcgan', rot=True)),
        ('gan', dict(model='fullres', ls=False, bd=False, widths=[32, 4])), ('patches', {}),
        ('sources', dict(steps=30))]

@pytest.mark.parametrize('name,extra', RUNS, ids=[e.get('model', n) for n, e in RUNS])
def test_papermill_with_changed_parameters(tiny, tmp_path, name, extra):
    import papermill as pm
    out = tmp_path/'run'
    params = dict(data=str(tiny), out=str(out), seed=11, n_samples=8, **extra)
    if name == 'gan': params['epochs'] = 2
    pm.execute_notebook(str(NBS/f'train_{name}.ipynb'), str(tmp_path/'out.ipynb'), parameters=params,
                        kernel_name='python3', progress_bar=False, cwd=str(tmp_path))
    m = json.loads((out/'metrics.json').read_text())
    assert m['n_samples'] == 8 and 1 <= m['distinct_images'] <= 8     # two epochs: GAN samples may still be alike
    if name == 'patches': assert m['distinct_images'] == 8
    cfg = json.loads((out/'config.json').read_text())['config']
    assert cfg['seed'] == 11
    if name == 'gan': assert cfg['epochs'] == 2 and m['epochs'] == 2
    if name == 'sources': assert cfg['steps'] == 30 and m['n_sources'] > 0
    nb = json.loads((tmp_path/'out.ipynb').read_text())
    assert any('injected-parameters' in c['metadata'].get('tags', []) for c in nb['cells'])

def test_parameters_tag_survives_nbdev_clean(tmp_path):
    for name in NAMES:
        f = tmp_path/f'train_{name}.ipynb'; shutil.copy(NBS/f.name, f)
        subprocess.run([str(Path(sys.executable).parent/'nbdev-clean'), '--fname', str(f)], check=True, cwd=Path(__file__).parents[1])
        nb = json.loads(f.read_text())
        tagged = [c for c in nb['cells'] if 'parameters' in c['metadata'].get('tags', [])]
        assert len(tagged) == 1 and 'seed' in ''.join(tagged[0]['source']), name

def test_papermill_srm(tiny, tmp_path):
    import papermill as pm
    out = tmp_path/'run'
    pm.execute_notebook(str(NBS/'train_srm.ipynb'), str(tmp_path/'out.ipynb'), parameters=dict(data=str(tiny), out=str(out), seed=7, epochs=4, crop=128),
                        kernel_name='python3', progress_bar=False, cwd=str(tmp_path))
    cfg = json.loads((out/'config.json').read_text())
    assert cfg['kind'] == 'srm' and cfg['config']['seed'] == 7 and cfg['config']['epochs'] == 4 and cfg['config']['crop'] == 128
    m = json.loads((out/'metrics.json').read_text())
    assert m['stacks'] == 2 and m['epochs'] == 4

def test_srm_parameters_tag_survives_nbdev_clean(tmp_path):
    f = tmp_path/'train_srm.ipynb'; shutil.copy(NBS/f.name, f)
    subprocess.run([str(Path(sys.executable).parent/'nbdev-clean'), '--fname', str(f)], check=True, cwd=Path(__file__).parents[1])
    tagged = [c for c in json.loads(f.read_text())['cells'] if 'parameters' in c['metadata'].get('tags', [])]
    assert len(tagged) == 1 and 'crops_per_image' in ''.join(tagged[0]['source'])

def test_papermill_two_in_one(tiny, tmp_path):
    import papermill as pm
    out = tmp_path/'run'
    pm.execute_notebook(str(NBS/'train_two_in_one.ipynb'), str(tmp_path/'out.ipynb'),
                        parameters=dict(data=str(tiny), out=str(out), seed=11, disc_steps=40, gen_steps=10, n_samples=8),
                        kernel_name='python3', progress_bar=False, cwd=str(tmp_path))
    cfg = json.loads((out/'config.json').read_text())
    assert cfg['kind'] == 'two-in-one' and cfg['config']['seed'] == 11 and (cfg['config']['disc_steps'], cfg['config']['gen_steps']) == (40, 10)
    m = json.loads((out/'metrics.json').read_text())
    n_gen = round(10*cfg['config']['gen_mult'])                    # the mended default doubles them
    assert m['n_samples'] == 8 and m['steps'] == 40 + 2*n_gen and m['gen_steps'] == n_gen
