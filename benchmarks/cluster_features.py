"""`features` over one folder: the local process pool against a Dask cluster of this machine with 1 and 2
workers (images per second, scaling efficiency), and the cluster's per-task overhead (no-op tasks).

    python benchmarks/cluster_features.py [--data DIR] [--kind all] [--repeats 2]

Every configuration computes the same table (checked byte for byte against the pool's); no feature cache is
used, so each run does the whole work. Writes `results/cluster_features.json` and prints a markdown table.
"""
import argparse, os, time
from pathlib import Path
from galaxy_nb.core import md_table, write_json, pmap, n_cores
from galaxy_nb.cluster import connect
from galaxy_nb.features import extract_features
from galaxy_nb.synth import synth


def noop(x): return x


def timed(fn, repeats):
    best, out = float('inf'), None
    for _ in range(repeats):
        t0 = time.perf_counter(); out = fn(); best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/tmp/gnb_cluster_bench')
    ap.add_argument('--kind', default='all'); ap.add_argument('--repeats', type=int, default=2)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'cluster_features.json'))
    a = ap.parse_args()
    data = Path(a.data)
    if not data.exists(): synth(data, preset='tiny', size=1000, seed=0, progress=False)
    n = len(list(data.rglob('*.png')))
    feats = lambda w: extract_features(data, a.kind, workers=w, progress=False, cache=False)
    rows, ref = [], None
    for label, w in (('local pool, 1 process', 1), ('local pool, 2 processes', 2)):
        t, df = timed(lambda: feats(w), a.repeats)
        ref = df.to_csv() if ref is None else ref
        rows.append(dict(setup=label, workers=w, seconds=t, same_table=df.to_csv() == ref))
    overhead = {}
    for k in (1, 2):
        with connect('local', workers=k):
            feats(None)                                   # warm: each worker imports galaxy_nb once
            t, df = timed(lambda: feats(None), a.repeats)
            rows.append(dict(setup=f'Dask LocalCluster, {k} worker(s)', workers=k, seconds=t,
                             same_table=df.to_csv() == ref))
            m = 400
            t0 = time.perf_counter(); pmap(noop, list(range(m)), chunksize=1 << 30)   # one task
            one = time.perf_counter() - t0
            from galaxy_nb.core import active_cluster
            t0 = time.perf_counter(); list(active_cluster().unordered(noop, list(range(m))))
            overhead[k] = dict(tasks=m, seconds=time.perf_counter() - t0, one_task_s=one)
    base = rows[0]['seconds']
    for r in rows:
        r['images_per_s'] = n/r['seconds']
        r['efficiency'] = base/(r['seconds']*r['workers'])     # speed-up over one process, per process
    print(md_table(__import__('pandas').DataFrame(rows).round(3)))
    for k, o in overhead.items():
        print(f"{k} worker(s): {o['tasks']} no-op tasks in {o['seconds']:.2f} s = "
              f"{1000*o['seconds']/o['tasks']:.1f} ms per task; one task round trip {1000*o['one_task_s']:.0f} ms")
    write_json(a.out, dict(data=str(data), images=n, kind=a.kind, cores=n_cores(),
                           load=os.getloadavg(), rows=rows, overhead=overhead))


if __name__ == '__main__': main()
