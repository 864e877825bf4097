"""K.function: the recorded computation of the outputs and updates as one jax.jit function.

The compiled function takes the input values, the current values of every variable the
outputs and updates read, the random state and the function's call index (seeded draws fold it
into their seed); it returns the outputs, the variables' new values, the next random state and
the next call index, which the call then stores. jax.jit traces once per new input shape.
"""

import jax
import jax.numpy as jnp
import numpy as np

from .. import common
from . import _graph as G


def _is_variable(x):
    return isinstance(x, G.Variable)


def is_update_pair(item):
    return common.is_update_pair(item, _is_variable)


def flatten_updates(updates):
    return common.update_pairs(updates, _is_variable)


def _converter(tensor):
    dtype = np.dtype(tensor.dtype)

    def convert(value):
        if hasattr(value, "toarray"):  # a SciPy sparse matrix for a sparse placeholder
            value = value.toarray()
        if isinstance(value, jax.Array) and value.dtype == dtype:
            return value
        return np.asarray(value, dtype=dtype)

    return convert


_NDARRAY = np.ndarray


class Function:
    """A compiled callable: f(list of input values) -> outputs (as a list when given a list)."""

    def __init__(self, inputs, outputs, updates, phase_symbol):
        self.inputs = inputs
        self.outputs = outputs
        self.single = not isinstance(outputs, (list, tuple))
        listed = [outputs] if self.single else list(outputs)
        hidden = []  # control inputs: computed, not returned
        for item in G.controls_of(listed + [value for _, value in updates]):
            if is_update_pair(item):
                updates = updates + [tuple(item)]
            elif G._is_tensor(item):
                hidden.append(item)
        targets = [variable for variable, _ in updates]
        values = [value for _, value in updates]
        leaves = G.leaves_of(listed + values + hidden)
        fed = {id(t) for t in inputs}
        missing = [
            t
            for t in leaves
            if isinstance(t, G.Placeholder) and id(t) not in fed and t is not phase_symbol
        ]
        if missing:
            raise ValueError(
                "function(): the outputs or updates need placeholder(s) %s, which are not among "
                "the inputs. Add them to the inputs list." % ", ".join(str(t.name) for t in missing)
            )
        phase_default = any(t is phase_symbol for t in leaves) and id(phase_symbol) not in fed
        variables = G._unique(
            [t for t in leaves if isinstance(t, G.Variable) and id(t) not in fed] + targets
        )
        self.variables = variables
        self.targets = targets
        self.random = any(t is G.RANDOM for t in leaves)
        self._random = G.RANDOM if self.random else None
        # A seeded draw's key folds in how many calls came before this one: a traced input,
        # kept as the jax array the previous call returned.
        self._calls = G.CALLS.value if any(t is G.CALLS for t in leaves) else None
        self._converters = [_converter(t) for t in inputs]
        self._dtypes = [np.dtype(t.dtype) for t in inputs]
        self._finish = [getattr(o, "finish", None) for o in listed]
        if not any(self._finish):
            self._finish = None

        first = G.first_computed(listed + values + hidden)

        def run(input_values, variable_values, key, calls):
            env = {id(t): v for t, v in zip(inputs, input_values)}
            env.update({id(t): v for t, v in zip(variables, variable_values)})
            if phase_default:
                env[id(phase_symbol)] = jnp.asarray(0, dtype=phase_symbol.dtype)
            if key is not None:
                env[id(G.RANDOM)] = key
                key = jax.random.fold_in(key, 1)
            if calls is not None:
                env[id(G.CALLS)] = calls
                calls = calls + 1
            for node in first:
                G.evaluate(node, env)
            results = [G.evaluate(o, env) for o in listed]
            for tensor in hidden:
                G.evaluate(tensor, env)
            news = [
                jnp.asarray(G.evaluate(value, env)).astype(variable.dtype)
                for variable, value in zip(targets, values)
            ]
            return results, news, key, calls

        self._call = jax.jit(run)

    def __call__(self, inputs=()):
        if type(inputs) is not list and type(inputs) is not tuple:
            inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        dtypes = self._dtypes
        if len(inputs) != len(dtypes):
            raise ValueError(
                "this function expected %d input values (one per placeholder), got %d."
                % (len(dtypes), len(inputs))
            )
        # A NumPy array of its placeholder's dtype (NumPy's dtypes are shared objects), the
        # common case, goes to jit as it is.
        # The Python of a call is ~15% of a small step (bench/bench_jax.py), so it stays flat.
        fed = [
            value if type(value) is _NDARRAY and value.dtype is dtype else convert(value)
            for value, dtype, convert in zip(inputs, dtypes, self._converters)
        ]
        random = self._random
        results, news, key, calls = self._call(
            fed,
            [v.value for v in self.variables],
            None if random is None else random.value,
            self._calls,
        )
        for variable, value in zip(self.targets, news):
            variable.value = value
        if key is not None:
            random.value = key
        self._calls = calls
        if self._finish is None and self.single:
            return np.asarray(results[0])
        results = [np.asarray(r) for r in results]
        if self._finish is not None:
            results = [f(r) if f else r for f, r in zip(self._finish, results)]
        return results[0] if self.single else results


def feed_pairs(feed_dict):
    """(placeholder, value) pairs from a dict or a list of pairs."""
    if feed_dict is None:
        return []
    if isinstance(feed_dict, dict):
        return list(feed_dict.items())
    return [tuple(pair) for pair in feed_dict]
