"""Known divergences of the CNTK engine from the conformance suite, with reasons.

(The one test skipped on CNTK, test_update_already_applied_eagerly_is_refused_by_function,
skips itself for every engine but TensorFlow; the CNTK engine refuses such an update too.)
"""

DIVERGENCES = {
    "test_keras2_api.py::test_control_dependencies_run_first_in_a_function": (
        "CNTK orders computations by data flow only: control_dependencies is a context that "
        "does nothing (as in Keras 2.3.1's CNTK backend), so an update that the output does "
        "not use is not run by K.function; pass it in updates= instead"
    ),
}
