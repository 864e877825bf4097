"""The differential cases: per backend function, several argument combinations.

Each case names the spec function it exercises, its input arrays (fed to placeholders whose
first dimension is None unless ``fixed``) and ``call(K, *placeholders)``, which builds the
result with whichever backend ``K`` is given: Keras 2.3.1's in the oracle's child, kerasbridge's
in the test. Options:

- ``phase``: the learning phase fed through K.function (0 or 1);
- ``compare``: "values" (default), "shape" (random draws: shape and dtype only) or "stdout"
  (print_tensor: what was printed, then values);
- ``kernels``: {input index: spatial axes} of convolution kernels; Keras 2.3.1's Theano backend
  convolves (it flips kernels), kerasbridge correlates on every engine, so the Theano oracle is
  fed those kernels flipped, as Keras 2.3.1's own tests do with ``convert_kernel`` (not the
  depthwise kernels of separable_conv2d: Keras 2.3.1's Theano backend flips those itself);
- ``static``: the call returns a Python value (ndim, int_shape...), compared as is;
- ``updates``: the call returns (outputs, updates, variables): K.function applies the updates,
  and the variables' values after the call are compared too;
- ``rtol``/``atol``: tolerances (float32 defaults).

Inputs are drawn from one seeded generator in file order: the oracle and the tests read the
same file, so they see the same numbers; the oracle's cache is keyed by this file's hash.
Python 3.6-compatible (the CNTK oracle and the CNTK engine run on CPython 3.6).
"""

import numpy as np

RANDOM = np.random.RandomState(20191122)  # Keras 2.3.1's release date


class Case(object):
    def __init__(self, function, label, inputs, call, **options):
        self.function = function
        self.id = "%s-%s" % (function, label)
        self.inputs = list(inputs)
        self.call = call
        self.fixed = options.pop("fixed", False)
        self.phase = options.pop("phase", None)
        self.compare = options.pop("compare", "values")
        self.kernels = options.pop("kernels", {})
        self.static = options.pop("static", False)
        self.updates = options.pop("updates", False)
        self.rtol = options.pop("rtol", 1e-4)
        self.atol = options.pop("atol", 1e-5)
        if options:
            raise TypeError("unknown case options %s in %s" % (sorted(options), self.id))

    def __repr__(self):
        return "Case(%s)" % self.id


CASES = []


def case(function, label, inputs, call, **options):
    CASES.append(Case(function, label, inputs, call, **options))


def R(*shape):
    """Floats in [-1, 1)."""
    return RANDOM.uniform(-1, 1, size=shape).astype("float32")


def P(*shape):
    """Positive floats in [0.1, 2)."""
    return RANDOM.uniform(0.1, 2, size=shape).astype("float32")


def Ints(high, *shape):
    """int32 in [0, high)."""
    return RANDOM.randint(0, high, size=shape).astype("int32")


def softmax(logits, axis=-1):
    e = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype("float32")


_ONE_HOT_TARGETS = np.eye(5, dtype="float32")[[1, 4, 0]]

# --- element-wise math ---------------------------------------------------------------------------

for name in (
    "abs",
    "exp",
    "square",
    "sign",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "hard_sigmoid",
    "softplus",
    "softsign",
    "relu",
    "elu",
    "round",
    "identity",
    "zeros_like",
    "ones_like",
    "stop_gradient",
):
    case(name, "2d", [R(3, 4) * 3], (lambda n: lambda K, x: getattr(K, n)(x))(name))
