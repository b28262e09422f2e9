"""Diffusion against GAN stamps for the `sources` generator, everything else equal.

Trains `sources` with the `quick` preset twice on a data set (default: the `small` simulation), once with
each stamp model, draws N fields from each, and prints a markdown table of what the fields show: oracle
score, source counts, zero share, and how close the new stamps' flux / peak / area are to the real
stamps' (two-sample KS statistics, 0 = same distribution).

    python benchmarks/sources_stamp_models.py [--data DIR] [--n 48] [--out benchmarks/results/...]
"""
import argparse, json, time
from pathlib import Path
import numpy as np, pandas as pd
from scipy.stats import ks_2samp
from galaxy_nb.core import write_json, md_table, pmap
from galaxy_nb.data import label1_paths, load_images
from galaxy_nb.synth import oracle_score, synth
from galaxy_nb.features import source_stamps
from galaxy_nb.sources import train_sources, SourcesSampler

def _facts(a):
    st, cat = source_stamps(a)
    return oracle_score(a), len(cat), float((a == 0).mean()), cat

def field_facts(imgs, workers):
    r = pmap(_facts, list(imgs), workers)
    cat = pd.concat([x[3] for x in r], ignore_index=True)
    return dict(oracle_mean=float(np.mean([x[0] for x in r])), count_median=float(np.median([x[1] for x in r])),
                zero_share_median=float(np.median([x[2] for x in r]))), cat

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/tmp/gnb_small'); ap.add_argument('--n', type=int, default=48)
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--steps', type=int, default=None)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'sources_stamp_models.json'))
    a = ap.parse_args()
    data = Path(a.data)
    if not data.exists(): synth(data, preset='small', seed=0, progress=False)
    real = load_images(label1_paths(data).iloc[:a.n], None, workers=a.workers, progress=False)
    rows, (rf, rcat) = {}, field_facts(real, a.workers)
    rows['real label-1'] = rf
    for sm in ('ddpm', 'gan'):
        run = Path(f'/tmp/gnb_sources_{sm}'); t0 = time.perf_counter()
        opts = dict(stamp_model=sm) | (dict(steps=a.steps) if a.steps else {})
        m = train_sources(data, run, preset='quick', force=True, workers=a.workers, **opts)
        secs = time.perf_counter() - t0; t0 = time.perf_counter()
        imgs = SourcesSampler(run).sample(a.n, seed=0)
        f, cat = field_facts(imgs, a.workers)
        f.update(train_seconds=secs, sample_seconds=time.perf_counter() - t0,
                 **{f'ks_{k}': float(ks_2samp(cat[k], rcat[k]).statistic) for k in ('flux', 'peak', 'npix')})
        rows[f'sources, {sm} stamps'] = f
    df = pd.DataFrame(rows).T
    print(md_table(df.round(3)))
    write_json(a.out, dict(data=str(data), n=a.n, rows=rows))

if __name__ == '__main__': main()
