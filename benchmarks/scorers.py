"""Every scorer side by side on one split: MAE on a held-out part of `scored` and on `query` (against
query_truth.csv), 5-fold cross-validation spread on the training part, and training time. The reference is the
median predictor, measured in the same run.

    galaxy-nb synth --out /tmp/cil --preset cil --seed 2026
    python benchmarks/scorers.py --data /tmp/cil             # writes results/scorers_<name>.json and .md
"""
import argparse, json, time
from pathlib import Path
import numpy as np
import pandas as pd
from galaxy_nb.data import load_split, read_scores, find_layout, list_images
from galaxy_nb.scorers import SCORERS, Scorer, cross_validate, fit_stack

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True); ap.add_argument('--holdout', type=float, default=0.2)
    ap.add_argument('--folds', type=int, default=5); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--workers', type=int, default=None); ap.add_argument('--only', nargs='*', default=None)
    ap.add_argument('--tag', default=None)
    a = ap.parse_args()
    lay = find_layout(a.data)
    sc = load_split(a.data, 'scored'); q = list_images(lay.dirs['query']); truth = read_scores(lay.truth, ids=q.index)
    rng = np.random.default_rng(a.seed); idx = rng.permutation(len(sc)); n_hold = int(round(a.holdout*len(sc)))
    hold, train = sc.iloc[np.sort(idx[:n_hold])], sc.iloc[np.sort(idx[n_hold:])]
    mae = lambda p, y: float(np.abs(np.asarray(p) - np.asarray(y)).mean())
    med = float(train.target.median())
    rows = [dict(scorer='median predictor', cv_mae=mae(med, train.target), cv_sd=0., holdout_mae=mae(med, hold.target),
                 query_mae=mae(med, truth.values), train_s=0.)]
    names = [n for n in SCORERS if n != 'stack-fixed' and (a.only is None or n in a.only)]
    oofs, preds = {}, {}
    for n in names:
        t0 = time.perf_counter()
        cv = cross_validate(n, train.path, train.target, a.folds, a.seed, a.workers, False)
        s = Scorer(n, a.seed, a.workers, False, cv['params']).fit_X(cv['X'], train.target)
        t = time.perf_counter() - t0
        ph, pq = s.predict(hold.path), s.predict(q)
        oofs[n], preds[n] = cv['oof'], (ph, pq)
        rows.append(dict(scorer=n, cv_mae=cv['mae'], cv_sd=cv['sd'], holdout_mae=mae(ph, hold.target), query_mae=mae(pq, truth.values), train_s=t))
        print(rows[-1], flush=True)
    members = [m for m in SCORERS['stack-fixed']['members'] if m in oofs]
    if members:
        t0 = time.perf_counter()
        st = fit_stack({m: oofs[m] for m in members}, train.target, a.folds, a.seed)
        single = min(members, key=lambda m: float(np.mean(np.abs(oofs[m] - train.target.values))))
        single_mae = mae(oofs[single], train.target)
        w = np.array(st['weights'])
        if st['mae'] < single_mae - st['sd']:          # as train_scorer: a stack must win by more than its fold spread
            ph = np.clip(np.stack([preds[m][0] for m in members], 1) @ w + st['intercept'], 0, 8)
            pq = np.clip(np.stack([preds[m][1] for m in members], 1) @ w + st['intercept'], 0, 8)
            cvm, cvs, how = st['mae'], st['sd'], 'stack of ' + ', '.join(f'{m} {x:.2f}' for m, x in zip(members, w) if x > 0)
        else: ph, pq, cvm, cvs, how = *preds[single], single_mae, next(r['cv_sd'] for r in rows if r['scorer'] == single), single
        t = sum(r['train_s'] for r in rows if r['scorer'] in members) + time.perf_counter() - t0
        rows.append(dict(scorer='stack-fixed', cv_mae=cvm, cv_sd=cvs, holdout_mae=mae(ph, hold.target), query_mae=mae(pq, truth.values), train_s=t, how=how))
        print(rows[-1], flush=True)
    df = pd.DataFrame(rows).set_index('scorer')
    tag = a.tag or Path(a.data).name
    out = Path(__file__).parent/'results'
    meta = dict(data=str(a.data), n_train=len(train), n_holdout=len(hold), n_query=len(q), folds=a.folds, seed=a.seed,
                image_size=int(json.loads(lay.meta.read_text())['size']) if lay.meta else None)
    (out/f'scorers_{tag}.json').write_text(json.dumps(dict(meta=meta, table=df.reset_index().to_dict('records')), indent=1, default=float))
    from galaxy_nb.pipeline import md_table
    (out/f'scorers_{tag}.md').write_text(f"{meta}\n\n" + md_table(df.drop(columns='how', errors='ignore'), 4) + "\n")
    print(df.round(4).to_string())

if __name__ == '__main__': main()
