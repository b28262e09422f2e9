"""Learning curves and transfer: every scorer's query MAE by the number of scored images it is trained on, on the
oracle-scored simulator (`galsim`) and on the shifted renderer (`shifted`), with each set's floors where known
(the Bayes floor from the true parameters, and the observer floor from what was drawn: see `02a_shifted`); and
each scorer trained on all of one set's scored images, tested on the other set's query. At the largest size it
prints the share of `rf-hist10`'s error above each floor that `best` removes.

    python benchmarks/learning_curves.py [--root DIR] [--size 256] [--sizes 300 600 1200 2400 9600]
        [--scorers ridge-hist10 rf-hist10 xgb-histpsd hgb-histpsd hgb-all xgb-all best] [--budget 10]

Both sets are the `cil` preset's layout (1,200 labeled, 9,600 scored, 1,200 query) at `--size` pixels, seed 0,
written under --root if absent. The features (`all`, cached) are computed once per set; a scorer on n images is
fitted once on the first n of a fixed permutation of the scored set (nested subsets), with its spec's settings
(`best` runs its own search with --budget). Writes `results/learning_curves.json` and prints the tables.
"""
import argparse, json, time
from pathlib import Path
import numpy as np
import pandas as pd
from galaxy_nb.core import md_table, write_json
from galaxy_nb.data import load_split, read_scores
from galaxy_nb.features import paths_features
from galaxy_nb.scorers import Scorer, scorer_spec
from galaxy_nb.best import Candidate, search, columns
from galaxy_nb.shifted import simulate


def best_fit(X, y, budget, seed):
    "`best` as train_best does it, on a table already computed: search, then the best family's candidate."
    _, top = search(X, y, budget, seed, progress=False)
    t = top.iloc[0]
    return Candidate(t.family, t.params, None if t.target == 'none' else t.target, seed).fit(X, y), t.family


def fit_predict(name, Xtr, ytr, Xte_list, budget, seed):
    if name == 'best':
        m, how = best_fit(Xtr, ytr, budget, seed)
        return [m.predict(X) for X in Xte_list], how
    cols = columns(scorer_spec(name)['kind'])
    s = Scorer(name, seed, None, False).fit_X(Xtr[:, cols], ytr)
    return [s.predict_X(X[:, cols]) for X in Xte_list], ''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--root', default='/tmp/gnb_curves'); ap.add_argument('--size', type=int, default=256)
    ap.add_argument('--sizes', type=int, nargs='*', default=[300, 600, 1200, 2400, 9600])
    ap.add_argument('--scorers', nargs='*',
                    default=['ridge-hist10', 'rf-hist10', 'xgb-histpsd', 'hgb-histpsd', 'hgb-all', 'xgb-all', 'best'])
    ap.add_argument('--budget', type=float, default=10.0); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'learning_curves.json'))
    a = ap.parse_args()
    root = Path(a.root); sets, floors, observer = {}, {}, {}
    for r in ('galsim', 'shifted'):
        d = root/f'{r}_cil{a.size}'
        if not d.exists(): simulate(d, 'cil', a.size, a.seed, r, progress=False)
        meta = json.loads((d/'synth.json').read_text())
        floors[r], observer[r] = meta.get('query_floor_mae'), meta.get('query_observer_mae')
        sc, q = load_split(d, 'scored'), load_split(d, 'query')
        truth = read_scores(d/'query_truth.csv').loc[q.index].values
        Xs = paths_features(sc.path, 'all', None, False).values
        Xq = paths_features(q.path, 'all', None, False).values
        sets[r] = (Xs, sc.target.values, Xq, truth)
    perm = np.random.default_rng(a.seed).permutation(len(sets['galsim'][1]))
    rows, transfer = [], []
    for r, (Xs, ys, Xq, truth) in sets.items():
        rows.append(dict(renderer=r, scorer='median predictor', n=len(ys),
                         query_mae=float(np.abs(truth - np.median(ys)).mean()), seconds=0.0, how=''))
        for n in a.sizes:
            idx = perm[:min(n, len(ys))]
            for name in a.scorers:
                t0 = time.perf_counter()
                other = 'shifted' if r == 'galsim' else 'galsim'
                tests = [Xq] + ([sets[other][2]] if n >= len(ys) else [])
                preds, how = fit_predict(name, Xs[idx], ys[idx], tests, a.budget, a.seed)
                secs = time.perf_counter() - t0
                rows.append(dict(renderer=r, scorer=name, n=len(idx), query_mae=float(np.abs(preds[0] - truth).mean()),
                                 seconds=secs, how=how))
                if len(preds) > 1:
                    transfer.append(dict(train=r, test=other, scorer=name,
                                         query_mae=float(np.abs(preds[1] - sets[other][3]).mean())))
                print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    curves = df[df.scorer != 'median predictor'].pivot_table(index=['renderer', 'scorer'], columns='n',
                                                              values='query_mae')
    print(md_table(curves.round(4).reset_index()))
    tr = pd.DataFrame(transfer)
    if len(tr): print(md_table(tr.pivot_table(index='scorer', columns=['train', 'test'], values='query_mae').round(4).reset_index()))
    print('floors:', floors, 'observer floors:', observer)
    top = df[df.n == df.n.max()].set_index(['renderer', 'scorer']).query_mae
    removed = {}
    for r in sets:
        for kind, f in (('floor', floors[r]), ('observer', observer[r])):
            if f is None or (r, 'best') not in top or (r, 'rf-hist10') not in top: continue
            removed[f'{r} {kind}'] = share = 1 - (top[r, 'best'] - f)/(top[r, 'rf-hist10'] - f)
            which = 'Bayes' if kind == 'floor' else 'observer'
            print(f'{r}: best removes {share:.0%} of rf-hist10\'s error above the {which} floor ({f:.3f})')
    write_json(a.out, dict(size=a.size, sizes=a.sizes, budget=a.budget, seed=a.seed, floors=floors,
                           observer_floors=observer, removed=removed, rows=rows, transfer=transfer))


if __name__ == '__main__': main()