case(
    "round",
    "halves",
    [np.array([[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]], "float32")],
    lambda K, x: K.round(x),
)
case("log", "positive", [P(3, 4)], lambda K, x: K.log(x))
case("sqrt", "positive", [P(3, 4)], lambda K, x: K.sqrt(x))
case("pow", "cube", [R(3, 4)], lambda K, x: K.pow(x, 3))
case("pow", "half", [P(3, 4)], lambda K, x: K.pow(x, 0.5))
case("relu", "alpha", [R(3, 4)], lambda K, x: K.relu(x, alpha=0.1))
case("relu", "max_value", [R(3, 4) * 4], lambda K, x: K.relu(x, max_value=1.5))
case("relu", "threshold", [R(3, 4)], lambda K, x: K.relu(x, threshold=0.2))
case("relu", "all", [R(3, 4) * 4], lambda K, x: K.relu(x, alpha=0.2, max_value=2.0, threshold=0.5))
case("elu", "alpha", [R(3, 4) * 3], lambda K, x: K.elu(x, alpha=0.5))
case("softmax", "2d", [R(3, 5) * 3], lambda K, x: K.softmax(x))
case("softmax", "3d", [R(2, 3, 5) * 3], lambda K, x: K.softmax(x))
case("softmax", "axis1", [R(2, 3, 5) * 3], lambda K, x: K.softmax(x, axis=1))
case("clip", "both", [R(3, 4) * 3], lambda K, x: K.clip(x, -0.5, 1.0))
case("clip", "max_below_min", [R(3, 4)], lambda K, x: K.clip(x, 0.5, 0.2))
case("cast", "to_int32", [R(3, 4) * 5], lambda K, x: K.cast(x, "int32"))
case("cast", "int_to_float", [Ints(9, 3, 4)], lambda K, x: K.cast(x, "float32"))
case("l2_normalize", "last", [R(3, 4)], lambda K, x: K.l2_normalize(x, axis=-1))
case("l2_normalize", "first", [R(3, 4)], lambda K, x: K.l2_normalize(x, axis=0))
case("l2_normalize", "all", [R(3, 4)], lambda K, x: K.l2_normalize(x))
for name in (
    "maximum",
    "minimum",
    "equal",
    "not_equal",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
):
    case(
        name,
        "same_shape",
        [np.round(R(3, 4) * 2), np.round(R(3, 4) * 2)],
        (lambda n: lambda K, x, y: getattr(K, n)(x, y))(name),
    )
    case(
        name,
        "broadcast",
        [np.round(R(3, 4) * 2), np.round(R(4) * 2)],
        (lambda n: lambda K, x, y: getattr(K, n)(x, y))(name),
    )

# --- reductions ----------------------------------------------------------------------------------

for name in ("sum", "mean", "max", "min", "prod", "std", "var", "logsumexp"):
    reduce = (
        lambda n: lambda axis, keepdims: lambda K, x: getattr(K, n)(x, axis=axis, keepdims=keepdims)
    )(name)
    case(name, "all", [R(2, 3, 4)], reduce(None, False))
    case(name, "axis1", [R(2, 3, 4)], reduce(1, False))
    case(name, "axis-1_keepdims", [R(2, 3, 4)], reduce(-1, True))
    case(name, "axes0_2", [R(2, 3, 4)], reduce([0, 2], False))
    case(name, "all_keepdims", [R(2, 3, 4)], reduce(None, True))
for name in ("any", "all"):
    case(name, "axis1", [Ints(2, 3, 4)], (lambda n: lambda K, x: getattr(K, n)(x, axis=1))(name))
    case(
        name,
        "all_keepdims",
        [Ints(2, 3, 4)],
        (lambda n: lambda K, x: getattr(K, n)(x, keepdims=True))(name),
    )
    case(
        name,
        "bool",
        [Ints(2, 3, 4).astype(bool)],
        (lambda n: lambda K, x: getattr(K, n)(x, axis=-1))(name),
    )
for name in ("argmax", "argmin"):
    case(name, "last", [R(3, 5)], (lambda n: lambda K, x: getattr(K, n)(x))(name))
    case(name, "axis0", [R(3, 5)], (lambda n: lambda K, x: getattr(K, n)(x, axis=0))(name))
    case(name, "3d_axis1", [R(2, 3, 5)], (lambda n: lambda K, x: getattr(K, n)(x, axis=1))(name))
for name in ("cumsum", "cumprod"):
    case(name, "axis0", [R(3, 4)], (lambda n: lambda K, x: getattr(K, n)(x))(name))
    case(name, "axis1", [R(3, 4)], (lambda n: lambda K, x: getattr(K, n)(x, axis=1))(name))

# --- products ------------------------------------------------------------------------------------

case("dot", "2d_2d", [R(3, 4), R(4, 5)], lambda K, x, y: K.dot(x, y))
case("dot", "3d_2d", [R(2, 3, 4), R(4, 5)], lambda K, x, y: K.dot(x, y))
case("dot", "2d_3d", [R(3, 4), R(2, 4, 5)], lambda K, x, y: K.dot(x, y), fixed=True)
case("batch_dot", "2d_2d", [R(3, 4), R(3, 4)], lambda K, x, y: K.batch_dot(x, y, axes=1))
case("batch_dot", "3d_3d", [R(2, 3, 4), R(2, 4, 5)], lambda K, x, y: K.batch_dot(x, y))
case(
    "batch_dot",
    "3d_3d_axes2_2",
    [R(2, 3, 4), R(2, 5, 4)],
    lambda K, x, y: K.batch_dot(x, y, axes=[2, 2]),
)
case("batch_dot", "3d_2d", [R(2, 3, 4), R(2, 4)], lambda K, x, y: K.batch_dot(x, y, axes=(2, 1)))

