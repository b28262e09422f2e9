"""The evaluate command: real-vs-real values, a visible difference for damaged images, and bad input."""
import numpy as np
import pandas as pd
import pytest
from PIL import Image
from galaxy_nb.cli import main
from galaxy_nb.data import load_split, write_png
from galaxy_nb.synth import render_kind

@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv('GALAXY_NB_CACHE', str(tmp_path/'cache'))

@pytest.fixture
def sets(tiny, tmp_path):
    "Two real subsets (copies of label-1 images) and a folder of noisy fields, all 256 px."
    lab = load_split(tiny, 'labeled'); real = lab[lab.target == 1]
    for name, part in (('real_a', real.iloc[::2]), ('real_b', real.iloc[1::2])):
        (tmp_path/name).mkdir()
        for i, p in part.path.items(): (tmp_path/name/p.name).write_bytes(p.read_bytes())
    for i in range(10):
        rng = np.random.default_rng(i)
        from galaxy_nb.synth import corrupt_params, render_field
        _, prm = corrupt_params(rng, 'noise')
        write_png(tmp_path/'noisy'/f'{2000000 + i}.png', render_field(256, prm, rng))
    return tmp_path

def test_evaluate_real_vs_real_and_noise(tiny, sets, capsys):
    out = sets/'report'
    assert main(['evaluate', '--data', str(tiny), '--out', str(out), str(sets/'real_a'), str(sets/'noisy'), '--quiet', '--workers', '2']) == 0
    t = pd.read_csv(out/'metrics.csv', index_col=0)
    assert list(t.columns) == ['real (held-out half)', 'real_a', 'noisy']
    for row in ('frechet', 'hist_l1', 'psd_rms', 'knn1_mean'):
        assert t.loc[row, 'noisy'] > 3*t.loc[row, 'real_a'], row
    assert t.loc['oracle_mean', 'noisy'] < t.loc['oracle_mean', 'real_a']
    rep = (out/'report.md').read_text()
    assert (out/'heatmaps.png').exists() and '| real_a | noisy |' in rep and '![heatmaps](heatmaps.png)' in rep

@pytest.mark.parametrize('how,words', [('empty', ('no PNG images',)), ('mixed', ('expected 256x256',)),
                                       ('corrupt', ('corrupt or truncated PNG',))])
def test_evaluate_bad_input(tiny, sets, capsys, how, words):
    bad = sets/'bad'; bad.mkdir()
    if how != 'empty':
        for p in sorted((sets/'real_b').glob('*.png')): (bad/p.name).write_bytes(p.read_bytes())
        victim = sorted(bad.glob('*.png'))[1]
        if how == 'mixed': Image.fromarray(np.zeros((128, 128), np.uint8)).save(victim)
        else: victim.write_bytes(victim.read_bytes()[:120])
    out = sets/'report'
    assert main(['evaluate', '--data', str(tiny), '--out', str(out), str(sets/'real_a'), str(bad), '--quiet']) == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    for w in words: assert w in line, line
    assert not out.exists()
