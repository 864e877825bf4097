"""Keras-2 graph semantics on TensorFlow 2 without turning eager execution off.

One graph (the FuncGraph of an empty ``tf.compat.v1.wrap_function``) holds every symbolic
tensor: placeholders are built in it, eager variables used in it are captured, and
``wrapped.prune(feeds, fetches)`` compiles a part of it into a callable taking eager tensors.

Every engine function is wrapped by ``symbolic_aware``: it runs inside the graph when one of
its arguments (also inside lists, tuples and dicts) is a symbolic tensor, and eagerly
otherwise, so engine modules are plain TensorFlow code. Python operators and ``tf.*`` ops
applied to symbolic tensors outside any K call (``placeholder * 2``) are routed into the
graph by a TensorFlow op dispatcher (see ``_GraphOpDispatcher``). Eager results computed
from variables remember how they were computed and are recomputed in the graph when they meet
a symbolic tensor; Python operators on them are recorded too (see ``_recording``).
"""

import functools
import inspect
import warnings
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

import tensorflow as tf

from ..common import reset_uids


class _Graph:
    """The current graph, its learning-phase flag and the updates built in it."""

    def __init__(self) -> None:
        self.wrapped = tf.compat.v1.wrap_function(lambda: None, [])
        self.graph = self.wrapped.graph
        self.learning_phase_flag = None  # type: Optional[tf.Tensor]
        # op -> (method name, variable, value): lets function() rebuild an update after
        # its outputs (Keras 2 order: outputs are computed with the values before updates).
        self.updates = {}  # type: Dict[Any, Tuple[str, tf.Variable, Any]]
        # tensor reference -> its pruned function, so K.eval of a tensor compiles it once.
        self.evaluators = {}  # type: Dict[Any, Callable]


_state = {"graph": None, "learning_phase": None}  # type: Dict[str, Any]
_wrapped_of_graph = {}  # type: Dict[Any, Any]


def current() -> _Graph:
    if _state["graph"] is None:
        new = _Graph()
        _wrapped_of_graph[new.graph] = new
        _state["graph"] = new
    return _state["graph"]


def graph() -> tf.Graph:
    return current().graph


def owner_of(graph_: tf.Graph) -> _Graph:
    """The _Graph record of a graph built here (also one replaced by clear_session)."""
    try:
        return _wrapped_of_graph[graph_]
    except KeyError:
        raise ValueError(
            "this tensor belongs to a TensorFlow graph that kerasbridge did not create (%s); "
            "expected a tensor built from K.placeholder() or other K functions. Build it with "
            "K functions, or use plain TensorFlow for it." % graph_
        ) from None


def reset() -> None:
    """clear_session(): a fresh graph, learning phase unset, uid counters reset."""
    _state["graph"] = None
    _state["learning_phase"] = None
    reset_uids()


# --- symbolic detection --------------------------------------------------------------------

_EagerTensor = type(tf.constant(0))


def _symbolic_tensor_type() -> type:
    with tf.compat.v1.wrap_function(lambda: None, []).graph.as_default():
        return type(tf.compat.v1.placeholder(tf.float32, ()))


_SymbolicTensor = _symbolic_tensor_type()
_VARIABLE_TYPES = {type(tf.Variable(0.0))}  # K's own variable class is added by core


def register_variable_type(kind: type) -> None:
    _VARIABLE_TYPES.add(kind)


# Types seen on every eager call, answered without further checks.
_PLAIN_TYPES = frozenset([int, float, bool, str, type(None), complex, bytes])


def scan(values) -> Tuple[Optional[tf.Graph], bool]:
    """(graph of the first symbolic tensor among values or None, whether a variable or a
    recorded eager tensor is among them); containers are searched too."""
    traced = False
    for value in values:
        kind = type(value)
        if kind is _EagerTensor:
            traced = traced or id(value) in _recipes
        elif kind is _SymbolicTensor:
            return value.graph, traced
        elif kind in _VARIABLE_TYPES:
            traced = True
        elif kind not in _PLAIN_TYPES:
            found, inner = _scan_other(value)
            if found is not None:
                return found, traced
            traced = traced or inner
    return None, traced


def _scan_other(value) -> Tuple[Optional[tf.Graph], bool]:
    if isinstance(value, (list, tuple)):
        return scan(value)
    if isinstance(value, dict):
        return scan(value.values())
    if isinstance(value, tf.SparseTensor):
        return scan((value.indices, value.values))
    if isinstance(value, tf.Variable):
        return None, True
    if isinstance(value, tf.Tensor) and not isinstance(value, _EagerTensor):
        return value.graph, False
    return None, False