# --- shapes --------------------------------------------------------------------------------------

case("reshape", "to_2d", [R(2, 3, 4)], lambda K, x: K.reshape(x, (-1, 4)))
case("reshape", "to_4d", [R(2, 3, 4)], lambda K, x: K.reshape(x, (-1, 3, 2, 2)))
case("permute_dimensions", "3d", [R(2, 3, 4)], lambda K, x: K.permute_dimensions(x, (0, 2, 1)))
case(
    "permute_dimensions", "4d", [R(2, 3, 4, 5)], lambda K, x: K.permute_dimensions(x, (0, 3, 1, 2))
)
case("transpose", "2d", [R(3, 4)], lambda K, x: K.transpose(x), fixed=True)
case("expand_dims", "last", [R(3, 4)], lambda K, x: K.expand_dims(x))
case("expand_dims", "axis1", [R(3, 4)], lambda K, x: K.expand_dims(x, 1))
case("squeeze", "axis1", [R(3, 1, 4)], lambda K, x: K.squeeze(x, 1))
case("squeeze", "last", [R(3, 4, 1)], lambda K, x: K.squeeze(x, -1))
case("flatten", "3d", [R(2, 3, 4)], lambda K, x: K.flatten(x))
case("batch_flatten", "4d", [R(2, 3, 4, 2)], lambda K, x: K.batch_flatten(x))
case("concatenate", "last", [R(2, 3), R(2, 4)], lambda K, x, y: K.concatenate([x, y]))
case("concatenate", "axis0", [R(2, 3), R(1, 3)], lambda K, x, y: K.concatenate([x, y], axis=0))
case(
    "concatenate",
    "3d_axis1",
    [R(2, 3, 4), R(2, 1, 4)],
    lambda K, x, y: K.concatenate([x, y], axis=1),
)
case("stack", "axis0", [R(2, 3), R(2, 3)], lambda K, x, y: K.stack([x, y]))
case("stack", "axis-1", [R(2, 3), R(2, 3)], lambda K, x, y: K.stack([x, y], axis=-1))
case("tile", "2d", [R(2, 3)], lambda K, x: K.tile(x, (2, 3)))
case("tile", "3d", [R(2, 3, 1)], lambda K, x: K.tile(x, [1, 2, 4]))
case("repeat_elements", "axis1", [R(2, 3, 4)], lambda K, x: K.repeat_elements(x, 2, axis=1))
case("repeat_elements", "last", [R(2, 3)], lambda K, x: K.repeat_elements(x, 3, axis=-1))
case("reverse", "axis1", [R(2, 3, 4)], lambda K, x: K.reverse(x, 1))
case("reverse", "axes0_2", [R(2, 3, 4)], lambda K, x: K.reverse(x, [0, 2]))
case("one_hot", "1d", [Ints(5, 4)], lambda K, x: K.one_hot(x, 5))
case("one_hot", "2d", [Ints(4, 2, 3)], lambda K, x: K.one_hot(x, 4))
case(
    "gather",
    "vector",
    [R(5, 3), np.array([4, 0, 2, 2], "int32")],
    lambda K, x, i: K.gather(x, i),
    fixed=True,
)
case(
    "gather",
    "matrix",
    [R(5, 3), np.array([[1, 0], [3, 4]], "int32")],
    lambda K, x, i: K.gather(x, i),
    fixed=True,
)
case("temporal_padding", "default", [R(2, 3, 4)], lambda K, x: K.temporal_padding(x))
case("temporal_padding", "asymmetric", [R(2, 3, 4)], lambda K, x: K.temporal_padding(x, (2, 0)))
case(
    "spatial_2d_padding",
    "channels_last",
    [R(2, 3, 4, 2)],
    lambda K, x: K.spatial_2d_padding(x, ((1, 0), (2, 1)), data_format="channels_last"),
)
case(
    "spatial_2d_padding",
    "channels_first",
    [R(2, 2, 3, 4)],
    lambda K, x: K.spatial_2d_padding(x, ((1, 0), (2, 1)), data_format="channels_first"),
)
case(
    "spatial_3d_padding",
    "channels_last",
    [R(1, 2, 3, 2, 2)],
    lambda K, x: K.spatial_3d_padding(x, ((1, 0), (0, 1), (1, 1)), data_format="channels_last"),
)
case(
    "spatial_3d_padding",
    "channels_first",
    [R(1, 2, 2, 3, 2)],
    lambda K, x: K.spatial_3d_padding(x, ((1, 0), (0, 1), (1, 1)), data_format="channels_first"),
)
case(
    "resize_images",
    "channels_last",
    [R(2, 3, 4, 2)],
    lambda K, x: K.resize_images(x, 2, 3, "channels_last"),
)
case(
    "resize_images",
    "channels_first",
    [R(2, 2, 3, 4)],
    lambda K, x: K.resize_images(x, 3, 2, "channels_first"),
)
case(
    "resize_volumes",
    "channels_last",
    [R(1, 2, 3, 2, 2)],
    lambda K, x: K.resize_volumes(x, 2, 1, 2, "channels_last"),
)
case(
    "resize_volumes",
    "channels_first",
    [R(1, 2, 2, 3, 2)],
    lambda K, x: K.resize_volumes(x, 1, 2, 2, "channels_first"),
)
case("arange", "stop", [], lambda K: K.arange(5))
case("arange", "start_stop_step", [], lambda K: K.arange(2, 11, 3))
case("arange", "float", [], lambda K: K.arange(1, 4, dtype="float32"))
case("zeros", "2d", [], lambda K: K.zeros((2, 3)))
case("ones", "int", [], lambda K: K.ones((2, 3), dtype="int32"))
case("eye", "square", [], lambda K: K.eye(3))
case("constant", "fill", [], lambda K: K.constant(2.5, shape=(2, 3)))
case("repeat", "2d", [R(3, 4)], lambda K, x: K.repeat(x, 3))
case("slice", "3d", [R(3, 4, 5)], lambda K, x: K.slice(x, (0, 1, 2), (2, 2, 3)), fixed=True)
case("size", "3d", [R(2, 3, 4)], lambda K, x: K.size(x))
case(
    "gradients",
    "cube",
    [R(3, 4)],
    lambda K, x: K.gradients(K.sum(K.square(x) * x), [x]),
)
case(
    "gradients",
    "softmax_log_likelihood",
    [_ONE_HOT_TARGETS, R(3, 5)],
    lambda K, t, z: K.gradients(K.mean(-K.sum(t * K.log(K.softmax(z)), axis=-1)), [z]),
)
case("shape", "3d", [R(2, 3, 4)], lambda K, x: K.shape(x))
case("ndim", "3d", [R(2, 3, 4)], lambda K, x: K.ndim(x), static=True)
case("int_shape", "placeholder", [R(2, 3, 4)], lambda K, x: K.int_shape(x), static=True)
case("dtype", "float", [R(2, 3)], lambda K, x: K.dtype(x), static=True)
case("dtype", "int", [Ints(3, 2, 3)], lambda K, x: K.dtype(x), static=True)
case(
    "switch",
    "tensor_condition",
    [R(3, 4), R(3, 4), R(3, 4)],
    lambda K, c, x, y: K.switch(K.greater(c, 0), x, y),
)
case(
    "switch",
    "scalar_condition",
    [R(3, 4), R(3, 4)],
    lambda K, x, y: K.switch(K.greater(K.sum(x), 100.0), x, y),
)


