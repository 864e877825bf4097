"""Tensors, variables, compiled functions, gradients, shapes and the learning phase."""

import builtins
import contextlib
import weakref

import numpy as np

from .. import common
from ..arithmetic import NameScopes
from . import _library as L
from . import _shapes

T = L.T
_builtin_slice = builtins.slice  # this module defines K.slice

# --- conversions -------------------------------------------------------------------------------


def as_tensor(x, dtype=None):
    """A symbolic tensor for x (tensors pass through; arrays and numbers become constants)."""
    if L.is_tensor(x):
        return x if dtype is None or x.dtype == dtype else T.cast(x, dtype)
    return T.constant(np.asarray(x, dtype=dtype)) if dtype else T.as_tensor_variable(x)


def as_tensors(*values):
    """Tensors for values, arrays taking the float dtype of a tensor among them (as Keras:
    a float64 array next to a float32 variable becomes float32)."""
    floats = [v.dtype for v in values if L.is_tensor(v) and v.dtype.startswith("float")]
    tensors = []
    for value in values:
        if L.is_tensor(value) or not floats or np.asarray(value).dtype.kind != "f":
            tensors.append(as_tensor(value))
        else:
            tensors.append(as_tensor(value, floats[0]))
    return tensors


def as_float_tensor(x):
    """Like as_tensor, but Python and NumPy numbers become floatx (as Keras does)."""
    if L.is_tensor(x):
        return x
    value = np.asarray(x)
    return T.constant(value.astype(common.floatx()) if value.dtype.kind in "fiub" else value)


def normalize_axis(axis, ndim):
    return axis + ndim if axis < 0 else axis


def normalize_axes(axis, ndim):
    """None, an int or a list of ints, as None or a sorted list of non-negative axes."""
    if axis is None:
        return None
    axes = [axis] if np.ndim(axis) == 0 else list(axis)
    return sorted({normalize_axis(int(a), ndim) for a in axes})


# --- names -------------------------------------------------------------------------------------

_SCOPES = NameScopes()


def name_scope(name):
    return _SCOPES.scope(name)


# --- creation ----------------------------------------------------------------------------------


def backend():
    return "theano"


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    dtype = dtype or common.floatx()
    if shape is None and ndim is None:
        raise ValueError(
            "placeholder(): give shape (a list of sizes, None where unknown) or ndim; got "
            "neither. Theano needs the number of axes, e.g. placeholder(shape = list(NULL, 3L))."
        )
    shape = tuple(shape) if shape is not None else (None,) * int(ndim)
    name = _SCOPES.name_for(name, "placeholder")
    if sparse:
        return _shapes.declare(L.sparse.csr_matrix(name=name, dtype=dtype), shape)
    broadcastable = [size == 1 for size in shape]
    return _shapes.declare(L.tensor_type(dtype, broadcastable)(name), shape)


_constraints = weakref.WeakKeyDictionary()


def variable(value, dtype=None, name=None, constraint=None):
    name = _SCOPES.name_for(name, "variable")
    if hasattr(value, "tocsr"):  # a SciPy sparse matrix
        result = L.shared(value.tocsr().astype(dtype or common.floatx()), name=name)
    else:
        if L.is_tensor(value):
            value = eval(value)
        array = np.array(value, dtype=dtype or common.floatx())
        result = L.shared_variable(array, name, [size == 1 for size in array.shape])
    if constraint is not None:
        _constraints[result] = constraint
    return result


def constant(value, dtype=None, shape=None, name=None):
    array = np.asarray(value, dtype=dtype or common.floatx())
    if shape is not None:
        array = np.broadcast_to(array, tuple(shape)).copy()
    return T.constant(array, name=_SCOPES.name_for(name, "constant"))


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(tuple(shape)), dtype, name)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(tuple(shape)), dtype, name)


def eye(size, dtype=None, name=None):
    rows, columns = (size, size) if np.ndim(size) == 0 else tuple(size)
    return variable(np.eye(rows, columns), dtype, name)


def zeros_like(x, dtype=None, name=None):
    return T.zeros_like(as_tensor(x), dtype=dtype)


def ones_like(x, dtype=None, name=None):
    return T.ones_like(as_tensor(x), dtype=dtype)


def identity(x, name=None):
    return as_tensor(x).copy(name=name)


def cast(x, dtype):
    return T.cast(as_tensor(x), dtype)


# --- inspection --------------------------------------------------------------------------------


def is_sparse(tensor):
    return L.is_sparse(tensor)


def to_dense(tensor):
    return L.sparse.dense_from_sparse(tensor) if L.is_sparse(tensor) else tensor


def int_shape(x):
    return _shapes.int_shape(x)


def shape(x):
    return as_tensor(x).shape


