"""pytest plugin for the child that runs Keras 2.3.1's own backend tests (``-p`` loads it): it
clears the session after each test, and gives back NumPy's removed aliases.

Keras 2.3.1's tests use NumPy aliases that NumPy 1.24 removed (np.bool, np.int, np.float,
np.object); they are given back here, as the builtins they always were.
"""

import numpy as np
import pytest

for _alias, _builtin in (("bool", bool), ("int", int), ("float", float), ("object", object)):
    if _alias not in np.__dict__:
        setattr(np, _alias, _builtin)


@pytest.fixture(autouse=True)
def _fresh_session_for_each_test():
    """A fresh session after each test, as Keras 2.3.1's own test configuration gives its
    tests: graph-mode TensorFlow (implementation "tensorflow") otherwise keeps every tensor of
    every test in one graph, and each evaluation gets slower."""
    yield
    from keras import backend

    backend.clear_session()
