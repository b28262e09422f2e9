import shutil
from pathlib import Path
import pytest
from galaxy_nb.synth import synth

@pytest.fixture(scope='session')
def tiny(tmp_path_factory) -> Path:
    "A simulated `tiny` data set, shared by the tests (read-only: copy before changing it)."
    out = tmp_path_factory.mktemp('data')/'tiny'
    synth(out, 'tiny', seed=3, workers=2, progress=False)
    return out

@pytest.fixture
def tiny_copy(tiny, tmp_path) -> Path:
    "A private copy of the tiny data set that a test may damage."
    dst = tmp_path/'tiny'
    shutil.copytree(tiny, dst)
    return dst