def ndim(x):
    return x.ndim if L.is_tensor(x) else np.ndim(x)


def dtype(x):
    return x.dtype if L.is_tensor(x) else np.asarray(x).dtype.name


def count_params(x):
    return int(np.prod(int_shape(x)))


# --- values ------------------------------------------------------------------------------------


def get_value(x):
    if not L.is_shared(x):
        raise TypeError(
            "get_value() expects a variable (from K.variable), got %s. Use K.eval() for "
            "other tensors." % type(x).__name__
        )
    return x.get_value()


def set_value(x, value):
    x.set_value(np.asarray(value, dtype=x.dtype))


def batch_get_value(ops):
    return [eval(x) for x in ops]


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


# eval() compiles a tensor once and keeps the compiled function on the tensor's tag: a cycle
# the garbage collector frees with the tensor. (A WeakKeyDictionary kept every evaluated tensor
# alive, as its compiled function refers back to it: +35 MB per 1,000 evals of new
# expressions, bench/memory.py.) clear_session() starts a new generation of them.
_eval_generation = {"value": 0}


def eval(x):
    if L.is_shared(x):
        return x.get_value()
    if not L.is_tensor(x):
        return np.asarray(x)
    if isinstance(x, L.Constant):
        return np.array(x.data)
    cached = getattr(x.tag, "kerasbridge_eval", None)
    if cached is not None and cached[0] == _eval_generation["value"] and cached[1]() is x:
        return cached[2]([])
    _refuse_free_placeholders(x)
    compiled = function([], x, mode=_eval_mode())
    x.tag.kerasbridge_eval = (_eval_generation["value"], weakref.ref(x), compiled)
    return compiled([])


def _eval_mode():
    # eval() is for eager-style use: skip C compilation and the slow optimizer passes.
    return L.Mode(linker="py", optimizer="fast_compile")


def _refuse_free_placeholders(x):
    free = [v for v in _free_inputs(x) if v is not _phase.symbol]
    if free:
        names = ", ".join(str(v.name or v) for v in free)
        raise ValueError(
            "eval() cannot compute a tensor that depends on placeholders (%s): they have no "
            "value. Build f <- K.function(list(inputs), list(output)) and call f(list(values))."
            % names
        )


# --- updates -----------------------------------------------------------------------------------


def update(x, new_x):
    return _assign(x, new_x)


def update_add(x, increment):
    return _assign(x, x + increment)


def update_sub(x, decrement):
    return _assign(x, x - decrement)


def moving_average_update(x, value, momentum):
    return _assign(x, x * momentum + value * (1.0 - momentum))


def _assign(x, new_value):
    """A (variable, new value) pair for K.function when the value needs placeholders;
    otherwise done at once (eager-style use) and the variable returned."""
    if not L.is_shared(x):
        raise TypeError("update(): x must be a variable (from K.variable), got %r." % (x,))
    new_value = as_tensor(new_value)
    if _free_inputs(new_value):
        return (x, new_value)
    x.set_value(np.asarray(eval(new_value), dtype=x.dtype))
    return x


def _free_inputs(x):
    """The placeholders (and the learning phase flag) a tensor's value depends on."""
    return [v for v in L.graph_inputs([x]) if not isinstance(v, L.Constant) and not L.is_shared(v)]


def _fit_update(variable, value):
    """Theano requires an update of exactly the variable's type: same dtype and pattern."""
    value = as_tensor(value, variable.dtype)
    if L.is_sparse(variable):
        return value
    return L.match_broadcastable(value, variable.broadcastable)


# --- compiled functions ------------------------------------------------------------------------

_FUNCTION_OPTIONS = ("mode", "on_unused_input", "givens", "profile")


class Function:
    """A compiled callable: f(list of input values) -> outputs (as a list when given a list)."""

    def __init__(self, inputs, outputs, updates, options):
        self.inputs = list(inputs)
        self.outputs = outputs
        self.single = not isinstance(outputs, (list, tuple))
        listed = [outputs] if self.single else list(outputs)
        graph_outputs = [to_dense(as_tensor(o)) if L.is_sparse(o) else as_tensor(o) for o in listed]
        givens = _phase.default_givens(self.inputs, graph_outputs, updates)
        if givens:
            options["givens"] = list(options.get("givens") or []) + givens
        options.setdefault("on_unused_input", "ignore")
        try:
            self._call = L.function(
                self.inputs,
                graph_outputs,
                updates=[(v, _fit_update(v, value)) for v, value in updates],
                allow_input_downcast=True,
                **options,
            )
        except L.MissingInputError as error:
            raise ValueError(
                "function(): the outputs or updates need a placeholder that is not among the "
                "inputs (%s). Add it to the inputs list." % str(error).splitlines()[0]
            ) from None
        self._arrays = _array_inputs(self.inputs)
        self._call.trust_input = self._arrays is not None

    def __call__(self, inputs=()):
        if not isinstance(inputs, (list, tuple)):
            inputs = [inputs]
        if len(inputs) != len(self.inputs):
            raise ValueError(
                "this function expected %d input values (one per placeholder), got %d."
                % (len(self.inputs), len(inputs))
            )
        if self._arrays is None:
            results = self._call(*inputs)
        else:
            arrays = _as_input_arrays(inputs, self._arrays)
            if arrays is not None:
                results = self._call(*arrays)
            else:  # not plain arrays of the placeholders' shapes: the library checks them
                self._call.trust_input = False
                try:
                    results = self._call(*inputs)
                finally:
                    self._call.trust_input = True
        return results[0] if self.single else results


