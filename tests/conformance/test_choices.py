"""String choices reach every engine through the guard: one message for a bad value, and a
value in another case or with spaces means the same as the spec's spelling."""

import numpy as np
import pytest

from kerasbridge.errors import ChoiceError

from .conftest import evaluate

IMAGES = np.arange(2 * 4 * 4 * 3, dtype="float32").reshape(2, 4, 4, 3) / 10.0
KERNEL = np.linspace(-1, 1, 3 * 3 * 3 * 2, dtype="float32").reshape(3, 3, 3, 2)

BAD_CHOICES = [
    (
        "conv2d-padding",
        lambda K: K.conv2d(K.constant(IMAGES), K.constant(KERNEL), padding="full"),
        'conv2d(): padding must be one of "valid", "same", got \'full\' (str).',
    ),
    (
        "pool2d-pool_mode",
        lambda K: K.pool2d(K.constant(IMAGES), (2, 2), pool_mode="mean"),
        'pool2d(): pool_mode must be one of "max", "avg", got \'mean\' (str).',
    ),
    (
        "pool3d-data_format",
        lambda K: K.pool3d(K.constant(IMAGES[..., None]), (1, 1, 1), data_format="NDHWC"),
        'pool3d(): data_format must be one of "channels_last", "channels_first" or None, '
        "got 'NDHWC' (str).",
    ),
    (
        "resize_images-interpolation",
        lambda K: K.resize_images(K.constant(IMAGES), 2, 2, "channels_last", "bicubic"),
        'resize_images(): interpolation must be one of "nearest", "bilinear", '
        "got 'bicubic' (str).",
    ),
]


@pytest.mark.parametrize(
    "build, message", [case[1:] for case in BAD_CHOICES], ids=[case[0] for case in BAD_CHOICES]
)
def test_a_bad_choice_is_refused_with_the_one_message(K, build, message):
    with pytest.raises(ChoiceError) as raised:
        build(K)
    assert str(raised.value) == message


def test_a_choice_in_another_case_means_the_same(K):
    x, kernel = K.constant(IMAGES), K.constant(KERNEL)
    expected = evaluate(K, K.conv2d(x, kernel, padding="same", data_format="channels_last"))
    got = evaluate(K, K.conv2d(x, kernel, padding=" Same", data_format="Channels_Last "))
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    pooled = evaluate(K, K.pool2d(x, (2, 2), strides=(2, 2), pool_mode="AVG"))
    reference = IMAGES.reshape(2, 2, 2, 2, 2, 3).mean(axis=(2, 4))
    np.testing.assert_allclose(pooled, reference, rtol=1e-6)
