"""Tensors, variables, evaluation, functions, gradients and the learning phase on CNTK.

The model of a tensor here: every tensor is *static*. A placeholder is a CNTK input without
dynamic axes whose None dimensions are CNTK "free dimensions", fixed when values are fed; so axis
numbers are numpy's and reductions over the batch axis are ordinary reductions. Operations that
CNTK only runs over its dynamic batch axis (convolution, pooling, per-sample maps) move the first
axis there with ``to_batch`` and back with ``unpack_batch``.

CNTK computes gradients only as a backward pass, never as graph nodes. ``gradients`` therefore
returns *gradient inputs*: inputs standing for d(loss)/d(variable). Evaluating a graph that uses
them first runs the backward pass of each loss and feeds the results in (see ``_Feeder``).

CNTK stores only floating point. Integer and boolean tensors are kept as floats and remembered
with their Keras dtype (``_LOGICAL_DTYPES``); values come back to Python in that dtype.
"""

import contextlib
import numbers
from typing import Tuple

import numpy as np

from .. import common, keras_shape
from ..arithmetic import NameScopes
from ._cntk import FREE, C

# ---------------------------------------------------------------------------------------------
# Tensors and dtypes

_LOGICAL_DTYPES = {}  # type: Dict[str, str]  # variable uid -> Keras dtype, where not the storage
_FLOAT_DTYPES = ("float16", "float32", "float64")
_NAME_SCOPES = NameScopes()


_TENSOR_TYPES = (C.cntk_py.Variable, C.cntk_py.Function)  # Parameter and Constant included


def is_tensor(x) -> bool:
    return isinstance(x, _TENSOR_TYPES)


def as_variable(x):
    """The CNTK Variable of a tensor (a Function stands for its single output)."""
    return x.output if isinstance(x, C.cntk_py.Function) else x


def storage_dtype(dtype: str) -> type:
    """The float type CNTK stores a Keras dtype in: floats as themselves, the rest as floatx."""
    if dtype in _FLOAT_DTYPES:
        return np.dtype(dtype).type
    if common.floatx() == "float64":
        return np.float64
    return np.float32


def _keras_dtype(dtype) -> str:
    name = np.dtype(dtype).name if dtype is not None else common.floatx()
    return name


def mark_dtype(x, dtype: str):
    """Record the Keras dtype of tensor x when it differs from the stored float type."""
    variable = as_variable(x)
    if dtype != np.dtype(variable.dtype).name:
        _LOGICAL_DTYPES[variable.uid] = dtype
    else:
        _LOGICAL_DTYPES.pop(variable.uid, None)
    return x


def dtype(x):
    return dtype_of(x)


def dtype_of(x):
    """The Keras dtype of x (also reachable where a parameter named dtype hides ``dtype``)."""
    if not is_tensor(x):
        return np.asarray(x).dtype.name
    variable = as_variable(x)
    return _LOGICAL_DTYPES.get(variable.uid, np.dtype(variable.dtype).name)


def is_float(x) -> bool:
    return dtype(x) in _FLOAT_DTYPES


def _contiguous(value, dtype=None):
    """An array CNTK takes without a strided copy and its warning (0-d stays 0-d)."""
    array = np.asarray(value, dtype=dtype)
    return np.ascontiguousarray(array) if array.ndim else array


def to_tensor(x, like=None):
    """x as a CNTK tensor; arrays and numbers become constants in the dtype of ``like``."""
    if is_tensor(x):
        return x
    value = _contiguous(x)
    if like is not None:
        return C.constant(value.astype(as_variable(like).dtype))
    keras_dtype = common.floatx() if value.dtype.kind in "fc" else value.dtype.name
    return mark_dtype(C.constant(value.astype(storage_dtype(keras_dtype))), keras_dtype)


def to_pair(x, y):
    """Two operands as tensors of one float type (CNTK refuses mixed float32/float64)."""
    if is_tensor(x) and is_tensor(y):
        if as_variable(x).dtype != as_variable(y).dtype:
            y = C.cast(y, as_variable(x).dtype)
        return x, y
    if is_tensor(x):
        return x, to_tensor(y, like=x)
    if is_tensor(y):
        return to_tensor(x, like=y), y
    return to_tensor(x), to_tensor(y)