# A K.function call converts NumPy inputs itself and calls the compiled function with
# trust_input: the library's own checks (filtering each input through its type, aliasing and
# missing-input checks) cost ~1 us of a ~5 us call of a small graph (bench/bench_theano.py).
# Inputs that are not arrays of the placeholder's dtype, rank and static sizes after
# np.asarray take the checked call, with the library's own messages.


def _array_inputs(inputs):
    """Per input, (dtype, static sizes), or None when an input is not a dense tensor."""
    specs = []
    for placeholder in inputs:
        kind = getattr(placeholder, "type", None)
        if L.is_sparse(placeholder) or not hasattr(kind, "broadcastable"):
            return None
        sizes = getattr(kind, "shape", None)  # PyTensor: static sizes; Theano: broadcastable
        if sizes is None:
            sizes = tuple(1 if b else None for b in kind.broadcastable)
        specs.append((np.dtype(kind.dtype), tuple(sizes)))
    return specs


def _as_input_arrays(values, specs):
    arrays = []
    for value, (dtype, sizes) in zip(values, specs):
        if type(value) is np.ndarray and value.dtype == dtype:
            array = value
        elif isinstance(value, (np.ndarray, np.generic, float, int, list, tuple)):
            array = np.asarray(value, dtype=dtype)
        else:
            return None
        shape = array.shape
        if len(shape) != len(sizes) or not array.flags.aligned:
            return None
        for size, given in zip(sizes, shape):
            if size is not None and size != given:
                return None
        arrays.append(array)
    return arrays


def function(inputs, outputs, updates=None, name=None, **kwargs):
    unknown = sorted(set(kwargs) - set(_FUNCTION_OPTIONS))
    if unknown:
        raise ValueError(
            "function(): unexpected argument(s) %s; the theano engine accepts %s."
            % (", ".join(unknown), ", ".join(_FUNCTION_OPTIONS))
        )
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("function(): inputs must be a list of placeholders, got %r." % (inputs,))
    return Function(inputs, outputs, common.update_pairs(updates, L.is_shared), dict(kwargs))


def gradients(loss, variables):
    loss = as_tensor(loss)
    if loss.ndim > 0:
        loss = loss.sum()  # as TensorFlow does: the gradient of the sum of a non-scalar loss
    listed = variables if isinstance(variables, (list, tuple)) else [variables]
    return L.gradient.grad(loss, list(listed), disconnected_inputs="ignore")


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [L.gradient.disconnected_grad(as_tensor(v)) for v in variables]
    return L.gradient.disconnected_grad(as_tensor(variables))


def print_tensor(x, message=""):
    x = as_tensor(x)
    if _free_inputs(x):
        return L.Print(message, global_fn=_print_value)(x)
    print("%s %s" % (message, eval(x)), flush=True)  # eager-style: a value prints at once
    return x


def _print_value(op, value):
    # Keras 2.3.1's format, "msg [[1.]]"; Theano's own Print writes "msg __str__ = [[1.]]".
    print("%s %s" % (op.message, value), flush=True)


# --- learning phase ----------------------------------------------------------------------------


class _LearningPhase:
    """A symbolic scalar (0 test, 1 train) fed to functions, or a fixed value once set."""

    def __init__(self):
        self.symbol = T.scalar(dtype="uint8", name="keras_learning_phase")
        self.value = None

    def default_givens(self, inputs, outputs, updates):
        """The flag fixed to 0 (test) where a function uses it without taking it as input."""
        if any(self.symbol is i for i in inputs):
            return []
        roots = L.graph_inputs(list(outputs) + [value for _, value in updates])
        if any(self.symbol is root for root in roots):
            return [(self.symbol, T.constant(0, dtype=self.symbol.dtype))]
        return []


_phase = _LearningPhase()


def learning_phase():
    return _phase.symbol if _phase.value is None else _phase.value


