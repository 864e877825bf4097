"""Random tensors: shapes, dtypes, ranges, moments, seeds, and fresh draws per function call."""

import numpy as np
import pytest

from .conftest import evaluate

SHAPE = (200, 50)  # 10 000 draws: sample moments within a few hundredths


@pytest.mark.parametrize("mean, stddev", [(0.0, 1.0), (2.0, 0.5)], ids=["standard", "shifted"])
def test_random_normal_moments(K, mean, stddev):
    values = evaluate(K, K.random_normal(SHAPE, mean=mean, stddev=stddev, seed=1))
    assert values.shape == SHAPE and values.dtype == np.dtype(K.floatx())
    assert abs(values.mean() - mean) < 0.05 * stddev + 0.02
    assert abs(values.std() - stddev) < 0.05 * stddev


def test_random_uniform_range_and_mean(K):
    values = evaluate(K, K.random_uniform(SHAPE, minval=-1.0, maxval=3.0, seed=2))
    assert values.min() >= -1.0 and values.max() < 3.0
    assert abs(values.mean() - 1.0) < 0.05


def test_truncated_normal_stays_within_two_stddev(K):
    values = evaluate(K, K.truncated_normal(SHAPE, mean=1.0, stddev=2.0, seed=3))
    assert values.min() >= 1.0 - 4.0 and values.max() <= 1.0 + 4.0
    assert abs(values.mean() - 1.0) < 0.1
    assert 0.7 * 2.0 < values.std() < 0.95 * 2.0  # truncation narrows it (~0.88 stddev)


@pytest.mark.parametrize("p", [0.0, 0.3, 1.0], ids=str)
def test_random_binomial_frequency(K, p):
    values = evaluate(K, K.random_binomial(SHAPE, p=p, seed=4))
    assert set(np.unique(values).tolist()) <= {0.0, 1.0}
    assert abs(values.mean() - p) < 0.03


@pytest.mark.parametrize(
    "name", ["random_normal", "random_uniform", "truncated_normal", "random_binomial"]
)
def test_same_seed_gives_same_values(K, name):
    make = getattr(K, name)
    first, again = evaluate(K, make((3, 4), seed=11)), evaluate(K, make((3, 4), seed=11))
    other = evaluate(K, make((3, 4), seed=12))
    assert np.array_equal(first, again)
    if name != "random_binomial":  # 0/1 draws could coincide by chance
        assert not np.array_equal(first, other)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_random_dtype(K, dtype):
    assert evaluate(K, K.random_normal((2,), dtype=dtype)).dtype == np.dtype(dtype)
    assert evaluate(K, K.random_uniform((2,), dtype=dtype)).dtype == np.dtype(dtype)


def test_random_variables_are_variables(K):
    normal = K.random_normal_variable((100, 100), 1.0, 0.5, seed=5)
    uniform = K.random_uniform_variable((100, 100), 2.0, 3.0, seed=6)
    assert K.int_shape(normal) == (100, 100) and K.dtype(normal) == K.floatx()
    values = K.get_value(normal)
    assert abs(values.mean() - 1.0) < 0.02 and abs(values.std() - 0.5) < 0.02
    assert K.get_value(uniform).min() >= 2.0 and K.get_value(uniform).max() < 3.0
    K.set_value(uniform, np.zeros((100, 100)))  # a variable: its value can be set
    assert not K.get_value(uniform).any()


def test_seeded_random_variables_repeat(K):
    a = K.get_value(K.random_normal_variable((3,), 0.0, 1.0, seed=9))
    b = K.get_value(K.random_normal_variable((3,), 0.0, 1.0, seed=9))
    assert np.array_equal(a, b)


def test_function_draws_new_values_at_each_call(K):
    x = K.placeholder(shape=(4,))
    f = K.function([x], [x + K.random_uniform((4,))])
    first, second = f([np.zeros(4)])[0], f([np.zeros(4)])[0]
    assert not np.array_equal(first, second)


def test_function_draws_new_values_of_noise_scaled_with_operators(K):
    # Gaussian-noise style: noise built with Python operators, then added to a placeholder.
    x = K.placeholder(shape=(4,))
    noise = 0.5 * K.random_normal((4,)) + 1.0
    f = K.function([x], [x + noise])
    first, second = f([np.zeros(4)])[0], f([np.zeros(4)])[0]
    assert not np.array_equal(first, second)


def test_random_shape_from_placeholder(K):
    x = K.placeholder(shape=(None, 3))
    noise = K.random_normal(K.shape(x))
    assert K.function([x], [noise])([np.zeros((5, 3))])[0].shape == (5, 3)
