"""K.function: a part of the graph compiled once into a fast callable.

The graph is pruned to the feeds (input placeholders) and fetches (outputs, then updates),
and the pruned function is traced once more by ``tf.function`` with a fixed input signature:
its concrete function is cheaper per call than the pruned function itself (measured in
bench/, about 400 us against 740 us for a small model on this machine).

A call then runs the traced function's op directly when no gradient tape is recording (see
``_direct_call``): where the time of a call goes is written down in bench/README.md.
"""

import itertools
from typing import Any, Callable, List, Optional, Sequence

import numpy as np
import tensorflow as tf

from . import _graph

try:  # TensorFlow's own entry points for running a traced function (see _direct_call)
    from tensorflow.python import pywrap_tfe as _pywrap_tfe
    from tensorflow.python.eager import cancellation as _cancellation
    from tensorflow.python.eager import context as _context
    from tensorflow.python.eager import core as _core
    from tensorflow.python.eager import record as _record
    from tensorflow.python.framework import ops as _ops
except ImportError:  # another TensorFlow layout: the public call is used
    _context = _record = _ops = _pywrap_tfe = _cancellation = _core = None


class KerasFunction:
    """Callable taking the list of input values, returning the list of output values."""

    def __init__(
        self, inputs, outputs, updates=None, name=None, fetches=None, feed_dict=None
    ) -> None:
        self.name = name
        self.inputs = _as_list(inputs, "inputs")
        self._single_output = not isinstance(outputs, (list, tuple))
        self.outputs = _as_list(outputs, "outputs")
        fixed = feed_pairs(feed_dict)
        record = _graph.owner_of(_common_graph(self.inputs + self.outputs))
        with record.graph.as_default():
            fetched = [_in_graph(x) for x in self.outputs]
            with tf.control_dependencies(fetched):
                update_ops = [_update_op(record, u) for u in (updates or [])]
            extra = [_fetchable(x) for x in _as_list(fetches or [], "fetches")]
        fixed_holders = [holder for holder, _ in fixed]
        self._feeds = _flat_feeds(self.inputs + fixed_holders)
        self._call = _compile(record, self._feeds, fetched + update_ops + extra)
        self._fixed_values = _flat_values(fixed_holders, [value for _, value in fixed])
        self._arrays = _array_feeds(self.inputs, getattr(self._call, "direct", None))

    def __call__(self, inputs=None) -> Any:
        values = _call_values(inputs, len(self.inputs), self.name)
        results = _NOT_RUN
        if self._arrays is not None:  # the common case, NumPy values to dense placeholders
            tensors = _array_tensors(values, self._arrays)
            if tensors is not None:
                results = self._call.direct(tensors + self._fixed_values)
        if results is _NOT_RUN:
            tensors = _flat_values(self.inputs, values) + self._fixed_values
            results = self._call(*tensors)
        outputs = [result.numpy() for result in results[: len(self.outputs)]]
        return outputs[0] if self._single_output else outputs


def _array_feeds(inputs, direct) -> Optional[List[Any]]:
    """Per input, (NumPy dtype, TensorFlow dtype number, static sizes): what feeding a NumPy
    value needs, read once. None when an input is sparse or the direct call is missing."""
    if direct is None or _ops is None:
        return None
    feeds = []
    for placeholder in inputs:
        if isinstance(placeholder, tf.SparseTensor) or placeholder.shape.rank is None:
            return None
        dtype = placeholder.dtype
        feeds.append((dtype.as_numpy_dtype, dtype.as_datatype_enum, placeholder.shape.as_list()))
    return feeds


def _array_tensors(values, feeds) -> Optional[List[tf.Tensor]]:
    """The input values as eager tensors, when each is a NumPy array (or converts to one) of its
    placeholder's shape; None otherwise (the general path converts, checks and explains)."""
    device = _context.context().device_name
    tensors = []
    for value, (numpy_dtype, dtype_number, sizes) in zip(values, feeds):
        if type(value) is not np.ndarray:
            if _graph.is_eager_tensor(value) or isinstance(value, tf.Variable):
                return None
        array = np.asarray(value, dtype=numpy_dtype)
        shape = array.shape
        if len(shape) != len(sizes):
            return None
        for size, given in zip(sizes, shape):
            if size is not None and size != given:
                return None
        tensors.append(_ops.EagerTensor(array, device, dtype_number))
    return tensors


def feed_pairs(feed_dict) -> List[Any]:
    """(placeholder, value) pairs from a dict or a list of pairs (TF 2 graph tensors are not
    hashable, so a dict keyed by placeholders cannot be built in Python)."""
    if feed_dict is None:
        return []
    if isinstance(feed_dict, dict):
        return list(feed_dict.items())
    pairs = list(feed_dict)
    if not all(isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in pairs):
        raise TypeError(
            "feed_dict must be a dict or a list of (placeholder, value) pairs, got %r."
            % (feed_dict,)
        )
    return pairs


