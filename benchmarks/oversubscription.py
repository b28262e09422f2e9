"""Oversubscription: a CPU training step and a `pmap` of features, alone and beside another CPU-bound job.

Each measurement runs in a fresh process, because OpenMP reads its wait policy once, when torch loads:

- `old`: the behaviour before issue 'respect the cores': torch imported first (OpenMP's default wait policy,
  which spins), every core's worth of torch threads, and `pmap` workers that keep the parent's thread counts;
- `new`: as the package runs now: `galaxy_nb.core` imported first (`OMP_WAIT_POLICY=PASSIVE`), training on
  `torch_threads()`, `pmap` workers limited to their share of the cores.

The training loop is a small SRM-like network (four stacks 64 -> 1024 px, trained on 256 px crops as the
`quick` preset does), plain torch so that the benchmark does not follow the model notebooks' edits. The
features are `paths_features` (manual, no cache) on the label-1 images of `--data`, workers = cores. The
job beside is `--beside` (one busy Python thread, `spin`; or a torch training loop on every core, as another
user's job would run, `torch`). Rounds alternate old and new, so a machine shared with others affects both
alike; the ratios (beside / alone, measured back to back) are what to compare.

    python benchmarks/oversubscription.py                      # writes results/oversubscription.json
    python benchmarks/oversubscription.py --tasks train --out benchmarks/results/oversubscription_train.json
"""
import argparse, json, os, signal, subprocess, sys, time
from pathlib import Path

def _net():
    import torch.nn as nn
    def stack(ch=16, up=32, blocks=2):
        res = [nn.Sequential(nn.Conv2d(ch, ch, 3, padding=1), nn.BatchNorm2d(ch), nn.ReLU(),
                             nn.Conv2d(ch, ch, 3, padding=1), nn.BatchNorm2d(ch)) for _ in range(blocks)]
        return nn.Sequential(nn.Conv2d(1, ch, 4, 2, 1), nn.ReLU(), *res, nn.Upsample(scale_factor=2),
                             nn.Conv2d(ch, up, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2),
                             nn.Conv2d(up, 1, 3, padding=1), nn.Sigmoid())
    return nn.ModuleList([stack() for _ in range(4)])