def unpack_batch(x, batch_size):
    """CNTK's unpack_batch (batch axis back to a static first axis), keeping a known size."""
    result = C.unpack_batch(x)
    if batch_size is not None:
        result = C.reshape(result, (batch_size,), begin_axis=0, end_axis=1)
    return result


def cntk_shape(shape) -> Tuple[int, ...]:
    return tuple(FREE if size is None else int(size) for size in shape)


def int_shape(x):
    if not is_tensor(x):
        return np.shape(x)
    return tuple(None if size < 0 else size for size in as_variable(x).shape)


def ndim(x):
    return len(int_shape(x))


def count_params(x):
    shape = int_shape(x)
    if None in shape:
        raise ValueError(
            "count_params() needs a tensor of known shape, got shape %s. Call it on a variable."
            % (shape,)
        )
    return int(np.prod(shape, dtype=np.int64))


def backend():
    return "cntk"


def _scoped(name, default):
    base = name if name else "%s_%d" % (default, common.get_uid(default))
    return _NAME_SCOPES.prefixed(base)


def name_scope(name):
    # CNTK has no scopes of its own: names of placeholders, variables and constants created
    # inside get the prefix "name/".
    return _NAME_SCOPES.scope(name)


# ---------------------------------------------------------------------------------------------
# Placeholders, variables, constants


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    if shape is None:
        if ndim is None:
            raise ValueError(
                "placeholder() needs shape or ndim: CNTK inputs have a fixed rank. "
                "Pass shape=(None, 3) or ndim=2."
            )
        shape = (None,) * ndim
    keras_dtype = _keras_dtype(dtype)
    result = C.input_variable(
        cntk_shape(shape),
        dtype=storage_dtype(keras_dtype),
        needs_gradient=True,
        dynamic_axes=[],
        name=_scoped(name, "placeholder"),
    )
    if sparse:
        _mark_sparse(result)
    return mark_dtype(result, keras_dtype)


# CNTK's sparse storage exists only for inputs along dynamic axes, which this engine keeps
# static. Sparse placeholders and variables are therefore stored densely and remembered as
# sparse: they accept SciPy sparse matrices and report is_sparse() like Keras 2.
_SPARSE = set()  # type: set


def _mark_sparse(x):
    _SPARSE.add(as_variable(x).uid)


def _dense_array(value):
    return value.toarray() if hasattr(value, "toarray") else value


def _initial_value(value, dtype):
    if is_tensor(value):
        value = eval(value)
    array = _contiguous(_dense_array(value))
    keras_dtype = _keras_dtype(dtype)  # floatx unless given, whatever the array holds (Keras 2)
    return array.astype(storage_dtype(keras_dtype)), keras_dtype


_CONSTRAINTS = {}  # type: Dict[str, Any]


def variable(value, dtype=None, name=None, constraint=None):
    array, keras_dtype = _initial_value(value, dtype)
    result = C.parameter(
        shape=array.shape, init=array, dtype=array.dtype, name=_scoped(name, "variable")
    )
    if hasattr(value, "toarray"):  # a SciPy sparse matrix
        _mark_sparse(result)
    if constraint is not None:
        _CONSTRAINTS[result.uid] = constraint  # read by optimizers, as in Keras 2
    return mark_dtype(result, keras_dtype)


def constant(value, dtype=None, shape=None, name=None):
    array, keras_dtype = _initial_value(value, dtype)
    if shape is not None:
        array = (
            np.broadcast_to(array, tuple(shape)).copy()
            if array.size == 1
            else array.reshape(tuple(shape))
        )
    result = C.constant(array, dtype=array.dtype, name=_scoped(name, "constant"))
    return mark_dtype(result, keras_dtype)


def _filled_variable(fill, shape, dtype, name):
    keras_dtype = _keras_dtype(dtype)
    return variable(fill(tuple(shape), dtype=storage_dtype(keras_dtype)), keras_dtype, name)


def zeros(shape, dtype=None, name=None):
    return _filled_variable(np.zeros, shape, dtype, name)


def ones(shape, dtype=None, name=None):
    return _filled_variable(np.ones, shape, dtype, name)


def eye(size, dtype=None, name=None):
    rows, columns = (size, size) if isinstance(size, numbers.Integral) else tuple(size)
    keras_dtype = _keras_dtype(dtype)
    return variable(np.eye(rows, columns), keras_dtype, name)


