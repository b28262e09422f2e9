"""Every demo generator (and any report variant named) trained with the `quick` presets on the `small` set,
drawn at full size and judged by `evaluate` (the oracle, source statistics, Frechet, precision / recall,
two-sample test, image and stamp memorisation, and the one-line verdict).

    python benchmarks/generators_small.py [--data DIR] [--root DIR] [--n 96] [--variants 'A' 'B' ...]

Runs that are already complete under --root are reused (delete the folder to retrain). Writes
`results/generators_small.json` (the metric table, the verdicts, each run's training seconds and CPU
seconds) and prints a markdown table; `nbs/12_results.ipynb` reads the JSON.
"""
import argparse, json, time, resource
from pathlib import Path
import pandas as pd
from galaxy_nb.core import md_table, write_json, read_json
from galaxy_nb.synth import synth
from galaxy_nb.pipeline import generate, train_variants, report_variants
from galaxy_nb.demo import demo_variants
from galaxy_nb.metrics import evaluate

ROWS = ['oracle_mean', 'zero_share_median', 'sources_median', 'area_median', 'peak_median', 'diversity_knn1',
        'frechet', 'precision', 'recall', 'c2st_acc', 'memo_copies', 'stamp_copies']

def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return sum(x.ru_utime + x.ru_stime for x in r)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/tmp/gnb_small'); ap.add_argument('--root', default='/tmp/gnb_generators')
    ap.add_argument('--n', type=int, default=96); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--variants', nargs='*', default=None)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'generators_small.json'))
    a = ap.parse_args()
    data, root = Path(a.data), Path(a.root)
    if not data.exists(): synth(data, preset='small', seed=0, progress=False)
    every = {**report_variants(), **demo_variants()}
    names = a.variants or list(demo_variants())
    variants = {k: every[k] for k in names}
    timing = {}
    for name in names:
        t0, c0 = time.perf_counter(), cpu_seconds()
        runs = train_variants(data, root/'runs', {name: variants[name]}, preset='quick', seed=a.seed,
                              progress=False)
        timing[name] = dict(train_wall_s=time.perf_counter() - t0, train_cpu_s=cpu_seconds() - c0)
        run, up = runs[name]
        generate(run, a.n, root/'sets'/name.replace(' ', '_'), seed=a.seed, srm=up, force=True, progress=False)
    sets = {k: root/'sets'/k.replace(' ', '_') for k in names}
    rep = evaluate(data, root/'eval', sets, limit=a.n, seed=a.seed, progress=False)
    table = pd.read_csv(root/'eval'/'metrics.csv', index_col=0)
    verdicts = [l[2:] for l in rep.read_text().splitlines() if l.startswith('- **')]
    print(md_table(table.loc[[r for r in ROWS if r in table.index]].round(4)))
    print('\n'.join(verdicts)); print(json.dumps(timing, indent=1))
    write_json(a.out, dict(data=str(data), n=a.n, seed=a.seed, table=table.to_dict(), verdicts=verdicts,
                           timing=timing))

if __name__ == '__main__': main()