def _updated(K, function, start, x, *arguments):
    variable = K.variable(start)
    before = variable * 1.0  # read before the update
    return [before], [function(variable, x, *arguments)], [variable]


_START = R(2, 3)
for name in ("update", "update_add", "update_sub"):
    case(
        name,
        "variable",
        [R(2, 3)],
        (lambda n: lambda K, x: _updated(K, getattr(K, n), _START, x))(name),
        fixed=True,
        updates=True,
    )
case(
    "moving_average_update",
    "momentum",
    [R(2, 3)],
    lambda K, x: _updated(K, K.moving_average_update, _START, x, 0.9),
    fixed=True,
    updates=True,
)

# --- nn ------------------------------------------------------------------------------------------

case(
    "bias_add",
    "channels_last_3d",
    [R(2, 3, 4), R(4)],
    lambda K, x, b: K.bias_add(x, b, data_format="channels_last"),
    fixed=True,
)
case(
    "bias_add",
    "channels_first_4d",
    [R(2, 3, 4, 5), R(3)],
    lambda K, x, b: K.bias_add(x, b, data_format="channels_first"),
    fixed=True,
)
case(
    "bias_add",
    "channels_last_full_bias",
    [R(2, 3, 4), R(3, 4)],
    lambda K, x, b: K.bias_add(x, b, data_format="channels_last"),
    fixed=True,
)
case(
    "bias_add",
    "channels_first_full_bias",
    [R(2, 6, 10), R(10, 6)],
    lambda K, x, b: K.bias_add(x, b, data_format="channels_first"),
    fixed=True,
)
case(
    "binary_crossentropy",
    "probabilities",
    [Ints(2, 3, 4).astype("float32"), np.clip(P(3, 4) / 2, 0.05, 0.95)],
    lambda K, t, o: K.binary_crossentropy(t, o),
)
case(
    "binary_crossentropy",
    "logits",
    [Ints(2, 3, 4).astype("float32"), R(3, 4) * 3],
    lambda K, t, o: K.binary_crossentropy(t, o, from_logits=True),
)
_TARGETS = np.eye(5, dtype="float32")[[0, 3, 1]]
case(
    "categorical_crossentropy",
    "probabilities",
    [_TARGETS, softmax(R(3, 5) * 2)],
    lambda K, t, o: K.categorical_crossentropy(t, o),
)
case(
    "categorical_crossentropy",
    "logits",
    [_TARGETS, R(3, 5) * 2],
    lambda K, t, o: K.categorical_crossentropy(t, o, from_logits=True),
)
case(
    "categorical_crossentropy",
    "unnormalized",
    [_TARGETS, P(3, 5)],
    lambda K, t, o: K.categorical_crossentropy(t, o),
)
case(
    "categorical_crossentropy",
    "axis1",
    [
        np.transpose(np.eye(4, dtype="float32")[np.array([[0, 3], [1, 1]])], (0, 2, 1)),
        softmax(R(2, 4, 2), axis=1),
    ],
    lambda K, t, o: K.categorical_crossentropy(t, o, axis=1),
)
case(
    "sparse_categorical_crossentropy",
    "probabilities",
    [np.array([0, 3, 1], "int32"), softmax(R(3, 5) * 2)],
    lambda K, t, o: K.sparse_categorical_crossentropy(t, o),
)
case(
    "sparse_categorical_crossentropy",
    "logits",
    [np.array([[0], [3], [1]], "int32"), R(3, 5) * 2],
    lambda K, t, o: K.sparse_categorical_crossentropy(t, o, from_logits=True),
)
case(
    "batch_normalization",
    "last_axis",
    [R(4, 3), R(3), P(3), R(3), P(3)],
    lambda K, x, m, v, b, g: K.batch_normalization(x, m, v, b, g),
    fixed=True,
)
_STATS = [R(1, 3, 1, 1), P(1, 3, 1, 1), R(1, 3, 1, 1), P(1, 3, 1, 1)]
case(
    "batch_normalization",
    "channels_first",
    [R(2, 3, 4, 4)],
    lambda K, x: K.batch_normalization(x, *[K.constant(s) for s in _STATS], axis=1, epsilon=1e-2),
    fixed=True,
)
case(
    "batch_normalization",
    "3d",
    [R(2, 4, 3), R(3), P(3), R(3), P(3)],
    lambda K, x, m, v, b, g: K.batch_normalization(x, m, v, b, g),
    fixed=True,
)
case(
    "normalize_batch_in_training",
    "2d",
    [R(4, 3), P(3), R(3)],
    lambda K, x, g, b: K.normalize_batch_in_training(x, g, b, [0]),
    fixed=True,
    rtol=1e-3,
)
case(
    "normalize_batch_in_training",
    "4d_channels_last",
    [R(2, 3, 3, 2), P(2), R(2)],
    lambda K, x, g, b: K.normalize_batch_in_training(x, g, b, [0, 1, 2]),
    fixed=True,
    rtol=1e-3,
)
case(
    "normalize_batch_in_training",
    "4d_channels_first",
    [R(2, 2, 3, 3), P(1, 2, 1, 1), R(1, 2, 1, 1)],
    lambda K, x, g, b: K.normalize_batch_in_training(x, g, b, [0, 2, 3]),
    fixed=True,
    rtol=1e-3,
)
case(
    "in_top_k",
    "k1",
    [softmax(R(4, 5)), np.array([0, 1, 2, 3], "int32")],
    lambda K, p, t: K.in_top_k(p, t, 1),
)
case(
    "in_top_k",
    "k3",
    [softmax(R(4, 5)), np.array([4, 1, 2, 0], "int32")],
    lambda K, p, t: K.in_top_k(p, t, 3),
)
case(
    "in_top_k",
    "ties",
    [
        np.array([[0.4, 0.4, 0.2], [0.25, 0.5, 0.25], [0.3, 0.3, 0.4]], "float32"),
        np.array([1, 2, 0], "int32"),
    ],
    lambda K, p, t: K.in_top_k(p, t, 1),
)
case(
    "in_top_k",
    "ties_k2",
    [
        np.array([[0.4, 0.4, 0.2], [0.25, 0.5, 0.25], [0.3, 0.3, 0.4]], "float32"),
        np.array([1, 2, 0], "int32"),
    ],
    lambda K, p, t: K.in_top_k(p, t, 2),
)
case("dropout", "train", [R(3, 4)], lambda K, x: K.dropout(x, 0.5), compare="shape")
case(
    "dropout",
    "noise_shape",
    [R(3, 4, 5)],
    lambda K, x: K.dropout(x, 0.5, noise_shape=(3, 1, 5)),
    compare="shape",
    fixed=True,
)
case("dropout", "zero_level", [R(3, 4)], lambda K, x: K.dropout(x, 0.0))
case("in_train_phase", "train", [R(3, 4), R(3, 4)], lambda K, x, y: K.in_train_phase(x, y), phase=1)
case("in_train_phase", "test", [R(3, 4), R(3, 4)], lambda K, x, y: K.in_train_phase(x, y), phase=0)
case("in_test_phase", "train", [R(3, 4), R(3, 4)], lambda K, x, y: K.in_test_phase(x, y), phase=1)
case(
    "in_train_phase",
    "fixed_training",
    [R(3, 4), R(3, 4)],
    lambda K, x, y: K.in_train_phase(x, y, training=1),
)
case(
    "print_tensor",
    "matrix",
    [np.ones((1, 1), "float32")],
    lambda K, x: K.print_tensor(x, message="msg"),
    compare="stdout",
)