def _filled_like(make, x, dtype, name):
    x = to_tensor(x)
    keras_dtype = dtype_name(dtype) if dtype is not None else dtype_of(x)
    result = make(x, name=name or "")
    if np.dtype(as_variable(result).dtype) != np.dtype(storage_dtype(keras_dtype)):
        result = C.cast(result, storage_dtype(keras_dtype))
    return mark_dtype(result, keras_dtype)


def dtype_name(dtype) -> str:
    return np.dtype(dtype).name


def zeros_like(x, dtype=None, name=None):
    return _filled_like(C.zeros_like, x, dtype, name)


def ones_like(x, dtype=None, name=None):
    return _filled_like(C.ones_like, x, dtype, name)


def identity(x, name=None):
    x = to_tensor(x)
    return mark_dtype(C.alias(x, name=name or ""), dtype(x))


def cast(x, dtype):
    x = to_tensor(x)
    target = dtype_name(dtype)
    source = dtype_of(x)
    if target == "bool":
        result = C.not_equal(x, 0)
    elif target in _FLOAT_DTYPES or source not in _FLOAT_DTYPES:
        result = C.alias(x)  # a new node to carry the new dtype; floats below
    else:
        sign = C.greater(x, 0) - C.less(x, 0)
        result = sign * C.floor(C.abs(x))  # float -> int truncates toward zero
    storage = storage_dtype(target)
    if np.dtype(as_variable(result).dtype) != np.dtype(storage):
        result = C.cast(result, storage)
    return mark_dtype(result, target)


def is_sparse(tensor):
    return is_tensor(tensor) and as_variable(tensor).uid in _SPARSE


def to_dense(tensor):
    if not is_tensor(tensor):
        return to_tensor(_dense_array(tensor))
    return identity(tensor) if is_sparse(tensor) else tensor  # stored densely already


_SHAPE_SOURCES = {}  # type: Dict[str, Any]  # uid of a shape(x) result -> x


def shape_source(shape_tensor):
    """The tensor whose K.shape() this is, or None."""
    return _SHAPE_SOURCES.get(as_variable(shape_tensor).uid)


def shape(x):
    x = to_tensor(x)
    result = _shape(x)
    _SHAPE_SOURCES[as_variable(result).uid] = x  # random_*(K.shape(x)) draws like x
    return result


def _shape(x):
    sizes = int_shape(x)
    if None not in sizes:
        return mark_dtype(C.constant(np.asarray(sizes, np.float32)), "int32")
    # A free dimension's size: take element 0 along every other axis, then count along it.
    parts = []
    for axis, size in enumerate(sizes):
        if size is not None:
            parts.append(C.constant(np.asarray([size], np.float32)))
            continue
        line = C.ones_like(x)
        for other in range(len(sizes)):
            if other != axis:
                line = C.slice(line, other, 0, 1)
        parts.append(C.reshape(C.reduce_sum(line), (1,)))
    return mark_dtype(C.splice(*parts, axis=0), "int32")


# ---------------------------------------------------------------------------------------------
# Learning phase


class _LearningPhase(object):
    """The symbolic learning phase (a scalar input fed 0 unless given) and the fixed value."""

    def __init__(self):
        self.fixed = None
        self.symbol = self._new_symbol()

    @staticmethod
    def _new_symbol():
        return mark_dtype(
            C.input_variable(
                (), dtype=storage_dtype("float32"), dynamic_axes=[], name="keras_learning_phase"
            ),
            "bool",
        )

    def reset(self):
        self.fixed = None
        self.symbol = self._new_symbol()


_PHASE = _LearningPhase()


def learning_phase():
    return _PHASE.symbol if _PHASE.fixed is None else _PHASE.fixed


def set_learning_phase(value):
    if value not in (0, 1) or isinstance(value, bool):
        raise ValueError(
            "set_learning_phase(): value must be 0 (test) or 1 (train), got %r. "
            "From R, write 0L or 1L." % (value,)
        )
    _PHASE.fixed = int(value)


def _call_if_callable(x):
    return x() if callable(x) and not is_tensor(x) else x  # CNTK Functions are callable