def symbolic_graph(values) -> Optional[tf.Graph]:
    """The graph of the first symbolic tensor among values (searched inside containers)."""
    return scan(values)[0]


def is_symbolic(value) -> bool:
    return scan((value,))[0] is not None


def is_eager_tensor(value) -> bool:
    return type(value) is _EagerTensor


# --- recorded eager results: replayed in the graph -----------------------------------------
# An eager result computed from variables (K.transpose(W)) is a value, but Keras 2 code later
# combines it with placeholders and differentiates with respect to W. So each such result
# remembers how it was computed, and is recomputed inside the graph when it meets a symbolic
# tensor, keeping gradients and fresh variable values. Random tensors are recorded too, so a
# function draws new numbers at each call as in Keras 2. A record lives as long as its result.


class _Call:
    __slots__ = ("function", "args", "kwargs", "replayed")

    def __init__(self, function, args, kwargs) -> None:
        self.function, self.args, self.kwargs = function, args, kwargs
        self.replayed = {}  # type: Dict[tf.Graph, Any]

    def result_in(self, graph_: tf.Graph) -> Any:
        if graph_ not in self.replayed:
            args, kwargs = replay_all(self.args, graph_), replay_all(self.kwargs, graph_)
            with graph_.as_default():
                self.replayed[graph_] = self.function(*args, **kwargs)
        return self.replayed[graph_]


_recipes = {}  # type: Dict[int, Tuple[Any, _Call, Optional[int]]]


def record(function: Callable, args, kwargs, result) -> None:
    """Remember how the eager tensors of result were computed."""
    call = _Call(function, args, kwargs)
    if type(result) is _EagerTensor:
        _remember(result, call, None)
    elif isinstance(result, (list, tuple)):
        for index, item in enumerate(result):
            if type(item) is _EagerTensor:
                _remember(item, call, index)


def _remember(tensor, call: _Call, index: Optional[int]) -> None:
    key = id(tensor)
    # The callback holds the dict itself: at interpreter exit a tensor may die after this
    # module's globals were cleared, and a lookup of _recipes would then find None.
    reference = weakref.ref(tensor, lambda _, key=key, recipes=_recipes: recipes.pop(key, None))
    _recipes[key] = (reference, call, index)


def is_recorded(value) -> bool:
    """Whether value is an eager tensor whose computation is recorded."""
    entry = _recipes.get(id(value)) if type(value) is _EagerTensor else None
    return entry is not None and entry[0]() is value


# Python operators on recorded results are recorded too. Without this, ``0.01 * K.sum(W * W)``
# would be a plain constant, and a loss adding it to a placeholder's loss would silently lose
# its gradient to W. Eager tensors cannot be subclassed, so the operators of TensorFlow's eager
# tensor base class are wrapped: for tensors that are not recorded (any plain TensorFlow use)
# the wrapper only adds one dictionary test.
_RECORDED_OPERATORS = (
    [
        "__%s__" % name
        for name in (
            "add",
            "sub",
            "mul",
            "truediv",
            "floordiv",
            "mod",
            "pow",
            "matmul",
            "and",
            "or",
            "xor",
        )
    ]
    + [
        "__r%s__" % name
        for name in (
            "add",
            "sub",
            "mul",
            "truediv",
            "floordiv",
            "mod",
            "pow",
            "matmul",
            "and",
            "or",
            "xor",
        )
    ]
    + ["__lt__", "__le__", "__gt__", "__ge__", "__neg__", "__abs__", "__invert__", "__getitem__"]
)


def _recording(tf_operator: Callable) -> Callable:
    @functools.wraps(tf_operator)
    def run(self, *other):
        result = tf_operator(self, *other)
        if _recipes and (is_recorded(self) or (other and is_recorded(other[0]))):
            record(tf_operator, (self,) + other, {}, result)
        return result

    run.kerasbridge_records = True
    return run


def _install_recording_operators() -> None:
    eager_base = _EagerTensor.__mro__[1]  # _EagerTensorBase, a Python class
    try:
        for name in _RECORDED_OPERATORS:
            tf_operator = getattr(eager_base, name, None)
            if tf_operator is not None and not hasattr(tf_operator, "kerasbridge_records"):
                setattr(eager_base, name, _recording(tf_operator))
    except TypeError:  # a built-in type: its attributes cannot be set
        warnings.warn(
            "kerasbridge cannot wrap the Python operators of this TensorFlow's eager tensors "
            "(%s): an operator applied to a value computed from variables (0.5 * K.sum(w)) "
            "gives a constant, so its gradient and fresh variable values are lost inside "
            "K.function. Combine such values with a placeholder before applying operators."
            % eager_base.__name__,
            stacklevel=1,  # about this TensorFlow, not about a caller
        )


