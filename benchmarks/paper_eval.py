"""Measure the images that the `paper`-size runs drew on a GPU (`benchmarks/gpu_paper.sh`), on this CPU, with the
same measures and scorers as `nbs/12_results`, and put them beside that notebook's `quick` run.

    python benchmarks/paper_eval.py --gpu RES [RES ...] --data nbs/runs/small_data \
        --quick nbs/runs/results_small --out benchmarks/results/paper_h100

RES: folders written by `gpu_paper.sh` (each with `generated/<set>/` and `runs/<run>/`).
--quick: the run folder of `nbs/12_results` (`quick` presets, same data and seed). Its scorers are reused, so both
columns are measured with the same yardsticks: `dcgan-head` (the scoring head on the quick DCGAN's critic) at 64x64
and the feature scorer (`scorer/`, xgb-all) at full size. Its `table_64.csv` / `table_full.csv` give the quick
columns.
Writes: table_64.csv, table_full.csv, quick_vs_paper.csv / .md, heatmaps.png, samples.png, curves.png.
"""
import argparse, warnings
from pathlib import Path
import pandas as pd

# generated-set folder -> the name the tables of nbs/12_results use
NAMES = {'dcgan': 'DCGAN', 'dcgan_ls_bd': 'DCGAN LS BD', 'mcgan_ls_bd': 'MCGAN LS BD', 'mcgan_ls_bd_rot': 'MCGAN LS BD ROT',
         'dcgan_ls_bd_srm': 'DCGAN + SRM', 'two_in_one': '2-in-1', 'fullres': 'FullRes WGAN-GP', 'srm': 'SRM'}
KEY64 = ['scorer_mean', 'scorer_sd', 'knn1_mean', 'knn3_mean', 'blobs_mean', 'blobs_sd', 'blob_centres']
KEYFULL = ['oracle_mean', 'oracle_sd', 'scorer_mean', 'frechet', 'kid', 'precision', 'recall', 'coverage', 'memo_ratio_median',
           'hist_l1', 'psd_rms']

def curves(runs:dict, path):
    "Training curves of every run: the losses in each run's history.csv against epoch (or step)."
    import matplotlib.pyplot as plt
    from galaxy_nb.pipeline import save_fig
    fig, axs = plt.subplots(1, len(runs), figsize=(3.2*len(runs), 2.6), squeeze=False)
    for ax, (name, d) in zip(axs[0], runs.items()):
        h = pd.read_csv(d/'history.csv'); x = h['step'] if 'step' in h else h['epoch']
        for c in [c for c in h.columns if c.endswith('loss')]:
            if h[c].notna().any(): ax.plot(x[h[c].notna()], h[c].dropna(), lw=0.8, label=c)
        ax.set_title(name, fontsize=8); ax.set_xlabel(x.name, fontsize=7); ax.tick_params(labelsize=6); ax.legend(fontsize=5)
    save_fig(fig, path)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--gpu', nargs='+', required=True); ap.add_argument('--data', default='nbs/runs/small_data')
    ap.add_argument('--quick', default='nbs/runs/results_small'); ap.add_argument('--out', default='benchmarks/results/paper_h100')
    ap.add_argument('--n', type=int, default=100); ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args(); warnings.simplefilter('ignore')
    from galaxy_nb.data import list_images, image_size, read_png, label1_paths
    from galaxy_nb.metrics import compare_sets, plot_heatmaps
    from galaxy_nb.scorers import load_scorer
    from galaxy_nb.pipeline import save_fig, md_table
    from galaxy_nb.synth import show_grid
    out, quick = Path(a.out), Path(a.quick); out.mkdir(parents=True, exist_ok=True)
    sets, runs = {}, {}
    for g in map(Path, a.gpu):
        for d in sorted((g/'generated').glob('*')):
            if (d/'generated.json').is_file(): sets[NAMES.get(d.name, d.name)] = d
        for d in sorted((g/'runs').glob('*')):
            if (d/'history.csv').is_file(): runs[NAMES.get(d.name, d.name) + ('' if (d/'metrics.json').is_file() else ' (unfinished)')] = d
    order = [v for v in NAMES.values() if v in sets]; sets = {k: sets[k] for k in order}
    print('sets:', {k: str(v) for k, v in sets.items()})
    S = image_size(label1_paths(a.data))
    s64, sfull = load_scorer(quick/'dcgan-head'), load_scorer(quick/'scorer')
    t64, heat, _ = compare_sets(a.data, sets, limit=a.n, scorer=s64, seed=a.seed, at64=True)
    full = {k: v for k, v in sets.items() if image_size(list_images(v)) == S}
    tfull, _, oracle = compare_sets(a.data, full, limit=a.n, scorer=sfull, seed=a.seed, at64=False)
    t64.to_csv(out/'table_64.csv'); tfull.to_csv(out/'table_full.csv')
    save_fig(plot_heatmaps(heat), out/'heatmaps.png')
    rows = {'real': [read_png(p) for p in label1_paths(a.data).iloc[:6]]}
    rows.update({k: [read_png(p) for p in list_images(v).iloc[:6]] for k, v in sets.items()})
    save_fig(show_grid(rows, title='paper presets on an H100: samples (64x64 max-pooled)', scores=False, figsize_per=1.0),
             out/'samples.png')
    curves(runs, out/'curves.png')
    # side by side with the quick run of nbs/12_results: one table per view and preset, same rows and columns
    side = {}
    for view, tab, keys, fname in (('64x64', t64, KEY64, 'table_64.csv'), ('full size', tfull, KEYFULL, 'table_full.csv')):
        q = pd.read_csv(quick/fname, index_col=0) if (quick/fname).is_file() else pd.DataFrame()
        keys = [k for k in keys if k in tab.index]
        side[view, 'quick (CPU)'] = q.reindex(index=keys, columns=tab.columns).T
        side[view, 'paper (H100)'] = tab.loc[keys].T
    pd.concat(side, names=['view', 'preset', 'set']).to_csv(out/'quick_vs_paper.csv')
    (out/'quick_vs_paper.md').write_text('\n\n'.join(f"## {view}, {preset}\n\n" + md_table(df.round(3).rename_axis('set'))
                                                       for (view, preset), df in side.items()) + '\n')
    print((out/'quick_vs_paper.md').read_text())

if __name__ == '__main__': main()
