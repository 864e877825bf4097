"""Known divergences of the theano engine (Theano 1.0.5 and PyTensor), with reasons.

Applied as strict xfails by conftest.py: a divergence that gets fixed fails until removed.
"""

_NO_SESSION = (
    "get_session/set_session are unsupported on the theano engine (Theano and PyTensor have no "
    "session: each K.function is compiled on its own); the test assumes TensorFlow's "
    "compatibility session"
)

_NO_CONTROL_DEPENDENCIES = (
    "Theano and PyTensor order computations by data flow only: control_dependencies is a "
    "context that does nothing (as in Keras 2.3.1's Theano backend), so an update that the "
    "output does not use is not run by K.function; pass it in updates= instead"
)

DIVERGENCES = {
    "test_keras2_api.py::test_control_dependencies_run_first_in_a_function": (
        _NO_CONTROL_DEPENDENCIES
    ),
    "test_core.py::test_session_run_evaluates_with_feeds": _NO_SESSION,
    "test_core.py::test_set_session_accepts_its_own_session": _NO_SESSION,
    "test_core.py::test_set_session_refuses_other_objects": _NO_SESSION,
}