_install_recording_operators()


def replay(value, graph_: tf.Graph) -> Any:
    """The graph version of a recorded eager tensor; any other value unchanged."""
    if not is_recorded(value):
        return value
    _, call, index = _recipes[id(value)]
    result = call.result_in(graph_)
    return result if index is None else result[index]


def replay_all(values, graph_: tf.Graph) -> Any:
    """values with every recorded eager tensor replaced by its graph version (recursively)."""
    if isinstance(values, list):
        return [replay_all(value, graph_) for value in values]
    if isinstance(values, tuple) and not hasattr(values, "_fields"):
        return tuple(replay_all(value, graph_) for value in values)
    if isinstance(values, dict):
        return {key: replay_all(value, graph_) for key, value in values.items()}
    return replay(values, graph_)


def as_symbolic(value, graph_: Optional[tf.Graph] = None) -> Any:
    """value itself when symbolic; its replay when it is a recorded eager tensor."""
    return replay_all(value, graph_ or graph())


# --- running engine functions in the right world -------------------------------------------


def symbolic_aware(
    function: Callable, records_always: bool = False, kernel: Optional[str] = None
) -> Callable:
    """Run ``function`` inside the graph of its symbolic arguments, eagerly when there are none.

    Eager results computed from variables (or always, for random sources) are recorded.
    ``kernel`` names the one TensorFlow op the function is on eager tensors with its other
    arguments at their defaults (see ``_kernel_branch``).
    """
    general = _symbolic_aware_general(function, records_always)
    if records_always:
        return general
    return _with_eager_fast_path(function, general, kernel)


# The eager fast path: a wrapper generated with the function's own signature tests each
# argument's type inline (an unrecorded eager tensor, a plain Python scalar, or a list or tuple
# of those) and calls the function directly; anything else takes the general path above. On a
# tiny eager op this is ~0.1 us of Python instead of ~0.5 us for packing *args/**kwargs and
# scanning them (bench/eager_ops.py: the "check" column). Right after a TensorFlow op every
# bytecode runs from cold caches and costs several times its usual time, so an argument left
# at its default is recognised by identity first.
_FAST_TEST = (
    "(type({0}) is _Eager and id({0}) not in _recipes or type({0}) in _Plain "
    "or type({0}) in _Sequences and _plain_items({0}))"
)
_DEFAULT_TEST = "({0} is {1} or %s)" % _FAST_TEST
_SEQUENCES = frozenset([list, tuple])

# A function that is one TensorFlow op on eager tensors (K.relu(x) is the Relu op) runs that
# op through TensorFlow's C fast path, the call TensorFlow's generated op functions make after
# their own Python: when the op is also the raw TensorFlow call (tf.nn.relu is that generated
# function), the two Python layers around it cost more than 5% of a small op. Taken only when
# the function's tensor arguments are unrecorded eager tensors (a later one may be a Python
# number, converted to the first one's dtype by TensorFlow as its generated function does) and
# the others are left at their defaults; anything the op refuses (a dtype it lacks, a number
# it cannot convert, a graph being built) takes the function itself, with its usual result
# or error.
_KERNEL_TEST = "type({0}) is _Eager and id({0}) not in _recipes"
_KERNEL_OPERAND_TEST = "(type({0}) is _Eager and id({0}) not in _recipes or type({0}) in _Numbers)"
_KERNEL_BRANCH = (
    "    if {tests}:\n"
    "        try:\n"
    "            context = _context._context\n"
    "            if context._thread_local_data.is_eager:\n"
    "                return _execute(context, _kernel, None, {tensors})\n"
    "        except Exception:\n"
    "            pass  # the function's own path below gives its usual result or error\n"
)


def _kernel_runner() -> Optional[Tuple[Callable, Any]]:
    """(TensorFlow's C fast path, its eager context module) when this TensorFlow runs a Relu
    through them as expected, else None (the functions then run their own bodies)."""
    try:
        from tensorflow.python import pywrap_tfe
        from tensorflow.python.eager import context as context_module

        execute = pywrap_tfe.TFE_Py_FastPathExecute
        context = context_module.context()
        result = execute(context, "Relu", None, tf.constant([-1.0, 2.0]))
        if type(result) is _EagerTensor and result.numpy().tolist() == [0.0, 2.0]:
            return execute, context_module
    except Exception:  # another TensorFlow's internals: the functions' own bodies are right
        pass
    return None