# --- convolution and pooling ---------------------------------------------------------------------

case(
    "conv1d",
    "valid",
    [R(2, 7, 3), R(3, 3, 4)],
    lambda K, x, k: K.conv1d(x, k),
    kernels={1: (0,)},
    fixed=True,
)

case(
    "conv1d",
    "same_strides2",
    [R(2, 7, 3), R(3, 3, 4)],
    lambda K, x, k: K.conv1d(x, k, strides=2, padding="same"),
    kernels={1: (0,)},
    fixed=True,
)

case(
    "conv1d",
    "causal_dilation2",
    [R(2, 7, 3), R(2, 3, 4)],
    lambda K, x, k: K.conv1d(x, k, padding="causal", dilation_rate=2),
    kernels={1: (0,)},
    fixed=True,
)

case(
    "conv1d",
    "channels_first",
    [R(2, 3, 7), R(3, 3, 4)],
    lambda K, x, k: K.conv1d(x, k, data_format="channels_first"),
    kernels={1: (0,)},
    fixed=True,
)

case(
    "conv2d",
    "valid",
    [R(2, 5, 6, 3), R(3, 2, 3, 4)],
    lambda K, x, k: K.conv2d(x, k),
    kernels={1: (0, 1)},
    fixed=True,
)

case(
    "conv2d",
    "same_strides2",
    [R(2, 5, 6, 3), R(3, 3, 3, 4)],
    lambda K, x, k: K.conv2d(x, k, strides=(2, 2), padding="same"),
    kernels={1: (0, 1)},
    fixed=True,
)

