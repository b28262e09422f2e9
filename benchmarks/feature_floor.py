"""How far the fast 38 features can go: the time of the two kernels that the images cannot skip, against the
plain transcription, on the same 80 images as `feature_speed.py` (the `small` mix of seed 11, same pick).

- The shape-index histogram: every image pays it. Its arithmetic repeats scikit-image's float64 Gaussian and
  Hessian value for value, so that the bins agree exactly (the shares must stay within 1e-6).
- The float32 LoG cube: every image whose light is too spread for crops pays it (the screen), on the blocks of
  columns where a window's range of levels could reach the threshold, with the bound that picks them.

The best possible speed-up of this design is the plain mean over the mean of these two alone, as if everything
else (blob peaks, pruning, histograms, Haar) cost nothing.

    python benchmarks/feature_floor.py
"""
import json, shutil, time
from pathlib import Path
import numpy as np
import galaxy_nb.features as F
from galaxy_nb.data import read_png
from feature_speed import sample_images          # the same images (this script's folder is on sys.path)

def tmin(f, *a, n=3):
    "Smallest of `n` timings of `f(*a)`, in ms."
    ts = []
    for _ in range(n):
        t0 = time.perf_counter(); f(*a); ts.append(time.perf_counter() - t0)
    return 1000*min(ts)

def main():
    tmp, _, pick, kind_of = sample_images(80)
    F._warm_manual(1000)
    screened, real_screen = [], F._log_screen
    def spy(u8): screened.append(1); return real_screen(u8)
    F._log_screen = spy
    rows = []
    for p in pick:
        u8 = read_png(p); screened.clear()
        t_all = tmin(F.manual_features, u8); scr = bool(screened)
        n = np.count_nonzero(u8); yx = np.nonzero(u8) if n < u8.size//8 else None     # as manual_features chooses
        rows.append(dict(kind=kind_of[int(p.stem)], direct=tmin(F.manual_features_direct, u8, n=1), fast=t_all,
                         shape_index=tmin(F._shape_hist, u8, yx), cube=tmin(F._screen_cube, u8) if scr else 0., screened=scr))
    F._log_screen = real_screen; shutil.rmtree(tmp)
    import pandas as pd
    df = pd.DataFrame(rows)
    print(df.groupby('kind')[['direct', 'fast', 'shape_index', 'cube', 'screened']].mean().round(2).to_string())
    m = df[['direct', 'fast', 'shape_index', 'cube']].mean()
    floor = m.shape_index + m.cube
    res = dict(images=len(df), screened=int(df.screened.sum()), direct_ms=m.direct, fast_ms=m.fast, shape_index_ms=m.shape_index,
               cube_ms=m.cube, floor_ms=floor, speedup=m.direct/m.fast, best_speedup=m.direct/floor,
               ms_for_50x=m.direct/50)
    for k, v in res.items(): print(f'{k:>15}: {v:.2f}' if isinstance(v, float) else f'{k:>15}: {v}')
    (Path(__file__).parent/'results'/'feature_floor.json').write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