def switch(condition, then_expression, else_expression):
    if not is_tensor(condition):
        return _call_if_callable(then_expression if condition else else_expression)
    then_value, else_value = to_pair(
        _call_if_callable(then_expression), _call_if_callable(else_expression)
    )
    condition = to_tensor(condition)
    rank, value_rank = ndim(condition), max(ndim(then_value), ndim(else_value))
    if 0 < rank < value_rank:
        # Keras aligns the condition's axes with the leading axes; CNTK broadcasts trailing ones.
        trailing = (1,) * (value_rank - rank)
        condition = C.reshape(condition, static_shape(condition) + trailing)
    result = C.element_select(condition, then_value, else_value)
    return mark_dtype(result, dtype(then_value))


def static_shape(x):
    """CNTK's shape of x (free dimensions as negative sizes)."""
    return tuple(as_variable(x).shape)


def in_train_phase(x, alt, training=None):
    if training is None:
        training = learning_phase()
    if is_tensor(training):
        return switch(training, x, alt)
    return _call_if_callable(x if training else alt)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


# ---------------------------------------------------------------------------------------------
# Gradients: inputs standing for d(loss)/d(variable), filled by a backward pass at evaluation

_GRADIENT_SOURCES = {}  # type: Dict[str, Tuple[Any, Any]]  # gradient input uid -> (loss, wrt)


def _depends_on(function, variable) -> bool:
    uid = variable.uid
    return any(
        leaf.uid == uid for leaf in function.arguments + function.parameters + function.constants
    )


def _as_function(x):
    return x if isinstance(x, C.cntk_py.Function) else C.combine([x])


def gradients(loss, variables):
    loss_function = _as_function(to_tensor(loss))
    if any(a.uid in _GRADIENT_SOURCES for a in loss_function.arguments):
        raise ValueError(
            "gradients(): this loss is computed from another gradients() result, and CNTK "
            "computes gradients only as backward passes, not as graph operations: gradients of "
            "gradients are not available on the CNTK engine. Use first-order gradients, or the "
            "TensorFlow engine for higher orders."
        )
    single = not isinstance(variables, (list, tuple))
    result = [
        _gradient_input(loss_function, as_variable(v))
        for v in ([variables] if single else variables)
    ]
    return result[0] if single else result


def _gradient_input(loss_function, wrt):
    if not (wrt.is_parameter or wrt.is_input):
        raise ValueError(
            "gradients(): CNTK differentiates only with respect to variables and placeholders, "
            "got %r. Pass the variables (or placeholders) the loss was built from." % (wrt,)
        )
    if not _depends_on(loss_function, wrt):
        return None  # as tf.gradients: the loss does not depend on it
    result = C.input_variable(
        wrt.shape, dtype=wrt.dtype, dynamic_axes=[], name="gradient_of_" + (wrt.name or "variable")
    )
    _GRADIENT_SOURCES[result.uid] = (loss_function, wrt)
    return result


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [stop_gradient(v) for v in variables]
    x = to_tensor(variables)
    return mark_dtype(C.stop_gradient(x), dtype(x))


# ---------------------------------------------------------------------------------------------
# Evaluation


class _Feeder(object):
    """Completes the feeds of a graph: the learning phase's default and gradient inputs."""

    def __init__(self, arguments):
        self.arguments = list(arguments)
        self.keyed_arguments = [(a, a.uid) for a in self.arguments]  # uid is a slow C++ call
        self.phase_arguments = [
            (a, a.uid) for a in self.arguments if a.name == "keras_learning_phase"
        ]
        self.stages = self._gradient_stages()
        # uids of every input the caller must feed, here or in a backward pass
        self.required = {a.uid for a in self.arguments if a.uid not in _GRADIENT_SOURCES}
        for stage in self.stages:
            self.required |= stage.feeder.required

    def _gradient_stages(self):
        by_loss = {}  # loss uid -> (loss function, [(gradient input, wrt)])
        for argument in self.arguments:
            source = _GRADIENT_SOURCES.get(argument.uid)
            if source is not None:
                loss_function, wrt = source
                by_loss.setdefault(loss_function.uid, (loss_function, []))[1].append(
                    (argument, wrt)
                )
        return [_GradientStage(f, pairs) for f, pairs in by_loss.values()]

    def complete(self, feeds):
        for argument, uid in self.phase_arguments:
            if uid not in feeds:
                feeds[uid] = (argument, _phase_value())
        for stage in self.stages:
            stage.feed(feeds)
        return feeds

    def all_arguments(self):
        found = list(self.arguments)
        for stage in self.stages:
            found.extend(stage.feeder.all_arguments())
        return found

    def missing(self, feeds):
        return [a for a, uid in self.keyed_arguments if uid not in feeds]