case(
    "conv2d",
    "dilation2",
    [R(2, 6, 6, 2), R(2, 2, 2, 3)],
    lambda K, x, k: K.conv2d(x, k, dilation_rate=(2, 2)),
    kernels={1: (0, 1)},
    fixed=True,
)

case(
    "conv2d",
    "channels_first_same",
    [R(2, 3, 5, 6), R(3, 3, 3, 4)],
    lambda K, x, k: K.conv2d(x, k, padding="same", data_format="channels_first"),
    kernels={1: (0, 1)},
    fixed=True,
)

case(
    "conv3d",
    "valid",
    [R(1, 4, 4, 4, 2), R(2, 2, 2, 2, 3)],
    lambda K, x, k: K.conv3d(x, k),
    kernels={1: (0, 1, 2)},
    fixed=True,
)

case(
    "conv3d",
    "channels_first_same",
    [R(1, 2, 4, 4, 4), R(3, 2, 2, 2, 3)],
    lambda K, x, k: K.conv3d(x, k, padding="same", data_format="channels_first"),
    kernels={1: (0, 1, 2)},
    fixed=True,
)

case(
    "conv2d_transpose",
    "valid",
    [R(2, 3, 3, 4), R(2, 2, 5, 4)],
    lambda K, x, k: K.conv2d_transpose(x, k, (2, 4, 4, 5)),
    kernels={1: (0, 1)},
    fixed=True,
)
case(
    "conv2d_transpose",
    "same_strides2",
    [R(2, 3, 3, 4), R(3, 3, 5, 4)],
    lambda K, x, k: K.conv2d_transpose(x, k, (2, 6, 6, 5), strides=(2, 2), padding="same"),
    kernels={1: (0, 1)},
    fixed=True,
)
case(
    "conv2d_transpose",
    "channels_first",
    [R(2, 4, 3, 3), R(2, 2, 5, 4)],
    lambda K, x, k: K.conv2d_transpose(x, k, (2, 5, 4, 4), data_format="channels_first"),
    kernels={1: (0, 1)},
    fixed=True,
)
case(
    "separable_conv2d",
    "valid",
    [R(2, 5, 5, 3), R(2, 2, 3, 2), R(1, 1, 6, 4)],
    lambda K, x, d, p: K.separable_conv2d(x, d, p),
    fixed=True,
)