_KERNEL_RUNNER = _kernel_runner()


def has_direct_kernels() -> bool:
    """Whether functions declared as one op run it through TensorFlow's C fast path."""
    return _KERNEL_RUNNER is not None


def _plain_items(values) -> bool:
    for value in values:
        kind = type(value)
        if kind is _EagerTensor:
            if id(value) in _recipes:
                return False
        elif kind not in _PLAIN_TYPES:
            return False
    return True


def _passes_fast_test(value) -> bool:
    kind = type(value)
    return kind in _PLAIN_TYPES or (kind in _SEQUENCES and _plain_items(value))


def _with_eager_fast_path(
    function: Callable, general: Callable, kernel: Optional[str] = None
) -> Callable:
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return general
    if not parameters or any(p.kind is not p.POSITIONAL_OR_KEYWORD for p in parameters):
        return general
    namespace = {
        "_function": function,
        "_general": general,
        "_Eager": _EagerTensor,
        "_recipes": _recipes,
        "_Plain": _PLAIN_TYPES,
        "_Sequences": _SEQUENCES,
        "_plain_items": _plain_items,
    }  # type: Dict[str, Any]
    signature, names, tests = [], [], []
    for index, parameter in enumerate(parameters):
        names.append(parameter.name)
        if parameter.default is parameter.empty:
            signature.append(parameter.name)
            tests.append(_FAST_TEST.format(parameter.name))
            continue
        default = "_default%d" % index
        namespace[default] = parameter.default
        signature.append("%s=%s" % (parameter.name, default))
        if _passes_fast_test(parameter.default):
            tests.append(_DEFAULT_TEST.format(parameter.name, default))
        else:
            tests.append(_FAST_TEST.format(parameter.name))
    arguments = ", ".join(names)
    source = "def run(%s):\n" % ", ".join(signature)
    if kernel is not None and _KERNEL_RUNNER is not None:
        source += _kernel_branch(parameters, kernel, namespace)
    source += "    if %s:\n        return _function(%s)\n    return _general(%s)\n" % (
        " and ".join(tests),
        arguments,
        arguments,
    )
    exec(_compiled(source), namespace)
    run = namespace["run"]
    run.__code__ = run.__code__.replace(
        co_filename="<kerasbridge eager path: %s>" % function.__name__
    )
    run = functools.update_wrapper(run, function)
    run.__doc__ = None
    return run


# Many functions share a signature ((x), (x, axis=None, keepdims=False)...), so their wrappers
# share a source: compiled once, it saves ~10 ms of loading the engine.
_COMPILED_WRAPPERS = {}  # type: Dict[str, Any]


def _compiled(source: str) -> Any:
    code = _COMPILED_WRAPPERS.get(source)
    if code is None:
        code = _COMPILED_WRAPPERS[source] = compile(source, "<kerasbridge eager path>", "exec")
    return code


def _kernel_branch(parameters, kernel: str, namespace: Dict[str, Any]) -> str:
    """The generated test and call running ``kernel`` directly (see _KERNEL_TEST above)."""
    tensors = [p.name for p in parameters if p.default is p.empty]
    tests = [_KERNEL_TEST.format(tensors[0])]
    tests += [_KERNEL_OPERAND_TEST.format(name) for name in tensors[1:]]
    tests += [
        "%s is _default%d" % (p.name, index)
        for index, p in enumerate(parameters)
        if p.default is not p.empty
    ]
    namespace.update(
        _kernel=kernel,
        _execute=_KERNEL_RUNNER[0],
        _context=_KERNEL_RUNNER[1],
        _Numbers=frozenset([int, float]),
    )
    return _KERNEL_BRANCH.format(tests=" and ".join(tests), tensors=", ".join(tensors))


def _symbolic_aware_general(function: Callable, records_always: bool) -> Callable:
    @functools.wraps(function)
    def run(*args, **kwargs):
        found, traced = scan(args)
        if found is None and kwargs:
            found, traced_kw = scan(kwargs.values())
            traced = traced or traced_kw
        if found is None:
            result = function(*args, **kwargs)
            if traced or records_always:
                record(function, args, kwargs, result)
            return result
        if not tf.executing_eagerly():
            # Already building a graph (e.g. inside the user's own tf.function).
            return function(*args, **kwargs)
        args, kwargs = replay_all(args, found), replay_all(kwargs, found)
        with found.as_default():
            return function(*args, **kwargs)

    run.__doc__ = None
    return run