class _GradientStage(object):
    """One backward pass: the gradients of one loss for every gradient input that needs it."""

    def __init__(self, loss_function, pairs):
        self.loss_function = loss_function
        self.loss = loss_function.output
        self.loss_uid = self.loss.uid
        self.gradient_inputs = [(g, g.uid) for g, _ in pairs]
        self.wrt = [w for _, w in pairs]
        self.feeder = _Feeder(loss_function.arguments)
        self.argument_uids = [uid for _, uid in self.feeder.keyed_arguments]
        self.loss_value = None  # the loss of the last backward pass (same draws as gradients)

    def feed(self, feeds):
        self.feeder.complete(feeds)
        _refuse_missing(self.feeder, feeds, "the loss of gradients()")
        at = dict(feeds[uid] for uid in self.argument_uids)
        grads, loss_value = self.loss_function.grad(
            at, wrt=self.wrt, outputs=[self.loss], as_numpy=True
        )
        self.loss_value = loss_value
        for (gradient_input, uid), wrt in zip(self.gradient_inputs, self.wrt):
            value = grads[wrt] if isinstance(grads, dict) else grads
            feeds[uid] = (gradient_input, np.asarray(value))


def _phase_value():
    value = 0 if _PHASE.fixed is None else _PHASE.fixed
    return np.asarray(value, dtype=storage_dtype("float32"))


def _refuse_missing(feeder, feeds, what):
    missing = feeder.missing(feeds)
    if missing:
        names = ", ".join("%r (shape %s)" % (a.name, int_shape(a)) for a in missing)
        raise ValueError(
            "Cannot evaluate %s: it depends on placeholder %s, which received no value. "
            "Build K.function(inputs, outputs) with the placeholder among the inputs and call "
            "it with a value for each input." % (what, names)
        )


def _to_python(value, keras_dtype):
    if keras_dtype == "bool":
        return np.asarray(value) != 0
    if keras_dtype not in _FLOAT_DTYPES:
        return np.rint(value).astype(keras_dtype)
    value = np.asarray(value)
    return value if value.dtype.name == keras_dtype else value.astype(keras_dtype)


class Graph(object):
    """Outputs (and update ops) evaluated together, given feeds: first the backward passes
    that gradient inputs need, then one forward pass. An output that is the loss of a backward
    pass (Keras 2 training: outputs=[loss], updates from its gradients) is taken from that
    pass instead of being computed again."""

    def __init__(self, outputs, updates=()):
        self.outputs = [as_variable(to_tensor(o)) for o in outputs]
        self.dtypes = [dtype(o) for o in self.outputs]
        updates = [as_variable(u) for u in updates]
        self.feeder = _Feeder(C.combine(self.outputs + updates).arguments)
        self.argument_uids = self.feeder.required
        losses = {stage.loss_uid: stage for stage in self.feeder.stages}
        self.sources = [losses.get(o.uid) for o in self.outputs]  # a stage, or None: forward
        forward = [o for o, stage in zip(self.outputs, self.sources) if stage is None] + updates
        self.forward = C.combine(forward) if forward else None
        if self.forward is not None:
            self.forward_arguments = [(a, a.uid) for a in self.forward.arguments]
            keys = {key.uid: key for key in self.forward.outputs}
            self.forward_keys = [
                None if stage is not None else keys[o.uid]
                for o, stage in zip(self.outputs, self.sources)
            ]

    def run(self, feeds, what="the tensor"):
        feeds = self.feeder.complete(feeds)
        _refuse_missing(self.feeder, feeds, what)
        result = {}
        if self.forward is not None:
            at = {a: feeds[uid][1] for a, uid in self.forward_arguments}
            result = self.forward.eval(at, as_numpy=True)
            if not isinstance(result, dict):
                result = {self.forward.outputs[0]: result}
        values = []
        for index, stage in enumerate(self.sources):
            value = stage.loss_value if stage is not None else result[self.forward_keys[index]]
            values.append(_to_python(value, self.dtypes[index]))
        return values


