"""Conformance of activations, losses, normalization and dropout against NumPy references.

Python 3.6-compatible and engine-agnostic: only K and NumPy.
"""

import numpy as np
import pytest

from .conftest import evaluate
from .test_math import MODES, as_input, assert_result, check_gradient, floats, run, skip_on_tf_keras

X = floats(3, 5, low=-3.0, high=3.0)
LOGITS = floats(2, 3, 4, low=-3.0, high=3.0)


def np_softmax(x, axis=-1):
    shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


def np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# --- activations ----------------------------------------------------------------------------


def relu_reference(x, alpha=0.0, max_value=None, threshold=0.0):
    """Keras 2's definition: max_value at or above it, x above threshold, else
    alpha * (x - threshold)."""
    below = alpha * (x - threshold)
    result = np.where(x > threshold, x, below)
    if max_value is not None:
        result = np.where(x >= max_value, max_value, result)
    return result


RELUS = [
    {},
    {"alpha": 0.1},
    {"max_value": 6.0},
    {"max_value": 1.0},
    {"threshold": 0.5},
    {"alpha": 0.2, "max_value": 1.5, "threshold": 0.5},
    {"alpha": 0.1, "threshold": -0.5},
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "options",
    RELUS,
    ids=["relu-" + ("-".join("%s=%s" % kv for kv in sorted(o.items())) or "plain") for o in RELUS],
)
def test_relu(K, mode, options):
    # A dense grid: values between 0 and each threshold, and past max_value=6, none on them.
    x = (np.linspace(-8.0, 8.0, 45) + 0.013).reshape(5, 9).astype("float32")
    actual = run(K, mode, lambda t: K.relu(t, **options), x)
    assert_result(actual, relu_reference(x.astype("float64"), **options), dtype=K.floatx())


ACTIVATIONS = [
    ("elu", lambda K: K.elu, lambda x: np.where(x > 0, x, np.expm1(x))),
    (
        "elu-alpha",
        lambda K: lambda t: K.elu(t, 0.5),
        lambda x: np.where(x > 0, x, 0.5 * np.expm1(x)),
    ),
    ("softmax", lambda K: K.softmax, np_softmax),
    ("softmax-axis0", lambda K: lambda t: K.softmax(t, axis=0), lambda x: np_softmax(x, 0)),
    ("softplus", lambda K: K.softplus, lambda x: np.log1p(np.exp(x))),
    ("softsign", lambda K: K.softsign, lambda x: x / (1 + np.abs(x))),
    ("sigmoid", lambda K: K.sigmoid, np_sigmoid),
    ("hard_sigmoid", lambda K: K.hard_sigmoid, lambda x: np.clip(0.2 * x + 0.5, 0, 1)),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, make_op, reference", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation(K, mode, name, make_op, reference):
    actual = run(K, mode, make_op(K), X)
    assert_result(actual, reference(X.astype("float64")), dtype=K.floatx())


@pytest.mark.parametrize("axis", [-1, 1, 0], ids=lambda a: "axis=%d" % a)
def test_softmax_along_an_axis_of_3d(K, axis):
    actual = evaluate(K, K.softmax(as_input(K, LOGITS), axis=axis))
    assert_result(actual, np_softmax(LOGITS.astype("float64"), axis))


# --- losses ---------------------------------------------------------------------------------


def clipped(p, K):
    return np.clip(p, K.epsilon(), 1 - K.epsilon())


def binary_reference(target, output, from_logits, K):
    if from_logits:
        output = np_sigmoid(output)
    p = clipped(output, K)
    return -(target * np.log(p) + (1 - target) * np.log(1 - p))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])
def test_binary_crossentropy(K, mode, from_logits):
    target = np.array([[0, 1, 1, 0], [1, 0, 0.3, 0.8]], "float32")
    output = floats(2, 4, low=-2.5, high=2.5) if from_logits else floats(2, 4, low=0.05, high=0.95)
    actual = run(K, mode, lambda t, o: K.binary_crossentropy(t, o, from_logits), target, output)
    expected = binary_reference(target.astype("float64"), output, from_logits, K)
    assert_result(actual, expected, rtol=1e-4, atol=1e-5, dtype=K.floatx())