def _train_window(seconds, steps):
    "A function that trains a fixed SRM-like loop (bs 8, 16 px in, 256 px out) and returns seconds per step."
    import torch, torch.nn.functional as F
    torch.manual_seed(0)
    m = _net(); opt = torch.optim.Adam(m.parameters(), 1e-3)
    x, y = torch.rand(8, 1, 16, 16), torch.rand(8, 1, 256, 256)
    def step():
        opt.zero_grad(); h, loss = x, 0.
        for s in m:
            h = s(h); t = F.max_pool2d(y, 256//h.shape[-1]) if h.shape[-1] < 256 else y
            loss = loss + F.mse_loss(h, t)
        loss.backward(); opt.step()
    def window():
        n, t0 = 0, time.perf_counter()
        while n < 2 or (n < steps and time.perf_counter() - t0 < seconds): step(); n += 1
        return (time.perf_counter() - t0)/n
    return window

def _old_pmap(f, items, workers=None, progress=False, desc='', chunksize=1):
    "`pmap` as it was: a fork pool whose workers keep the parent's thread counts."
    import concurrent.futures as cf, multiprocessing as mp
    items = list(items); w = len(os.sched_getaffinity(0)) if workers is None else workers
    if w <= 1 or len(items) <= 1: return [f(o) for o in items]
    with cf.ProcessPoolExecutor(w, mp_context=mp.get_context('fork')) as ex:
        return list(ex.map(f, items, chunksize=chunksize))

def child(a):
    "One task under one policy: windows alone and beside each job, alternating; prints JSON."
    if a.policy == 'old':
        import torch                                                # loaded first: OpenMP's default waiting
        wait = os.environ.get('OMP_WAIT_POLICY')
        import galaxy_nb.features as gf
        gf.pmap = _old_pmap
    else:
        import galaxy_nb.core  # noqa: F401                         # first, as the CLI does
        import torch
        wait = os.environ.get('OMP_WAIT_POLICY')
        from galaxy_nb.runs import torch_threads
        torch_threads()
    window = (_train_window(a.seconds, a.steps) if a.child == 'train' else
              _features_window(a.data, a.images))
    window()                                                        # warm-up
    env = {k: v for k, v in os.environ.items() if k not in ('OMP_WAIT_POLICY', 'GALAXY_NB_THREADS')}
    comps = {}
    try:
        for b in a.beside:                  # started once, then stopped (SIGSTOP) but in its windows
            comps[b] = subprocess.Popen([sys.executable, __file__, '--companion', b], env=env,
                                        stdout=subprocess.PIPE, text=True)
            comps[b].stdout.readline(); os.kill(comps[b].pid, signal.SIGSTOP)
        res = {k: [] for k in ['alone', *a.beside]}
        for _ in range(a.rounds):
            res['alone'].append(window())
            for b, p in comps.items():
                os.kill(p.pid, signal.SIGCONT); time.sleep(0.5)
                res[b].append(window())
                os.kill(p.pid, signal.SIGSTOP)
    finally:
        for p in comps.values(): p.kill(); p.wait()
    print(json.dumps(dict(res, threads=torch.get_num_threads(), wait_policy=wait)))

def _features_window(data, n):
    "A function that featurises `n` label-1 images of `data` in `pmap` workers and returns the seconds."
    import torch
    import galaxy_nb.features as gf
    from galaxy_nb.data import label1_paths
    torch.randn(256, 256) @ torch.randn(256, 256)                   # torch's pools started, as in training
    paths = label1_paths(data).iloc[:n]
    gf.paths_features(paths.iloc[:4], workers=0, progress=False, cache=False)   # warm (Numba, tables)
    def window():
        t0 = time.perf_counter()
        gf.paths_features(paths, progress=False, cache=False)
        return time.perf_counter() - t0
    return window

def companion(kind):
    "Another CPU-bound job, running until killed."
    if kind == 'torch':
        import torch                                                # another user's torch job, its defaults
        x = torch.rand(8, 1, 16, 16); m = _net()
    print('ready', flush=True)
    if kind == 'spin':
        while True: pass
    while True: m[0](x).sum().backward()

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rounds', type=int, default=3, help='windows alone and beside each job, alternating')
    ap.add_argument('--tasks', nargs='*', default=['train', 'features'])
    ap.add_argument('--beside', nargs='*', default=['spin', 'torch'])
    ap.add_argument('--seconds', type=float, default=6., help='training: each window this long')
    ap.add_argument('--steps', type=int, default=30, help='training: at most this many steps a window')
    ap.add_argument('--data', default='/work/data/small')
    ap.add_argument('--images', type=int, default=120, help='features: label-1 images to featurise')
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'oversubscription.json'))
    ap.add_argument('--child', default=None, help=argparse.SUPPRESS)
    ap.add_argument('--policy', default='new', help=argparse.SUPPRESS)
    ap.add_argument('--companion', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.companion: return companion(a.companion)
    if a.child: return child(a)
    import statistics as st
    env = {k: v for k, v in os.environ.items() if k not in ('OMP_WAIT_POLICY', 'GALAXY_NB_THREADS')}
    rows, load0 = [], os.getloadavg()
    unit = {'train': 's/step', 'features': 's/run'}
    print(f"{'task':9s} {'policy':6s} {'alone':>8s} " + ' '.join(f'{b:>8s} {"ratio":>6s}' for b in a.beside))
    for task in a.tasks:
        for policy in ('old', 'new'):
            cmd = [sys.executable, '-W', 'ignore', __file__, '--child', task, '--policy', policy,
                   '--rounds', str(a.rounds), '--beside', *a.beside, '--seconds', str(a.seconds),
                   '--steps', str(a.steps), '--data', a.data, '--images', str(a.images)]
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            alone = st.median(r['alone'])
            row = dict(task=task, unit=unit[task], policy=policy, threads=r['threads'],
                       wait_policy=r['wait_policy'], alone=alone, windows=r, load=os.getloadavg()[0],
                       **{f'beside_{b}': st.median(r[b]) for b in a.beside},
                       **{f'ratio_{b}': st.median(r[b])/alone for b in a.beside})
            rows.append(row)
            cols = ' '.join(f"{row[f'beside_{b}']:8.3f} {row[f'ratio_{b}']:6.2f}" for b in a.beside)
            print(f"{task:9s} {policy:6s} {alone:8.3f} {cols}", flush=True)
    out = Path(a.out)
    meta = dict(cores=len(os.sched_getaffinity(0)), argv=sys.argv[1:], load_start=load0,
                load_end=os.getloadavg())
    out.write_text(json.dumps(dict(meta=meta, rows=rows), indent=1))
    print(meta)

if __name__ == '__main__': main()