def call_aware(function: Callable, *args, **kwargs) -> Any:
    """Call an engine function from another one, in the world its arguments need."""
    return _symbolic_aware_general(function, False)(*args, **kwargs)


def symbolic_aware_with_callables(function: Callable) -> Callable:
    """Like symbolic_aware, for functions taking callables (rnn, map_fn, switch...).

    A callable may close over placeholders although every argument is eager. It is first run
    eagerly; when a callable returned a symbolic tensor and the eager run failed (eager
    loops cannot carry symbolic values), the whole call is redone inside the graph.
    """
    plain = _symbolic_aware_general(function, False)

    @functools.wraps(function)
    def run(*args, **kwargs):
        if symbolic_graph(args) is not None or symbolic_graph(kwargs.values()) is not None:
            return plain(*args, **kwargs)
        watch = _SymbolicWatch()
        try:
            return plain(*watch.wrap_all(args), **watch.wrap_all_kw(kwargs))
        except Exception:
            if watch.graph is None or not tf.executing_eagerly():
                raise
        args, kwargs = replay_all(args, watch.graph), replay_all(kwargs, watch.graph)
        with watch.graph.as_default():
            return function(*args, **kwargs)

    run.__doc__ = None
    return run


class _SymbolicWatch:
    """Wraps the callables of a call and remembers the graph of any symbolic result."""

    def __init__(self) -> None:
        self.graph = None  # type: Optional[tf.Graph]

    def wrap(self, value):
        if not callable(value) or isinstance(value, (tf.Tensor, tf.Variable)):
            return value

        @functools.wraps(value)
        def watched(*args, **kwargs):
            result = value(*args, **kwargs)
            if self.graph is None:
                self.graph = symbolic_graph((result,))
            return result

        return watched

    def wrap_all(self, values) -> List[Any]:
        return [self.wrap(value) for value in values]

    def wrap_all_kw(self, values) -> Dict[str, Any]:
        return {name: self.wrap(value) for name, value in values.items()}


# --- learning phase ------------------------------------------------------------------------


def set_learning_phase_value(value: Optional[int]) -> None:
    _state["learning_phase"] = value


def learning_phase_value() -> Optional[int]:
    """The learning phase fixed by set_learning_phase (0 or 1), or None when unset."""
    return _state["learning_phase"]


def learning_phase_flag() -> tf.Tensor:
    """The graph's symbolic learning phase: a bool placeholder defaulting to False (test)."""
    record = current()
    if record.learning_phase_flag is None:
        with record.graph.as_default():
            record.learning_phase_flag = tf.compat.v1.placeholder_with_default(
                False, shape=(), name="keras_learning_phase"
            )
    return record.learning_phase_flag


def learning_phase_for(*tensors) -> Any:
    """The learning phase to apply to these tensors: the fixed 0/1 when set; else the
    symbolic flag when any of them is symbolic; else 0 (eager values are in test phase).

    Shared with nn.py (dropout and friends) so every function follows one rule.
    """
    fixed = learning_phase_value()
    if fixed is not None:
        return fixed
    if symbolic_graph(tensors) is not None:
        return learning_phase_flag()
    return 0


# --- Python operators on symbolic tensors outside K calls ----------------------------------


def _install_op_dispatcher() -> bool:
    """Route ``tf.*`` ops and Python operators on our symbolic tensors into their graph.

    TensorFlow consults registered global op dispatchers when an op fails with TypeError or
    ValueError (this is how Keras 2 built KerasTensors in TF 2); a symbolic tensor used
    outside its graph fails with "out of scope", so the dispatcher reruns the op inside the
    graph. The eager fast path never reaches it. Returns False when this TensorFlow lacks
    the hook: then operators must be written with K functions (K.placeholder's doc says so).
    """
    try:
        from tensorflow.python.util import dispatch
    except ImportError:
        return False
    base = getattr(dispatch, "GlobalOpDispatcher", None)
    if base is None:
        return False

    class _GraphOpDispatcher(base):
        def handle(self, op, args, kwargs):
            found = symbolic_graph(args) or symbolic_graph(kwargs.values())
            if found is None or found not in _wrapped_of_graph or not tf.executing_eagerly():
                return self.NOT_SUPPORTED
            args, kwargs = replay_all(args, found), replay_all(kwargs, found)
            with found.as_default():
                return op(*args, **kwargs)

    _GraphOpDispatcher().register()
    return True


OPERATORS_ON_SYMBOLIC = _install_op_dispatcher()