case(
    "separable_conv2d",
    "channels_first_same",
    [R(2, 3, 5, 5), R(3, 3, 3, 1), R(1, 1, 3, 2)],
    lambda K, x, d, p: K.separable_conv2d(x, d, p, padding="same", data_format="channels_first"),
    fixed=True,
)

case(
    "pool2d",
    "max_valid",
    [R(2, 5, 6, 3)],
    lambda K, x: K.pool2d(x, (2, 2), strides=(2, 2)),
    fixed=True,
)

case(
    "pool2d",
    "max_same",
    [R(2, 5, 6, 3)],
    lambda K, x: K.pool2d(x, (3, 3), strides=(2, 2), padding="same"),
    fixed=True,
)

case(
    "pool2d",
    "avg_valid",
    [R(2, 5, 6, 3)],
    lambda K, x: K.pool2d(x, (2, 3), strides=(1, 2), pool_mode="avg"),
    fixed=True,
)

case(
    "pool2d",
    "avg_same",
    [R(2, 5, 6, 3)],
    lambda K, x: K.pool2d(x, (3, 3), strides=(2, 2), padding="same", pool_mode="avg"),
    fixed=True,
)

case(
    "pool2d",
    "channels_first",
    [R(2, 3, 5, 6)],
    lambda K, x: K.pool2d(x, (2, 2), strides=(2, 2), data_format="channels_first"),
    fixed=True,
)

case(
    "pool3d",
    "max",
    [R(1, 4, 4, 4, 2)],
    lambda K, x: K.pool3d(x, (2, 2, 2), strides=(2, 2, 2)),
    fixed=True,
)

case(
    "pool3d",
    "avg_channels_first",
    [R(1, 2, 4, 4, 4)],
    lambda K, x: K.pool3d(
        x, (2, 2, 2), strides=(2, 2, 2), pool_mode="avg", data_format="channels_first"
    ),
    fixed=True,
)

case(
    "local_conv1d",
    "channels_last",
    [R(2, 6, 3), R(5, 2 * 3, 4)],
    lambda K, x, k: K.local_conv1d(x, k, (2,), (1,)),
    fixed=True,
)
case(
    "local_conv2d",
    "channels_last",
    [R(2, 4, 4, 2), R(9, 2 * 2 * 2, 3)],
    lambda K, x, k: K.local_conv2d(x, k, (2, 2), (1, 1), (3, 3)),
    fixed=True,
)
case(
    "local_conv2d",
    "channels_first",
    [R(2, 2, 4, 4), R(4, 2 * 2 * 2, 3)],
    lambda K, x, k: K.local_conv2d(x, k, (2, 2), (2, 2), (2, 2), data_format="channels_first"),
    fixed=True,
)

case(
    "depthwise_conv2d",
    "valid",
    [R(2, 5, 5, 3), R(2, 2, 3, 2)],
    lambda K, x, d: K.depthwise_conv2d(x, d),
    fixed=True,
)
case(
    "depthwise_conv2d",
    "channels_first_strides2",
    [R(2, 3, 5, 5), R(3, 3, 3, 1)],
    lambda K, x, d: K.depthwise_conv2d(x, d, strides=(2, 2), data_format="channels_first"),
    fixed=True,
)
case(
    "separable_conv1d",
    "valid",
    [R(2, 7, 3), R(3, 3, 2), R(1, 6, 4)],
    lambda K, x, d, p: K.separable_conv1d(x, d, p),
    fixed=True,
)
case(
    "conv3d_transpose",
    "valid",
    [R(1, 3, 3, 3, 2), R(2, 2, 2, 4, 2)],
    lambda K, x, k: K.conv3d_transpose(x, k, (1, 4, 4, 4, 4)),
    kernels={1: (0, 1, 2)},
    fixed=True,
)

# --- rnn -----------------------------------------------------------------------------------------


def _simple_rnn(K, x, h0, w, u, **options):
    def step(inputs, states):
        output = K.tanh(K.dot(inputs, w) + K.dot(states[0], u))
        return output, [output]

    last, outputs, states = K.rnn(step, x, [h0], **options)
    return [last, outputs, states[0]]


