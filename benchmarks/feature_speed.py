"""Feature extraction speed: the fast 38 features against the plain scikit-image / PyWavelets transcription,
in one run on the same images, and the throughput of the 38 features plus the histogram / power-spectrum set
over a folder with worker processes, with peak memory at two folder sizes. The machine is shared, so the
throughput run also reports the workers' CPU time per image (and the rate that gives on idle cores) and a
reference that only reads the same PNGs with the same pool.

    python benchmarks/feature_speed.py              # 1000x1000 images of the `small` preset mix
    python benchmarks/feature_speed.py --direct 40  # fewer images for the slow reference
"""
import argparse, json, os, platform, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from galaxy_nb.core import n_workers
from galaxy_nb.data import list_images, read_png
from galaxy_nb.features import manual_features, manual_features_direct
from galaxy_nb.synth import synth

def throughput(folder, workers, reference=False):
    """Run the extraction (or, as the reference, only the PNG reads with the same pool) in a fresh process and
    return (seconds, images, peak RSS MB of main and workers, CPU seconds of the workers)."""
    job = ("from galaxy_nb.core import pmap; from galaxy_nb.data import list_images, read_png; p=list_images(sys.argv[1]); "
           "m=pmap(read_png, list(p), int(sys.argv[2]), chunksize=4); " if reference else
           "from galaxy_nb.features import extract_features as e; "
           "m=e(sys.argv[1],'manual+histpsd',workers=int(sys.argv[2]),progress=False,cache=False).index; ")
    code = ("import time,sys,resource; t=time.perf_counter(); " + job +
            "c=resource.getrusage(resource.RUSAGE_CHILDREN); print(time.perf_counter()-t, len(m), "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024, c.ru_maxrss/1024, c.ru_utime+c.ru_stime)")
    out = subprocess.run([sys.executable, '-c', code, str(folder), str(workers)], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), float(out[2]), float(out[3]), float(out[4])

def sample_images(n:int, workers:int|None=None):
    """Simulate the `small` mix of seed 11 in a temporary folder and pick `n` of its scored and labeled images
    (seed 0); return (folder, all image paths, picked paths, {image id: kind})."""
    tmp = Path(tempfile.mkdtemp())
    synth(tmp/'d', 'small', seed=11, workers=workers, progress=False)
    meta = json.loads((tmp/'d'/'synth.json').read_text())
    kind_of = {i: k.split(':')[0] for s in meta['kinds'].values() for k, ids in s.items() for i in ids}
    paths = list(list_images(tmp/'d'/'scored')) + list(list_images(tmp/'d'/'labeled'))
    rng = np.random.default_rng(0)
    return tmp, paths, [paths[i] for i in rng.choice(len(paths), n, replace=False)], kind_of

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--direct', type=int, default=80); ap.add_argument('--workers', type=int, default=None)
    a = ap.parse_args(); w = n_workers(a.workers)
    tmp, paths, pick, kind_of = sample_images(a.direct, w)
    from galaxy_nb.features import _warm_manual
    _warm_manual(1000)       # load (or, after a change, compile once and cache on disk) the kernels before timing
    for p in pick[:3]: manual_features(read_png(p))
    rows = []
    for p in pick:
        img = read_png(p)
        t0 = time.perf_counter(); ref = manual_features_direct(img); t1 = time.perf_counter(); fast = manual_features(img); t2 = time.perf_counter()
        bg0 = bool(np.median(img) == 0)
        kind = kind_of[int(p.stem)]; kind = kind + (' (zero sky)' if kind == 'field' and bg0 else ' (faint sky)' if kind == 'field' else '')
        rows.append((kind, t1 - t0, t2 - t1, ref[20] == fast[20], np.abs(np.delete(ref - fast, 20)).max()))
    import pandas as pd
    df = pd.DataFrame(rows, columns=['kind', 'direct_s', 'fast_s', 'blobs_equal', 'max_other_diff'])
    by = df.groupby('kind').agg(images=('kind', 'size'), direct_ms=('direct_s', lambda s: 1000*s.mean()),
                                fast_ms=('fast_s', lambda s: 1000*s.mean()), blobs_equal=('blobs_equal', 'mean'),
                                max_other_diff=('max_other_diff', 'max'))
    by['speedup'] = by.direct_ms/by.fast_ms
    total = dict(images=len(df), direct_ms=1000*df.direct_s.mean(), fast_ms=1000*df.fast_s.mean(),
                 speedup=df.direct_s.sum()/df.fast_s.sum(), blobs_equal=float(df.blobs_equal.mean()),
                 max_other_diff=float(df.max_other_diff.max()))
    print(by.round(4).to_string()); print('all', {k: round(v, 4) for k, v in total.items()})
    # throughput and memory over folders of two sizes (all 1000x1000 images of the small mix)
    res = {}
    for n in (150, 600):
        f = tmp/f'f{n}'; f.mkdir()
        for i, p in enumerate(paths[:n]): shutil.copy(p, f/p.name)
        secs, k, rss_main, rss_workers, cpu = throughput(f, w)
        rsecs, _, _, _, rcpu = throughput(f, w, reference=True)
        res[n] = dict(images=k, seconds=round(secs, 1), images_per_s=round(k/secs, 1), peak_rss_main_mb=round(rss_main),
                      peak_rss_worker_mb=round(rss_workers), worker_cpu_ms_per_image=round(1000*cpu/k, 1),
                      images_per_s_on_idle_cores=round(w*k/cpu, 1), reference_png_reads_images_per_s=round(k/rsecs, 1),
                      ratio_to_reference=round(rsecs/secs, 3), load_average_1min=round(os.getloadavg()[0], 2))
        print(n, res[n])
    out = dict(machine=f"{platform.machine()}, {w} workers", per_kind=by.round(4).reset_index().to_dict('records'),
               all=total, folder_throughput_manual_plus_histpsd=res, target=dict(speedup=50, images_per_s=40))
    (Path(__file__).parent/'results'/'feature_speed.json').write_text(json.dumps(out, indent=1, default=float))
    shutil.rmtree(tmp)

if __name__ == '__main__': main()