def _as_list(value, what: str) -> List[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, dict):
        raise TypeError(
            "function(): %s must be a list of tensors, got a dict. Pass list(values)." % what
        )
    return [value]


def _common_graph(tensors) -> tf.Graph:
    for tensor in tensors:
        found = _graph.symbolic_graph((tensor,))
        if found is not None:
            return found
    return _graph.graph()


def _in_graph(value) -> tf.Tensor:
    """An output as a tensor of the graph (eager values and variables are captured)."""
    value = _graph.replay_all(value, tf.compat.v1.get_default_graph())
    if isinstance(value, tf.SparseTensor):
        value = tf.sparse.to_dense(value)
    if _graph.is_symbolic(value):
        return value
    return tf.identity(value)


def _fetchable(value):
    if isinstance(value, tf.Operation):
        return value
    return _in_graph(value)


def _update_op(record, update) -> tf.Operation:
    """An update as an op that runs after the outputs: (variable, value) pairs and the
    updates built by K.update* are (re)built here, other ops are fetched as given."""
    if isinstance(update, (list, tuple)) and len(update) == 2:
        variable, value = update
        value = _graph.replay_all(value, tf.compat.v1.get_default_graph())
        return variable.assign(value, read_value=False)
    if isinstance(update, tf.Operation) and update in record.updates:
        method, variable, value = record.updates[update]
        return getattr(variable, method)(value, read_value=False)
    if isinstance(update, tf.Operation) or _graph.is_symbolic(update):
        return update.op if isinstance(update, tf.Tensor) else update
    raise TypeError(
        "function(): each update must be a (variable, new_value) pair or an update built from "
        "symbolic tensors by K.update(), K.update_add() or K.update_sub(); got %r. An update "
        "whose inputs are all eager values runs at once when it is built; to run it at every "
        "call, pass it as a (variable, new_value) pair." % (update,)
    )


def _flat_feeds(inputs) -> List[tf.Tensor]:
    feeds = []
    for placeholder in inputs:
        if isinstance(placeholder, tf.SparseTensor):
            feeds.extend([placeholder.indices, placeholder.values, placeholder.dense_shape])
        elif _graph.is_symbolic(placeholder):
            feeds.append(placeholder)
        else:
            raise TypeError(
                "function(): inputs must be placeholders (or other symbolic tensors) to feed, "
                "got %r. Build inputs with K.placeholder()." % (placeholder,)
            )
    return feeds


def _flat_values(inputs, values) -> List[tf.Tensor]:
    tensors = []
    for placeholder, value in zip(inputs, values):
        if isinstance(placeholder, tf.SparseTensor):
            tensors.extend(_sparse_components(value, placeholder.dtype))
        else:
            tensors.append(_as_tensor(value, placeholder.dtype))
    return tensors


def _as_tensor(value, dtype: tf.DType) -> tf.Tensor:
    if _graph.is_eager_tensor(value) and value.dtype == dtype:
        return value
    if isinstance(value, tf.Variable):
        return tf.cast(value, dtype)
    array = np.asarray(value, dtype=dtype.as_numpy_dtype)
    if _ops is not None and tf.executing_eagerly():
        # What tf.constant does for an eager NumPy value, without its Python (~8 us a feed).
        context = _context.context()
        return _ops.EagerTensor(array, context.device_name, dtype.as_datatype_enum)
    return tf.constant(array)


def _sparse_components(value, dtype: tf.DType) -> List[tf.Tensor]:
    if isinstance(value, tf.SparseTensor):
        return [value.indices, tf.cast(value.values, dtype), value.dense_shape]
    if hasattr(value, "tocoo"):  # a scipy.sparse matrix
        coo = value.tocoo()
        indices = np.stack([coo.row, coo.col], axis=1).astype(np.int64)
        return [
            tf.constant(indices),
            _as_tensor(coo.data, dtype),
            tf.constant(np.asarray(coo.shape, dtype=np.int64)),
        ]
    raise TypeError(
        "function(): a sparse placeholder must be fed a tf.SparseTensor or a scipy.sparse "
        "matrix, got %s." % type(value).__name__
    )


def _call_values(inputs, expected: int, name) -> Sequence[Any]:
    if inputs is None:
        inputs = []
    if not isinstance(inputs, (list, tuple)):
        if expected == 1:
            return [inputs]
        raise TypeError(
            "function %s: expected a list of %d input values, got %s. Call it with a list, "
            "e.g. f([x, y])." % (name or "", expected, type(inputs).__name__)
        )
    if len(inputs) != expected:
        raise ValueError(
            "function %s: expected %d input values (one per placeholder given as inputs), "
            "got %d." % (name or "", expected, len(inputs))
        )
    return inputs


