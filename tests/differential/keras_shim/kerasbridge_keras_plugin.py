"""pytest plugin for the child that runs Keras 2.3.1's own backend tests (``-p`` loads it).

Keras 2.3.1's tests use NumPy aliases that NumPy 1.24 removed (np.bool, np.int, np.float,
np.object); they are given back here, as the builtins they always were.
"""

import numpy as np

for _alias, _builtin in (("bool", bool), ("int", int), ("float", float), ("object", object)):
    if _alias not in np.__dict__:
        setattr(np, _alias, _builtin)
