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