def test_binary_crossentropy_clips_certain_mistakes(K):
    target = np.array([[1.0, 0.0]], "float32")
    output = np.array([[0.0, 1.0]], "float32")
    actual = evaluate(K, K.binary_crossentropy(as_input(K, target), as_input(K, output)))
    assert np.all(np.isfinite(actual))
    # In float32, 1 - epsilon rounds to 1 - 1.19e-7: about 1% away from -log(epsilon).
    assert_result(actual, -np.log([[K.epsilon(), K.epsilon()]]), rtol=3e-2)


def categorical_reference(target, output, from_logits, axis, K):
    if from_logits:
        p = np_softmax(output, axis)
    else:
        p = output / np.sum(output, axis=axis, keepdims=True)  # Keras 2 normalizes first
    return -np.sum(target * np.log(clipped(p, K)), axis=axis)


def one_hot_along(indices, classes, axis):
    return np.moveaxis(np.eye(classes, dtype="float32")[indices], -1, axis)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("axis", [-1, 1], ids=lambda a: "axis=%d" % a)
@pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])
def test_categorical_crossentropy(K, mode, from_logits, axis):
    classes_axis = axis % 3
    output = LOGITS if from_logits else np.abs(LOGITS) + 0.1  # unnormalized on purpose
    labels = np.argmax(floats(2, 3, 4), axis=classes_axis)
    target = one_hot_along(labels, output.shape[classes_axis], axis)
    actual = run(
        K, mode, lambda t, o: K.categorical_crossentropy(t, o, from_logits, axis), target, output
    )
    expected = categorical_reference(target, output.astype("float64"), from_logits, axis, K)
    assert_result(actual, expected, rtol=1e-4, atol=1e-5, dtype=K.floatx())


def sparse_reference(labels, output, from_logits, axis):
    p = np_softmax(output, axis) if from_logits else output
    chosen = np.take_along_axis(p, np.expand_dims(labels, axis), axis=axis)
    return -np.log(np.squeeze(chosen, axis))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("axis", [-1, 1], ids=lambda a: "axis=%d" % a)
@pytest.mark.parametrize("from_logits", [False, True], ids=["probabilities", "logits"])
def test_sparse_categorical_crossentropy(K, mode, from_logits, axis):
    output = LOGITS if from_logits else np_softmax(LOGITS, axis).astype("float32")
    classes_axis = axis % 3
    labels_shape = tuple(d for a, d in enumerate(output.shape) if a != classes_axis)
    labels = np.random.RandomState(7).randint(0, output.shape[classes_axis], labels_shape)
    labels = labels.astype("int32")
    actual = run(
        K,
        mode,
        lambda t, o: K.sparse_categorical_crossentropy(t, o, from_logits, axis),
        labels,
        output,
    )
    expected = sparse_reference(labels, output.astype("float64"), from_logits, axis)
    assert_result(actual, expected, rtol=1e-4, atol=1e-5, dtype=K.floatx())


def test_sparse_categorical_crossentropy_takes_a_column_of_labels(K):
    output = np_softmax(floats(4, 3)).astype("float32")
    labels = np.array([[0], [2], [1], [2]], "int32")
    actual = evaluate(
        K, K.sparse_categorical_crossentropy(K.constant(labels, "int32"), as_input(K, output))
    )
    assert_result(actual, sparse_reference(labels[:, 0], output, False, -1), rtol=1e-4)