_W, _U = R(3, 4), R(4, 4) * 0.5
_MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], "float32")
case(
    "rnn",
    "simple",
    [R(2, 5, 3), R(2, 4)],
    lambda K, x, h: _simple_rnn(K, x, h, K.constant(_W), K.constant(_U)),
)
case(
    "rnn",
    "go_backwards",
    [R(2, 5, 3), R(2, 4)],
    lambda K, x, h: _simple_rnn(K, x, h, K.constant(_W), K.constant(_U), go_backwards=True),
)
case(
    "rnn",
    "mask",
    [R(2, 5, 3), R(2, 4), _MASK],
    lambda K, x, h, m: _simple_rnn(K, x, h, K.constant(_W), K.constant(_U), mask=m),
)
case(
    "rnn",
    "unroll",
    [R(2, 5, 3), R(2, 4)],
    lambda K, x, h: _simple_rnn(
        K, x, h, K.constant(_W), K.constant(_U), unroll=True, input_length=5
    ),
    fixed=True,
)
case(
    "rnn",
    "unroll_mask_backwards",
    [R(2, 5, 3), R(2, 4), _MASK],
    lambda K, x, h, m: _simple_rnn(
        K,
        x,
        h,
        K.constant(_W),
        K.constant(_U),
        mask=m,
        unroll=True,
        input_length=5,
        go_backwards=True,
    ),
    fixed=True,
)


def _rnn_without_states(K, x):
    def step(inputs, states):
        return K.sum(inputs, axis=-1, keepdims=True) * 2.0, []

    last, outputs, _ = K.rnn(step, x, [])
    return [last, outputs]


def _rnn_with_constants(K, x, h0, w, u):
    def step(inputs, states):
        scale = states[1]
        output = K.tanh(K.dot(inputs, w) + K.dot(states[0], u)) * scale
        return output, [output]

    last, outputs, states = K.rnn(step, x, [h0], constants=[K.constant(0.5)])
    return [last, outputs, states[0]]


case(
    "rnn",
    "constants",
    [R(2, 5, 3), R(2, 4)],
    lambda K, x, h: _rnn_with_constants(K, x, h, K.constant(_W), K.constant(_U)),
)


def _rnn_without_states_wide(K, x):
    def step(inputs, states):
        return inputs * 2.0, []

    last, outputs, _ = K.rnn(step, x, [])
    return [last, outputs]


case("rnn", "no_states_wide", [R(2, 5, 3)], _rnn_without_states_wide)
case("rnn", "no_states", [R(2, 5, 3)], _rnn_without_states)
case("map_fn", "square", [R(4, 3)], lambda K, x: K.map_fn(lambda row: row * row, x))
case("foldl", "sum", [R(4, 3)], lambda K, x: K.foldl(lambda acc, row: acc + row, x))
case("foldr", "product", [P(4, 3)], lambda K, x: K.foldr(lambda acc, row: acc * row, x))

# --- ctc -----------------------------------------------------------------------------------------

_CTC_PRED = softmax(R(2, 6, 4) * 2)
case(
    "ctc_batch_cost",
    "batch2",
    [
        np.array([[0, 1, 1], [2, 0, 0]], "int32"),
        _CTC_PRED,
        np.array([[6], [4]], "int32"),
        np.array([[3], [1]], "int32"),
    ],
    lambda K, y, p, i, n: K.ctc_batch_cost(y, p, i, n),
    fixed=True,
    rtol=1e-3,
    atol=1e-4,
)
case(
    "ctc_batch_cost",
    "batch3_full",
    [
        np.array([[1, 2], [0, 0], [2, 2]], "int32"),
        softmax(R(3, 5, 4) * 2),
        np.array([[5], [5], [5]], "int32"),
        np.array([[2], [2], [2]], "int32"),
    ],
    lambda K, y, p, i, n: K.ctc_batch_cost(y, p, i, n),
    fixed=True,
    rtol=1e-3,
    atol=1e-4,
)

# --- random (shapes and dtypes only) -------------------------------------------------------------

case("random_uniform", "2d", [], lambda K: K.random_uniform((2, 3), seed=1), compare="shape")
case("random_normal", "2d", [], lambda K: K.random_normal((2, 3), seed=1), compare="shape")
case("truncated_normal", "2d", [], lambda K: K.truncated_normal((2, 3), seed=1), compare="shape")
case(
    "random_binomial", "2d", [], lambda K: K.random_binomial((2, 3), p=0.5, seed=1), compare="shape"
)