def eval(x):
    if not is_tensor(x):
        return np.asarray(x)
    variable = as_variable(x)
    if variable.is_parameter or variable.is_constant:
        return _to_python(variable.value, dtype(x))
    return Graph([x]).run({}, "K.eval()")[0]


def get_value(x):
    return eval(x)


def batch_get_value(ops):
    return [get_value(x) for x in ops]


def set_value(x, value):
    variable = as_variable(x)
    if not variable.is_parameter:
        raise TypeError(
            "set_value() needs a variable (made by K.variable, K.zeros...), got %r. "
            "Create the value with K.variable() to be able to set it." % (x,)
        )
    array = np.asarray(value, dtype=variable.dtype)
    expected = tuple(variable.shape)
    if array.shape != expected:
        if array.size != int(np.prod(expected)):
            raise ValueError(
                "set_value(): the variable %r has shape %s, got a value of shape %s. "
                "Pass an array of the variable's shape." % (variable.name, expected, array.shape)
            )
        array = array.reshape(expected)
    variable.value = array


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


# ---------------------------------------------------------------------------------------------
# Updates and functions


def update(x, new_x):
    assign = _assign(x, new_x)
    if not _needs_feeds(assign):  # eager, like Keras 2 on TensorFlow 2: done at once
        assign.eval()
        return x
    return assign


def _assign(x, new_x):
    variable = as_variable(x)
    if not variable.is_parameter:
        raise TypeError(
            "update(): the target must be a variable (made by K.variable, K.zeros...), got %r."
            % (x,)
        )
    new_x = to_tensor(new_x, like=x) if not is_tensor(new_x) else new_x
    if as_variable(new_x).dtype != variable.dtype:
        new_x = C.cast(new_x, variable.dtype)
    if int_shape(new_x) != int_shape(x):
        new_x = C.reshape(new_x, variable.shape)
    # CNTK applies an assign after the forward pass that runs it: outputs see the old value.
    return C.assign(variable, new_x)


def _needs_feeds(x):
    return bool(_as_function(x).arguments)


def update_add(x, increment):
    return update(x, C.plus(x, to_tensor(increment, like=x)))


def update_sub(x, decrement):
    return update(x, C.minus(x, to_tensor(decrement, like=x)))


def moving_average_update(x, value, momentum):
    x_tensor, value = to_pair(x, value)
    momentum = float(momentum) if not is_tensor(momentum) else momentum
    return update(x, x_tensor * momentum + value * (1.0 - momentum))


def _as_update(item):
    if isinstance(item, (list, tuple)):
        if len(item) != 2:
            raise ValueError(
                "function(): an update given as a tuple must be a (variable, new_value) pair, "
                "got %d items." % len(item)
            )
        return _assign(item[0], item[1])  # applied at every call, even without placeholders
    if is_tensor(item) and as_variable(item).is_parameter:
        raise TypeError(
            "function(): the update of %r was applied when it was made (its new value needs no "
            "placeholder), so it cannot run at each call. Pass a (variable, new_value) pair in "
            "updates instead." % as_variable(item).name
        )
    return item


class Function(object):
    """The callable returned by ``function``: feeds inputs, returns outputs, applies updates."""

    def __init__(self, inputs, outputs, updates):
        self.inputs = [as_variable(i) for i in inputs]
        for given in self.inputs:
            if not given.is_input:
                raise TypeError(
                    "function(): inputs must be placeholders (K.placeholder) or "
                    "K.learning_phase(), got %r." % (given,)
                )
        self.single = not isinstance(outputs, (list, tuple))
        outputs = [outputs] if self.single else list(outputs)
        self.graph = Graph(outputs, [_as_update(u) for u in (updates or [])])
        used = self.graph.argument_uids
        # per input: (placeholder, uid, expected shape) if the graph needs it, else None
        self.feeding = [(i, i.uid, int_shape(i)) if i.uid in used else None for i in self.inputs]
        self._refuse_unfed_placeholders()

    def _refuse_unfed_placeholders(self):
        given = {i.uid for i in self.inputs}
        missing = [
            a
            for a in self.graph.feeder.all_arguments()
            if a.uid in self.graph.argument_uids
            and a.uid not in given
            and a.name != "keras_learning_phase"
        ]
        if missing:
            raise ValueError(
                "function(): the outputs or updates depend on placeholder(s) %s, which are not "
                "among the inputs. Add them to inputs (and give their values at each call)."
                % ", ".join("%r" % a.name for a in missing)
            )

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            inputs = [inputs]
        if len(inputs) != len(self.inputs):
            raise ValueError(
                "This function expected %d input values (one per placeholder: %s), got %d. "
                "Pass a list with one array per input."
                % (len(self.inputs), ", ".join(i.name for i in self.inputs), len(inputs))
            )
        feeds = {}
        for feeding, value in zip(self.feeding, inputs):
            if feeding is not None:
                placeholder_, uid, expected = feeding
                feeds[uid] = (placeholder_, _feed_value(placeholder_, value, expected))
        values = self.graph.run(feeds, "this function")
        return values[0] if self.single else values


