"""Known divergences of the TensorFlow engine from the conformance suite: none."""

DIVERGENCES = {}
