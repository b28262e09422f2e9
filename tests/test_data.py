"""The data layer on bad CSVs and layouts."""
import shutil
import pandas as pd
from galaxy_nb.data import find_layout, load_split, AUX_DIR

def edit_csv(path, fn):
    df = pd.read_csv(path, dtype=str); fn(df).to_csv(path, index=False)

def test_layout_inside_aux_folder(tiny, tmp_path):
    shutil.copytree(tiny, tmp_path/AUX_DIR)
    lay = find_layout(tmp_path, need=('labeled', 'scored', 'query'))
    assert lay.root == tmp_path/AUX_DIR and lay.truth is not None
    assert len(load_split(tmp_path, 'scored')) == 40