def set_learning_phase(value):
    if value not in (0, 1):
        raise ValueError(
            "set_learning_phase(): value must be 0 (test) or 1 (train), got %r." % (value,)
        )
    _phase.value = int(value)


def _chosen(x):
    return x() if callable(x) else x


def in_train_phase(x, alt, training=None):
    if training is None:
        training = learning_phase()
    if not L.is_tensor(training):
        if training in (0, 1):
            return _chosen(x) if training else _chosen(alt)
        raise ValueError(
            "in_train_phase(): training must be 0, 1, TRUE, FALSE or a symbolic flag, got %r."
            % (training,)
        )
    return switch(training, x, alt)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


def switch(condition, then_expression, else_expression):
    if not L.is_tensor(condition) and np.ndim(condition) == 0:
        return as_float_tensor(_chosen(then_expression if condition else else_expression))
    then_value = as_float_tensor(_chosen(then_expression))
    else_value = as_float_tensor(_chosen(else_expression))
    condition = as_tensor(condition)
    target = max(then_value.ndim, else_value.ndim)
    if 0 < condition.ndim < target:
        pattern = list(range(condition.ndim)) + ["x"] * (target - condition.ndim)
        condition = condition.dimshuffle(pattern)
    return T.switch(condition, then_value, else_value)


def clear_session():
    common.reset_uids()
    _phase.value = None
    _eval_generation["value"] += 1


def set_floatx(floatx):
    common.set_floatx(floatx)
    L.config.floatX = common.floatx()  # keep Python float constants in the new type


# --- Keras 2.3.1's remaining core functions ----------------------------------------------------


def is_tensor(x):
    return L.is_tensor(x)


def is_variable(x):
    return L.is_shared(x)


def is_placeholder(x):
    # A free input of the graph: what placeholder() makes (the learning phase flag excluded).
    return (
        L.is_tensor(x)
        and x.owner is None
        and not L.is_shared(x)
        and not isinstance(x, L.Constant)
        and x is not _phase.symbol
    )


def is_keras_tensor(x):
    if not L.is_tensor(x):
        raise ValueError(
            "is_keras_tensor(): x must be a tensor or variable, got %s (%s). Ask is_tensor(x) "
            "first for values that may not be tensors." % (repr(x)[:60], type(x).__name__)
        )
    return hasattr(x, "_keras_history")  # set by Keras layers only; K functions never do


def get_variable_shape(x):
    return int_shape(x)


def control_dependencies(control_inputs):
    # Theano and PyTensor order computations by data flow only (as in Keras 2.3.1).
    return contextlib.nullcontext()


def size(x, name=None):
    return T.cast(T.prod(as_tensor(x).shape), "int32")


def slice(x, start, size):
    x = as_tensor(x)
    if not L.is_tensor(start) and not L.is_tensor(size) and not len(start) == len(size) == x.ndim:
        raise ValueError(
            "slice(): start and size must have one entry per axis of x (%d), got start %r "
            "and size %r." % (x.ndim, tuple(start), tuple(size))
        )
    blocks = []
    for axis in range(x.ndim):
        begin, count = start[axis], size[axis]
        to_end = not L.is_tensor(count) and count == -1
        blocks.append(_builtin_slice(begin, None if to_end else begin + count))
    return x[tuple(blocks)]


def repeat(x, n):
    x = as_tensor(x)
    if x.ndim != 2:
        raise ValueError(
            "repeat(): x must be a 2D tensor (samples, dim), got %d axes. Use "
            "repeat_elements() or tile() for other ranks." % x.ndim
        )
    return T.repeat(x.dimshuffle(0, "x", 1), n, axis=1)


def unstack(x, axis=0, num=None, name=None):
    x = as_tensor(x)
    axis = normalize_axis(axis, x.ndim)
    count = int_shape(x)[axis] if num is None else num
    if count is None:
        raise ValueError(
            "unstack(): the size of axis %d of x is not known statically (shape %s); give "
            "it as num." % (axis, int_shape(x))
        )
    before = (_builtin_slice(None),) * axis
    return [x[before + (index,)] for index in range(count)]


def pattern_broadcast(x, broadcastable):
    x = as_tensor(x)
    flags = [bool(flag) for flag in broadcastable]
    known = int_shape(x)
    if len(flags) != x.ndim:
        raise ValueError(
            "pattern_broadcast(): broadcastable must have one flag per axis of x (%d), got %r."
            % (x.ndim, flags)
        )
    for axis, flag in enumerate(flags):
        if flag and known[axis] not in (None, 1):
            raise ValueError(
                "pattern_broadcast(): axis %d of x is flagged broadcastable but has size %d; "
                "only axes of size 1 can broadcast." % (axis, known[axis])
            )
    return L.match_broadcastable(x, flags)