@pytest.mark.parametrize("name", ["categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_crossentropy_refuses_an_axis_outside_the_output(K, name):
    output = as_input(K, np_softmax(floats(2, 3)).astype("float32"))
    target = as_input(K, np.eye(3, dtype="float32")[:2])
    with pytest.raises(ValueError, match="axis"):
        getattr(K, name)(target, output, False, 5)


# --- normalization and selection ------------------------------------------------------------


def l2_reference(x, axis):
    squares = np.sum(np.square(x), axis=axis, keepdims=True)
    return x / np.sqrt(np.maximum(squares, 1e-12))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("axis", [None, -1, 0, [1, 2]], ids=lambda a: "axis=%s" % (a,))
def test_l2_normalize(K, mode, axis):
    actual = run(K, mode, lambda t: K.l2_normalize(t, axis=axis), LOGITS)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    assert_result(actual, l2_reference(LOGITS.astype("float64"), np_axis), dtype=K.floatx())


def test_l2_normalize_of_zeros_is_zero(K):
    actual = evaluate(K, K.l2_normalize(as_input(K, np.zeros((2, 3), "float32")), axis=-1))
    assert_result(actual, np.zeros((2, 3)))


def in_top_k_reference(predictions, targets, k):
    """A target is in the top k when fewer than k predictions are strictly larger (ties in)."""
    chosen = predictions[np.arange(len(targets)), targets]
    return np.sum(predictions > chosen[:, None], axis=1) < k


PREDICTIONS = np.array(
    [[0.1, 0.5, 0.2, 0.2], [0.4, 0.1, 0.4, 0.1], [0.7, 0.1, 0.1, 0.1], [0.25] * 4], "float32"
)
TARGETS = np.array([1, 2, 3, 0], "int32")


@pytest.mark.parametrize("k", [1, 2, 3, 4], ids=lambda k: "k=%d" % k)
def test_in_top_k(K, k):
    actual = evaluate(K, K.in_top_k(as_input(K, PREDICTIONS), K.constant(TARGETS, "int32"), k))
    assert_result(actual, in_top_k_reference(PREDICTIONS, TARGETS, k), dtype="bool")


def test_in_top_k_symbolic(K):
    predictions = K.placeholder(shape=(None, 4))
    targets = K.placeholder(shape=(None,), dtype="int32")
    function = K.function([predictions, targets], [K.in_top_k(predictions, targets, 2)])
    actual = np.asarray(function([PREDICTIONS, TARGETS])[0])
    assert_result(actual, in_top_k_reference(PREDICTIONS, TARGETS, 2))


def batch_norm_reference(x, mean, var, beta, gamma, epsilon):
    return (x - mean) / np.sqrt(var + epsilon) * gamma + beta


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", [(2, 3, 4), (2, 3, 5, 4), (6, 4)], ids=lambda s: "%dD" % len(s))
def test_batch_normalization_on_the_last_axis(K, mode, shape):
    x = floats(*shape)
    mean, var = floats(4), floats(4, low=0.2, high=2.0)
    beta, gamma = floats(4, seed=1), floats(4, seed=2)
    actual = run(
        K,
        mode,
        lambda t: K.batch_normalization(
            t,
            as_input(K, mean),
            as_input(K, var),
            as_input(K, beta),
            as_input(K, gamma),
            epsilon=1e-3,
        ),
        x,
    )
    expected = batch_norm_reference(x.astype("float64"), mean, var, beta, gamma, 1e-3)
    assert_result(actual, expected, rtol=1e-4, atol=1e-5, dtype=K.floatx())


def test_batch_normalization_with_broadcast_parameters_channels_first(K):
    x = floats(2, 3, 4, 5)
    parameters = [floats(1, 3, 1, 1, seed=s) for s in range(4)]
    parameters[1] = np.abs(parameters[1]) + 0.2  # the variance
    mean, var, beta, gamma = parameters
    actual = evaluate(
        K,
        K.batch_normalization(
            as_input(K, x), *[as_input(K, p) for p in parameters], axis=1, epsilon=1e-3
        ),
    )
    expected = batch_norm_reference(x.astype("float64"), mean, var, beta, gamma, 1e-3)
    assert_result(actual, expected, rtol=1e-4, atol=1e-5)


def test_batch_normalization_with_vectors_on_axis_1(K, engine_id):
    skip_on_tf_keras(engine_id, "1D parameters applied along a non-last axis")
    x = floats(2, 3, 4, 5)
    mean, var = floats(3), floats(3, low=0.2, high=2.0)
    beta, gamma = floats(3, seed=1), floats(3, seed=2)
    actual = evaluate(
        K,
        K.batch_normalization(
            as_input(K, x),
            as_input(K, mean),
            as_input(K, var),
            as_input(K, beta),
            as_input(K, gamma),
            axis=1,
            epsilon=1e-3,
        ),
    )
    column = (1, 3, 1, 1)
    expected = batch_norm_reference(
        x.astype("float64"),
        mean.reshape(column),
        var.reshape(column),
        beta.reshape(column),
        gamma.reshape(column),
        1e-3,
    )
    assert_result(actual, expected, rtol=1e-4, atol=1e-5)


NORMALIZE_CASES = [
    ((4, 3, 5), [0, 1]),
    ((6, 5), [0]),
    ((2, 3, 3, 5), [0, 1, 2]),
    ((2, 5, 3, 3), [0, 2, 3]),
]


@pytest.mark.parametrize(
    "shape, axes", NORMALIZE_CASES, ids=["%dD-axes=%s" % (len(s), a) for s, a in NORMALIZE_CASES]
)
def test_normalize_batch_in_training(K, shape, axes):
    x = floats(*shape)
    kept = tuple(d for a, d in enumerate(shape) if a not in axes)
    gamma, beta = floats(*kept, seed=3), floats(*kept, seed=4)
    normalized, mean, variance = K.normalize_batch_in_training(
        as_input(K, x), as_input(K, gamma), as_input(K, beta), axes, epsilon=1e-3
    )
    x64 = x.astype("float64")
    expected_mean = np.mean(x64, axis=tuple(axes))
    expected_variance = np.var(x64, axis=tuple(axes))
    assert_result(evaluate(K, mean), expected_mean, rtol=1e-4, atol=1e-5)
    assert_result(evaluate(K, variance), expected_variance, rtol=1e-4, atol=1e-5)
    keep = [1 if a in axes else d for a, d in enumerate(shape)]
    expected = batch_norm_reference(
        x64,
        expected_mean.reshape(keep),
        expected_variance.reshape(keep),
        beta.reshape(keep),
        gamma.reshape(keep),
        1e-3,
    )
    assert_result(evaluate(K, normalized), expected, rtol=1e-4, atol=1e-4)


def test_normalize_batch_in_training_without_gamma_and_beta(K):
    x = floats(8, 3)
    normalized, _, _ = K.normalize_batch_in_training(as_input(K, x), None, None, [0])
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    assert_result(evaluate(K, normalized), expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    "mode, axes", [("per-activation", (0,)), ("spatial", (0, 2, 3)), (" Spatial", (0, 2, 3))]
)
def test_normalize_batch_in_training_takes_theano_modes(K, mode, axes):
    # Keras 2.3.1's Theano backend passes Theano's batch-norm mode names through.
    x = floats(3, 4, 2, 5)
    normalized, mean, _ = K.normalize_batch_in_training(as_input(K, x), None, None, mode)
    expected = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + 1e-3)
    assert_result(evaluate(K, normalized), expected, rtol=1e-4, atol=1e-4)
    assert_result(evaluate(K, mean), x.mean(axes), rtol=1e-4, atol=1e-5)


def test_normalize_batch_in_training_refuses_another_mode(K):
    with pytest.raises(ValueError, match=r"a list of integers, or one of \"per-activation\""):
        K.normalize_batch_in_training(as_input(K, floats(2, 3)), None, None, "channel")


# --- bias -----------------------------------------------------------------------------------

BIAS_CASES = [
    ((4, 3), "channels_last"),
    ((2, 5, 3), "channels_last"),
    ((2, 3, 5), "channels_first"),
    ((2, 4, 5, 3), "channels_last"),
    ((2, 3, 4, 5), "channels_first"),
    ((2, 2, 4, 5, 3), "channels_last"),
    ((2, 3, 2, 4, 5), "channels_first"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "shape, data_format", BIAS_CASES, ids=["%dD-%s" % (len(s), f) for s, f in BIAS_CASES]
)
def test_bias_add_vector(K, mode, shape, data_format):
    x, bias = floats(*shape), floats(3, seed=9)
    actual = run(K, mode, lambda t: K.bias_add(t, as_input(K, bias), data_format), x)
    channel_axis = 1 if data_format == "channels_first" else len(shape) - 1
    broadcast = [1] * len(shape)
    broadcast[channel_axis] = 3
    assert_result(actual, x + bias.reshape(broadcast), dtype=K.floatx())


def test_bias_add_follows_the_image_data_format_setting(K):
    x, bias = floats(2, 3, 4, 5), floats(3, seed=9)
    previous = K.image_data_format()
    K.set_image_data_format("channels_first")
    try:
        actual = evaluate(K, K.bias_add(as_input(K, x), as_input(K, bias)))
    finally:
        K.set_image_data_format(previous)
    assert_result(actual, x + bias.reshape(1, 3, 1, 1))


def test_bias_add_full_bias_channels_last(K):
    x, bias = floats(2, 4, 5, 3), floats(4, 5, 3, seed=9)
    actual = evaluate(K, K.bias_add(as_input(K, x), as_input(K, bias), "channels_last"))
    assert_result(actual, x + bias)


def test_bias_add_full_bias_channels_first_reshapes_as_keras_2_3_1(K):
    # Keras 2.3.1 (and tf_keras) reshape the channels-last bias, they do not transpose it.
    x, bias = floats(2, 3, 4, 5), floats(4, 5, 3, seed=9)
    actual = evaluate(K, K.bias_add(as_input(K, x), as_input(K, bias), "channels_first"))
    assert_result(actual, x + bias.reshape(1, 3, 4, 5))


def test_bias_add_refuses_a_bias_of_the_wrong_rank(K):
    with pytest.raises(ValueError, match="bias"):
        K.bias_add(as_input(K, floats(2, 3, 4)), as_input(K, floats(2, 2, 2, 2)))


def test_bias_add_refuses_an_unknown_data_format(K):
    with pytest.raises(ValueError, match="channels_middle"):
        K.bias_add(as_input(K, floats(2, 3, 4)), as_input(K, floats(4)), "channels_middle")


# --- dropout --------------------------------------------------------------------------------


def test_dropout_drops_the_level_and_rescales_the_rest(K):
    ones = np.ones((200, 100), "float32")
    actual = evaluate(K, K.dropout(as_input(K, ones), 0.3))
    dropped = np.mean(actual == 0)
    assert 0.27 < dropped < 0.33, "dropped fraction %.3f, expected about 0.3" % dropped
    np.testing.assert_allclose(actual[actual != 0], 1 / 0.7, rtol=1e-6)


def test_dropout_noise_shape_drops_whole_rows(K):
    ones = np.ones((400, 6), "float32")
    actual = evaluate(K, K.dropout(as_input(K, ones), 0.5, noise_shape=(400, 1)))
    row_is_constant = np.all(actual == actual[:, :1], axis=1)
    assert np.all(row_is_constant)
    # 400 rows: a standard error of 0.025, so 0.35-0.65 is 6 of them (unseeded, it must not
    # fail by chance)
    assert 0.35 < np.mean(actual[:, 0] == 0) < 0.65


def test_dropout_noise_shape_may_leave_the_batch_unknown(K, engine_id):
    skip_on_tf_keras(engine_id, "None entries in noise_shape")
    holder = K.placeholder(shape=(None, 6))
    function = K.function([holder], [K.dropout(holder, 0.5, noise_shape=(None, 1))])
    actual = np.asarray(function([np.ones((300, 6), "float32")])[0])
    assert np.all(actual == actual[:, :1])
    assert set(np.unique(actual)) == {0.0, 2.0}


def test_dropout_level_zero_keeps_everything(K):
    x = floats(3, 4)
    assert_result(evaluate(K, K.dropout(as_input(K, x), 0.0)), x)


@pytest.mark.parametrize("level", [1.0, -0.1, 1.5], ids=lambda v: "level=%r" % v)
def test_dropout_refuses_a_level_outside_0_1(K, level):
    with pytest.raises(ValueError):
        K.dropout(as_input(K, floats(3, 4)), level)


# --- gradients ------------------------------------------------------------------------------

GRADIENTS = [
    ("softmax", lambda K: K.softmax),
    ("elu", lambda K: lambda t: K.elu(t, 0.5)),
    ("softplus", lambda K: K.softplus),
    ("l2_normalize", lambda K: lambda t: K.l2_normalize(t, axis=-1)),
    (
        "categorical_crossentropy-logits",
        lambda K: lambda t: K.categorical_crossentropy(K.softmax(t * 0), t, from_logits=True),
    ),
    (
        "binary_crossentropy",
        lambda K: lambda t: K.binary_crossentropy(K.sigmoid(t * 0), K.sigmoid(t)),
    ),
]


@pytest.mark.parametrize("name, make_op", GRADIENTS, ids=[g[0] for g in GRADIENTS])
def test_gradient_matches_finite_differences(K, name, make_op):
    check_gradient(K, make_op(K), floats(3, 4).astype(K.floatx()))