def _feed_value(placeholder_, value, expected=None):
    array = _contiguous(_dense_array(value), placeholder_.dtype)
    if expected is None:
        expected = int_shape(placeholder_)
    fits = len(expected) == array.ndim and all(
        e is None or e == r for e, r in zip(expected, array.shape)
    )
    if not fits:
        raise ValueError(
            "The placeholder %r expects an array of shape %s (None: any size), got shape %s. "
            "Pass an array of that shape." % (placeholder_.name, expected, array.shape)
        )
    return array


def function(inputs, outputs, updates=None, name=None, **kwargs):
    if kwargs:
        raise ValueError(
            "function(): unexpected argument(s) %s; the CNTK engine accepts inputs, outputs, "
            "updates and name." % ", ".join(sorted(kwargs))
        )
    return Function(list(inputs), outputs, updates)


# ---------------------------------------------------------------------------------------------
# Sessions (CNTK has none) and printing


class Session(object):
    """A stand-in for a TensorFlow session: ``run`` evaluates tensors, feeding placeholders."""

    def run(self, fetches, feed_dict=None):
        single = not isinstance(fetches, (list, tuple))
        fetches = [fetches] if single else list(fetches)
        feeds = {}
        pairs = feed_dict.items() if isinstance(feed_dict, dict) else (feed_dict or [])
        for key, value in pairs:
            variable = as_variable(key)
            feeds[variable.uid] = (variable, _feed_value(variable, value))
        graph = Graph(fetches)
        feeds = {uid: fed for uid, fed in feeds.items() if uid in graph.argument_uids}
        values = graph.run(feeds, "Session.run()")
        return values[0] if single else values


_SESSION = {"current": Session()}


def get_session():
    return _SESSION["current"]


def set_session(session):
    if not isinstance(session, Session):
        raise TypeError(
            "set_session(): the CNTK engine has no sessions; it accepts only the object returned "
            "by K.get_session(), got %r." % (session,)
        )
    _SESSION["current"] = session


def clear_session():
    common.reset_uids()
    _PHASE.reset()
    _SESSION["current"] = Session()


class _Printer(C.ops.functions.UserFunction):
    """Passes its input through, printing a message and the value at each forward pass."""

    def __init__(self, operand, message):
        super(_Printer, self).__init__([operand], name="print_tensor")
        self.message = message

    def forward(self, argument, device=None, outputs_to_retain=None):
        # Keras 2.3.1's format: the message, a space, the value as NumPy prints it.
        print("%s %s" % (self.message, np.asarray(argument)[0]))  # the one sample: the tensor
        return None, argument

    def backward(self, state, root_gradients):
        return root_gradients

    def infer_outputs(self):
        source = self.inputs[0]
        return [C.output_variable(source.shape, source.dtype, source.dynamic_axes)]


def print_tensor(x, message=""):
    # CNTK runs Python user functions only on tensors with a dynamic axis: the value goes
    # through the batch axis as one sample (a leading axis of 1) and comes back.
    x = to_tensor(x)
    one_sample = C.reshape(x, (1,), begin_axis=0, end_axis=0)
    printed = C.user_function(_Printer(C.to_batch(one_sample), message))
    result = C.reshape(C.unpack_batch(printed), as_variable(x).shape)
    if not _needs_feeds(result):  # a value: print it now, as Keras 2 does eagerly
        result.eval()
        return x
    return mark_dtype(result, dtype(x))


