"""`generate` throughput of the `sources` generator at full size, against writing blank PNGs in the same run.

    python benchmarks/generate_throughput.py --run RUN_FOLDER [--n 64] [--repeats 2]

RUN_FOLDER is a trained `sources` run (for example `galaxy-nb train --model sources --data DATA --out RUN`).
Prints images per second for: writing n blank PNGs of the run's size (the floor any generator pays),
drawing the fields alone (`sampler.sample`), and the whole `generate` command (draw + encode + write),
and the ratios; the best of `--repeats` runs of each, because the machine is shared.
"""
import argparse, json, shutil, tempfile, time
from pathlib import Path
import numpy as np
from galaxy_nb.data import write_png
from galaxy_nb.registry import load_sampler
from galaxy_nb.pipeline import generate

def best_of(f, repeats):
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return min(ts)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True); ap.add_argument('--n', type=int, default=64)
    ap.add_argument('--repeats', type=int, default=2)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'generate_throughput.json'))
    a = ap.parse_args()
    smp = load_sampler(a.run); S = smp.size
    tmp = Path(tempfile.mkdtemp())
    blank = np.zeros((S, S), np.uint8)
    def write_blank():
        d = tmp/'blank'; shutil.rmtree(d, ignore_errors=True); d.mkdir()
        for i in range(a.n): write_png(d/f'{i + 1}.png', blank)
    def gen():
        generate(a.run, a.n, tmp/'gen', seed=0, force=True, progress=False)
    t_blank = best_of(write_blank, a.repeats)
    t_draw = best_of(lambda: smp.sample(a.n, seed=0), a.repeats)
    t_gen = best_of(gen, a.repeats)
    shutil.rmtree(tmp)
    r = dict(run=str(a.run), size=S, n=a.n, blank_png_per_s=a.n/t_blank, draw_per_s=a.n/t_draw,
             generate_per_s=a.n/t_gen, generate_vs_blank=t_gen/t_blank)
    for k, v in r.items(): print(f'{k:>18}: {v:.3f}' if isinstance(v, float) else f'{k:>18}: {v}')
    Path(a.out).write_text(json.dumps(r, indent=1))

if __name__ == '__main__': main()
