"""pytest plugin for the child that runs Keras 2.3.1's own backend tests (``-p`` loads it): it
seeds each test's unseeded draws, clears the session after each test, and gives back NumPy's
removed aliases.

Keras 2.3.1's tests use NumPy aliases that NumPy 1.24 removed (np.bool, np.int, np.float,
np.object); they are given back here, as the builtins they always were.
"""

import sys
import zlib

import numpy as np
import pytest

for _alias, _builtin in (("bool", bool), ("int", int), ("float", float), ("object", object)):
    if _alias not in np.__dict__:
        setattr(np, _alias, _builtin)


@pytest.fixture(autouse=True)
def _seeded_draws(request):
    """Each test's unseeded random draws from a seed of its own name. Keras 2.3.1's statistical
    tests (test_random_normal: the mean of 40,000 draws within 0.015, 3 standard errors) fail
    about once in 200 runs on any correct engine when the draws vary from run to run; one CI
    run failed so on Theano (0.0199). The Theano engine and tf_keras take an unseeded op's seed
    from NumPy, the TensorFlow engine from TensorFlow's global seed; CNTK and JAX start every
    process from the same state."""
    seed = zlib.crc32(request.node.name.encode("utf-8"))
    np.random.seed(seed)
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(seed)


@pytest.fixture(autouse=True)
def _fresh_session_for_each_test():
    """A fresh session after each test, as Keras 2.3.1's own test configuration gives its
    tests: graph-mode TensorFlow (implementation "tensorflow") otherwise keeps every tensor of
    every test in one graph, and each evaluation gets slower."""
    yield
    from keras import backend

    backend.clear_session()
