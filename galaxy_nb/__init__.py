__version__ = "0.1.0"

import os as _os
# Threads that wait for a descheduled peer sleep instead of spinning; OpenMP reads this once, when torch
# loads, so it is set before any submodule imports torch (see `galaxy_nb.core`, "Sharing the cores").
_os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