# ---------------------------------------------------------------------------------------------
# Keras 2.3.1's remaining core functions


def is_variable(x):
    return isinstance(x, C.cntk_py.Variable) and as_variable(x).is_parameter


def is_placeholder(x):
    # A placeholder is a CNTK input; so are the learning phase and gradients() results.
    if not is_tensor(x):
        return False
    variable = as_variable(x)
    return (
        variable.is_input
        and variable.uid not in _GRADIENT_SOURCES
        and variable.uid != as_variable(_PHASE.symbol).uid
    )


def is_keras_tensor(x):
    if not is_tensor(x):
        raise ValueError(
            "is_keras_tensor(): x must be a tensor or variable, got %s (%s). Ask is_tensor(x) "
            "first for values that may not be tensors." % (repr(x)[:60], type(x).__name__)
        )
    return hasattr(x, "_keras_history")  # set by Keras layers only; K functions never do


def get_variable_shape(x):
    return int_shape(x)


@contextlib.contextmanager
def _no_dependencies():
    yield


def control_dependencies(control_inputs):
    # CNTK orders computations by data flow only (as in Keras 2.3.1's CNTK backend).
    return _no_dependencies()


def size(x, name=None):
    x = to_tensor(x)
    axes = list(range(ndim(x)))
    ones = C.ones_like(x)
    count = C.reduce_sum(ones, axis=axes, keepdims=False) if axes else ones
    return mark_dtype(C.reshape(count, ()), "int32")


def slice(x, start, size):
    x = to_tensor(x)
    rank = ndim(x)
    if not len(start) == len(size) == rank:
        raise ValueError(
            "slice(): start and size must have one entry per axis of x (%d), got start %r "
            "and size %r." % (rank, tuple(start), tuple(size))
        )
    result = x
    for axis, (begin, count) in enumerate(zip(start, size)):
        begin, count = int(begin), int(count)
        if begin == 0 and (count == -1 or count == int_shape(x)[axis]):
            continue  # the whole axis
        end = 0 if count == -1 else begin + count  # CNTK: an end of 0 is the axis's end
        result = C.slice(result, axis, begin, end)
    return mark_dtype(C.alias(result) if result is x else result, dtype(x))


def repeat(x, n):
    x = to_tensor(x)
    if ndim(x) != 2:
        raise ValueError(
            "repeat(): x must be a 2D tensor (samples, dim), got shape %s. Use "
            "repeat_elements() or tile() for other ranks." % (int_shape(x),)
        )
    if n == 0:
        raise ValueError(
            "repeat(): CNTK tensors cannot have an axis of size 0, got n = 0. Use n >= 1 on "
            "the CNTK engine."
        )
    row = C.reshape(x, (1,), begin_axis=1, end_axis=1)
    result = C.splice(*([row] * int(n)), axis=1) if n > 1 else row
    return mark_dtype(result, dtype(x))


def unstack(x, axis=0, num=None, name=None):
    x = to_tensor(x)
    rank = ndim(x)
    axis = axis + rank if axis < 0 else axis
    count = int_shape(x)[axis] if num is None else int(num)
    if count is None:
        raise ValueError(
            "unstack(): the size of axis %d of x is not known statically (shape %s); give "
            "it as num." % (axis, int_shape(x))
        )
    parts = []
    for index in range(count):
        part = C.slice(x, axis, index, index + 1)
        part = C.reshape(part, (), begin_axis=axis, end_axis=axis + 1)
        parts.append(mark_dtype(part, dtype(x)))
    return parts


def pattern_broadcast(x, broadcastable):
    x = to_tensor(x)
    flags = [bool(flag) for flag in broadcastable]
    known = int_shape(x)
    if len(flags) != len(known):
        raise ValueError(
            "pattern_broadcast(): broadcastable must have one flag per axis of x (%d), got %r."
            % (len(known), flags)
        )
    for axis, flag in enumerate(flags):
        if flag and known[axis] not in (None, 1):
            raise ValueError(
                "pattern_broadcast(): axis %d of x is flagged broadcastable but has size %d; "
                "only axes of size 1 can broadcast." % (axis, known[axis])
            )
    return x


keras_shape.install(_TENSOR_TYPES, int_shape)
