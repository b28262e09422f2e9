"""The data layer on bad CSVs and layouts."""
import shutil
import pandas as pd
import pytest
from galaxy_nb.core import GalaxyError
from galaxy_nb.data import find_layout, load_split, galaxy_dls, AUX_DIR

def edit_csv(path, fn):
    df = pd.read_csv(path, dtype=str); fn(df).to_csv(path, index=False)

@pytest.mark.parametrize('how,words', [
    ('missing', ('scored.csv', 'missing, e.g.')),
    ('extra', ('scored.csv', 'extra Id(s), e.g. 1234567')),
    ('duplicate', ('scored.csv', 'appears more than once')),
    ('nan', ('scored.csv', 'not a finite number')),
    ('text', ('scored.csv', "'abc'")),
    ('range', ('scored.csv', 'outside [0, 8]')),
    ('header', ('scored.csv', 'expected Id,Actual')),
])
def test_bad_scored_csv(tiny_copy, how, words):
    f = tiny_copy/'scored.csv'
    if how == 'missing': edit_csv(f, lambda d: d.iloc[1:])
    elif how == 'extra': edit_csv(f, lambda d: pd.concat([d, pd.DataFrame({'Id': ['1234567'], 'Actual': ['1.0']})]))
    elif how == 'duplicate': edit_csv(f, lambda d: pd.concat([d, d.iloc[:1]]))
    elif how == 'nan': edit_csv(f, lambda d: d.assign(Actual=['nan'] + list(d.Actual[1:])))
    elif how == 'text': edit_csv(f, lambda d: d.assign(Actual=['abc'] + list(d.Actual[1:])))
    elif how == 'range': edit_csv(f, lambda d: d.assign(Actual=['9.5'] + list(d.Actual[1:])))
    elif how == 'header': edit_csv(f, lambda d: d.rename(columns={'Actual': 'Score'}))
    with pytest.raises(GalaxyError) as e: load_split(tiny_copy, 'scored')
    msg = str(e.value); assert '\n' not in msg
    for w in words: assert w in msg, (w, msg)

def test_bad_label(tiny_copy):
    edit_csv(tiny_copy/'labeled.csv', lambda d: d.assign(Actual=['0.5'] + list(d.Actual[1:])))
    with pytest.raises(GalaxyError, match='not 0.0 or 1.0'): load_split(tiny_copy, 'labeled')

def test_layout_inside_aux_folder(tiny, tmp_path):
    shutil.copytree(tiny, tmp_path/AUX_DIR)
    lay = find_layout(tmp_path, need=('labeled', 'scored', 'query'))
    assert lay.root == tmp_path/AUX_DIR and lay.truth is not None
    assert len(load_split(tmp_path, 'scored')) == 40

def test_missing_parts(tiny_copy):
    (tiny_copy/'scored.csv').unlink()
    with pytest.raises(GalaxyError, match='missing scored.csv'): load_split(tiny_copy, 'scored')
    with pytest.raises(GalaxyError, match='no labeled/, scored/ or query/'): find_layout(tiny_copy/'labeled')

def test_no_label1_images(tiny_copy):
    edit_csv(tiny_copy/'labeled.csv', lambda d: d.assign(Actual='0.0'))
    with pytest.raises(GalaxyError, match='no label-1'): galaxy_dls(tiny_copy, 'labeled', label1_only=True)

def test_dataloaders_each_split(tiny):
    x, y = galaxy_dls(tiny, 'scored', n=32, bs=4).one_batch()
    assert x.shape == (4, 1, 32, 32) and y.shape == (4, 1)
    x, y = galaxy_dls(tiny, 'labeled', n=64, bs=4, norm='unit').one_batch()
    assert x.min() >= 0 and set(y.tolist()) <= {0, 1}
    (x,) = galaxy_dls(tiny, 'query', n=64, bs=4).one_batch()
    assert x.shape == (4, 1, 64, 64)
