"""Throughput of `galaxy-nb synth --preset cil` on this machine, with the split between rendering, PNG encoding,
writing and the oracle score, against a simple reference in the same run.

The reference writes blank 1000x1000 PNGs with the same worker pool (the floor any simulator pays for I/O and
encoding), so the ratio says what the simulation itself costs, whatever the machine's load.

    python benchmarks/synth_throughput.py            # the full cil preset (12,000 images)
    python benchmarks/synth_throughput.py --n 2000   # a quicker look (a prefix of the cil plan)
"""
import argparse, json, platform, shutil, tempfile, time
from pathlib import Path
import numpy as np
from galaxy_nb.core import n_workers, pmap
from galaxy_nb.data import encode_png
from galaxy_nb.synth import synth, PRESETS

def _blank(args):
    i, out = args
    (Path(out)/f'{i}.png').write_bytes(encode_png(np.zeros((1000, 1000), np.uint8)))
    return i

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=None); ap.add_argument('--workers', type=int, default=None)
    ap.add_argument('--seed', type=int, default=0); a = ap.parse_args()
    w = n_workers(a.workers); tmp = Path(tempfile.mkdtemp())
    if a.n:   # a proportional prefix of the cil preset
        full = PRESETS['cil']; f = a.n/12000
        PRESETS['bench'] = dict(size=1000, labeled=(int(full['labeled'][0]*f), int(full['labeled'][1]*f)),
                                scored=int(full['scored']*f), query=int(full['query']*f))
        preset = 'bench'
    else: preset = 'cil'
    t0 = time.perf_counter()
    plan, tm = synth(tmp/'data', preset, seed=a.seed, workers=w, progress=True, timings=True)
    wall = time.perf_counter() - t0
    n = len(plan)
    (tmp/'blank').mkdir()
    nref = min(n, 2000)
    t1 = time.perf_counter(); pmap(_blank, [(i, str(tmp/'blank')) for i in range(nref)], w, False, chunksize=8)
    ref_wall = time.perf_counter() - t1
    size_mb = sum(p.stat().st_size for p in (tmp/'data').rglob('*.png'))/1e6
    parts = dict(zip(('render', 'encode', 'write', 'oracle'), tm.sum(0)))
    busy = sum(parts.values())
    res = dict(machine=f"{platform.processor() or platform.machine()}, {w} workers", preset=preset, images=n,
               wall_s=round(wall, 1), images_per_s=round(n/wall, 1),
               share_of_worker_time={k: round(v/busy, 3) for k, v in parts.items()},
               ms_per_image={k: round(1000*v/n, 1) for k, v in parts.items()},
               by_kind_render_ms={k: round(1000*float(tm[(plan['sub'].str.split(':').str[0] == k).values, 0].mean()), 1)
                                  for k in sorted(plan['sub'].str.split(':').str[0].unique())},
               reference_blank_png_per_s=round(nref/ref_wall, 1), ratio_to_reference=round((n/wall)/(nref/ref_wall), 3),
               png_megabytes=round(size_mb, 1), target_images_per_s=40)
    print(json.dumps(res, indent=1))
    out = Path(__file__).parent/'results'/f'synth_throughput_{preset}.json'
    out.write_text(json.dumps(res, indent=1))
    shutil.rmtree(tmp)

if __name__ == '__main__': main()
