"""TensorFlow engine internals that the conformance suite cannot see: which eager results are
recorded (to be recomputed inside K.function) and what K.eval compiles. The behaviour itself
(gradients through weight penalties, updates) is checked on every engine by tests/conformance."""

import numpy as np
import pytest

import kerasbridge

pytestmark = pytest.mark.skipif(
    kerasbridge.get_settings().backend != "tensorflow"
    or kerasbridge.get_settings().implementation != "keras",
    reason="this session's settings select another engine than kerasbridge's TensorFlow engine",
)


@pytest.fixture(scope="module")
def K():
    from kerasbridge import backend

    return backend


@pytest.fixture(scope="module")
def graph_module(K):
    from kerasbridge.engines.tensorflow import _graph

    return _graph


def test_operators_on_plain_tensorflow_tensors_are_not_recorded(K, graph_module):
    import tensorflow as tf

    before = len(graph_module._recipes)
    x = tf.constant([1.0, 2.0])
    results = [x * 2.0, 3.0 - x, -x, abs(x), x[1], x[None] @ tf.ones((2, 1))]
    assert len(graph_module._recipes) == before
    assert not any(graph_module.is_recorded(result) for result in results)
    assert np.allclose(results[1].numpy(), [2.0, 1.0])


def test_operators_on_results_computed_from_variables_are_recorded(K, graph_module):
    w = K.variable(np.array([1.0, -2.0]))
    penalty = K.sum(K.square(w))
    for result in (0.5 * penalty, penalty * 0.5, -penalty, penalty[None], penalty / 2 - 1):
        assert graph_module.is_recorded(result)
    assert np.isclose(float((0.5 * penalty).numpy()), 2.5)


def test_a_record_lives_as_long_as_its_result(K, graph_module):
    w = K.variable(np.array([1.0, -2.0]))
    before = len(graph_module._recipes)
    penalty = 0.5 * K.sum(K.square(w))
    assert len(graph_module._recipes) == before + 3  # square, sum, the product
    del penalty
    assert len(graph_module._recipes) == before


def test_eval_of_a_symbolic_tensor_compiles_once_and_reads_current_values(K, graph_module):
    import tensorflow as tf

    w = K.variable(np.array([1.0, 2.0, 3.0]))
    with graph_module.graph().as_default():
        total = tf.reduce_sum(w * 2.0)  # symbolic: w is captured by the graph
    evaluators = graph_module.current().evaluators
    assert np.isclose(K.eval(total), 12.0)
    compiled = len(evaluators)
    K.set_value(w, np.array([1.0, 1.0, 1.0]))
    assert np.isclose(K.eval(total), 6.0)
    K.set_value(w, np.array([0.5, 0.5, 0.5]))
    assert np.isclose(K.eval(total), 3.0)
    assert len(evaluators) == compiled


# --- functions that are one TensorFlow op, run directly on eager tensors ----------------------

_X = np.array([[-1.5, -0.25, 0.0], [0.5, 2.0, 3.25]])
_KERNEL_CASES = {
    "relu": ((_X,), np.maximum(_X, 0)),
    "softsign": ((_X,), _X / (1 + np.abs(_X))),
    "square": ((_X,), _X**2),
    "tanh": ((_X,), np.tanh(_X)),
    "sin": ((_X,), np.sin(_X)),
    "cos": ((_X,), np.cos(_X)),
    "log": ((np.abs(_X) + 0.5,), np.log(np.abs(_X) + 0.5)),
    "maximum": ((_X, 0.5), np.maximum(_X, 0.5)),
    "minimum": ((_X, _X[::-1]), np.minimum(_X, _X[::-1])),
}


def _declared_kernels():
    from kerasbridge.engines.tensorflow import math, nn

    return dict(math.EAGER_KERNELS, **nn.EAGER_KERNELS)


def _engine_function(name):
    from kerasbridge.engines import tensorflow as engine

    return getattr(engine, name)


def _eager(values, dtype):
    import tensorflow as tf

    return [tf.constant(v, dtype=dtype) if isinstance(v, np.ndarray) else v for v in values]


def test_every_function_declared_as_one_op_is_checked_here(graph_module):
    assert graph_module.has_direct_kernels(), "this TensorFlow's C fast path was not usable"
    assert set(_declared_kernels()) == set(_KERNEL_CASES)


@pytest.fixture
def body_refused(monkeypatch):
    """Makes an engine function's own body raise, so a call that returns took the op directly."""

    def refuse(name):
        function = _engine_function(name)

        def refused(*args, **kwargs):
            raise AssertionError("the body of %s ran: the op was not run directly" % name)

        monkeypatch.setitem(function.__globals__, "_function", refused)

    return refuse


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(_KERNEL_CASES))
def test_a_one_op_function_runs_its_op_directly_on_eager_tensors(K, name, dtype, body_refused):
    args, expected = _KERNEL_CASES[name]
    body_refused(name)
    result = getattr(K, name)(*_eager(args, dtype))
    assert result.dtype.name == dtype
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-6)


def test_a_one_op_function_with_an_argument_away_from_its_default_runs_its_body(K, body_refused):
    body_refused("relu")
    with pytest.raises(AssertionError, match="the body of relu ran"):
        K.relu(_eager([_X], "float32")[0], alpha=0.1)


@pytest.mark.parametrize(
    "name, args",
    [
        ("maximum", (np.array([1, 2], dtype="int32"), 0.5)),  # 0.5 has no int32 value
        ("log", (np.array([1, 2], dtype="int32"),)),  # Log has no int32 kernel
        ("minimum", (np.array([1.0], dtype="float64"), np.array([1.0], dtype="float32"))),
        ("relu", (np.array([-1, 2], dtype="int32"),)),
    ],
    ids=["int-and-half", "log-of-ints", "mixed-floats", "relu-of-ints"],
)
def test_what_the_op_refuses_gets_the_functions_own_result_or_error(K, name, args):
    import tensorflow as tf

    from kerasbridge.engines.tensorflow import math, nn

    body = getattr(math, name, None) or getattr(nn, name)
    tensors = [tf.constant(a) if isinstance(a, np.ndarray) else a for a in args]
    outcomes = []
    for function in (getattr(K, name), body):
        try:
            outcomes.append(("value", function(*tensors).numpy().tolist()))
        except Exception as error:
            outcomes.append(("error", type(error).__name__))
    assert outcomes[0] == outcomes[1]


def test_a_one_op_function_inside_a_tf_function_builds_the_op_in_its_graph(K):
    import tensorflow as tf

    x = tf.constant(_X, dtype="float32")
    kinds = []

    @tf.function
    def traced():
        result = K.relu(x)  # x is captured: an eager tensor used while a graph is built
        kinds.append(type(result))
        return result

    np.testing.assert_allclose(traced().numpy(), np.maximum(_X, 0))
    assert kinds and kinds[0] is not type(x)


def test_a_one_op_function_of_a_recorded_result_is_recorded(K, graph_module):
    w = K.variable(_X)
    assert graph_module.is_recorded(K.relu(K.transpose(w)))