def _compile(record, feeds: List[tf.Tensor], fetches: List[Any]):
    try:
        pruned = record.wrapped.prune(feeds=feeds, fetches=fetches)
    except Exception as error:  # TensorFlow raises UnliftableError for missing feeds
        raise ValueError(
            "function(): the outputs cannot be computed from the given inputs: %s. Add every "
            "placeholder the outputs depend on to `inputs`." % _first_line(error)
        ) from error
    signature = [tf.TensorSpec(feed.shape, feed.dtype) for feed in feeds]
    traced = tf.function(pruned, input_signature=signature, autograph=False)
    concrete = traced.get_concrete_function()
    call_flat = getattr(concrete, "_call_flat", None)
    if call_flat is None:  # a TensorFlow without the private fast path: the public call
        return lambda *tensors: concrete(*tensors)
    # ConcreteFunction.__call__ spends ~30% of a K.function call binding arguments in Python;
    # the inputs are already tensors of the feeds' dtypes, so only their shapes need checking.
    captured = concrete.captured_inputs
    shapes = [feed.shape for feed in feeds]
    direct = _direct_call(concrete, captured)

    def call(*tensors):
        for index, (tensor, shape) in enumerate(zip(tensors, shapes)):
            if not shape.is_compatible_with(tensor.shape):
                raise ValueError(
                    "function(): input %d has shape %s, but its placeholder takes %s."
                    % (index, tuple(tensor.shape), tuple(shape))
                )
        if direct is not None:
            results = direct(tensors)
            if results is not _NOT_RUN:
                return results
        return call_flat(list(tensors), captured)

    call.direct = direct  # type: ignore[attr-defined]
    return call


_NOT_RUN = object()


def _direct_call(concrete, captured) -> Optional[Callable]:
    """A call of the traced function's op itself, for the common case: eager, no gradient tape
    recording, not inside another function's trace, no cancellation manager. ``_call_flat``
    checks exactly these, then runs the op inside three context managers (error interpolation,
    control dependencies, a paused tape) that cost ~50 us of a ~250 us call; the op is then run
    as TensorFlow's ``execute`` runs it, with the call options' attributes kept while the
    thread's options object stays the same (~10 us more; bench/results/overhead.md). Returns
    None (use ``_call_flat``) when this TensorFlow lacks the pieces; the callable returns
    _NOT_RUN when the case is not the common one."""
    atomic = getattr(concrete, "_inference_function", None)
    could_record = getattr(_record, "could_possibly_record", None)
    if _context is None or atomic is None or could_record is None:
        return None
    try:
        name = atomic.name
        op_name = name.decode("utf-8") if isinstance(name, bytes) else name
        outputs = len(atomic.function_type.flat_outputs)
        context = _context.context()
        context.ensure_initialized()
        local = context._thread_local_data
        execute = _pywrap_tfe.TFE_Py_Execute
        active_cancellation = _cancellation.context
        status_error, to_exception = _core._NotOkStatusException, _core._status_to_exception
        context.function_call_options.as_attrs  # noqa: B018 (present in this TensorFlow?)
    except AttributeError:
        return None
    captured = list(captured)
    attributes = {"options": None, "attrs": ()}

    def call_attributes():
        options = context.function_call_options
        if options is not attributes["options"]:
            attributes["attrs"] = tuple(itertools.chain(*options.as_attrs().items()))
            attributes["options"] = options
        return attributes["attrs"]

    def direct(tensors):
        if could_record() or not local.is_eager or active_cancellation() is not None:
            return _NOT_RUN  # (a FuncGraph being built is not eager either)
        try:
            return execute(
                context._handle,
                local.device_name,
                op_name,
                list(tensors) + captured,
                call_attributes(),
                outputs,
            )
        except status_error as error:
            raise to_exception(error) from None

    return direct


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def evaluate_symbolic(tensor) -> np.ndarray:
    """The value of a symbolic tensor that depends on no placeholder (K.eval); the pruned
    function is kept with the graph, so evaluating the same tensor again does not recompile."""
    record = _graph.owner_of(tensor.graph)
    evaluator = record.evaluators.get(tensor.ref())
    if evaluator is None:
        try:
            evaluator = record.wrapped.prune(feeds=[], fetches=[tensor])
        except Exception as error:
            raise ValueError(
                "eval(): %s depends on a placeholder, so it has no value by itself (%s). "
                "Compute it with f <- K.function(list(placeholder), list(tensor)) and call "
                "f(list(value))." % (tensor.name, _first_line(error))
            ) from error
        record.evaluators[tensor.ref()] = evaluator
    return evaluator()[0].numpy()


__all__ = ["KerasFunction", "evaluate_symbolic", "feed_pairs"]
