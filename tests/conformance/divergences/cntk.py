"""Known divergences of the CNTK engine from the conformance suite: none.

(The one test skipped on CNTK, test_update_already_applied_eagerly_is_refused_by_function,
skips itself for every engine but TensorFlow; the CNTK engine refuses such an update too.)
"""

DIVERGENCES = {}
