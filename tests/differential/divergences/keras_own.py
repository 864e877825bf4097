"""Keras 2.3.1's own backend tests that fail on kerasbridge on purpose, per engine, with the
reason (test_keras_own_tests.py). Names are the tests' names in Keras 2.3.1's file."""

_BILINEAR = (
    "Keras 2.3.1's Theano backend resizes bilinearly only by a factor of 2, and the test "
    "asserts its NotImplementedError for a factor of 4; kerasbridge resizes bilinearly by any "
    "factor on every engine"
)

_EVERY_ENGINE = {
    "test_resize_images_bilinear[channels_first]": _BILINEAR,
    "test_resize_images_bilinear[channels_last]": _BILINEAR,
}

_BY_ENGINE = {
    # CNTK skips the bilinear test (Keras 2.3.1's CNTK backend has no bilinear resizing).
    "cntk": {},
}


def expected_failures(engine):
    """{test name: reason} for the engine ("tensorflow", "tf_keras", "theano", ...)."""
    if engine in _BY_ENGINE:
        return dict(_BY_ENGINE[engine])
    return dict(_EVERY_ENGINE)
