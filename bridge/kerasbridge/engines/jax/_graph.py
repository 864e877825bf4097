"""Keras-2 graph semantics on JAX: symbolic tensors that record pure jnp computations.

A symbolic tensor (``Tensor``) is a placeholder, a variable, or a ``Node`` recording a pure
function and its arguments (nested lists, tuples and dicts may hold tensors). Every engine
function is written once on values (jax arrays, also tracers inside jit or scan) and lifted
by ``op``: when an argument holds a tensor, a node is recorded, its static shape and dtype
found by ``jax.eval_shape`` (unknown sizes are one symbolic dimension); otherwise the
function runs at once on the values.

Callables given to ``rnn``, ``switch`` and the like may close over tensors. Such tensors are
found while the node's shape is computed (reading one that is not among the arguments raises
``_Missing``) and become extra inputs of the node, so every node lists everything its value
depends on: a graph walk finds the placeholders and variables of a K.function.

Evaluation (``evaluate``) walks the graph with an environment mapping tensors to values;
while a recorded function runs, that environment is the "active" one, and engine functions
called inside it (by a step function, say) resolve tensors through it instead of recording.
"""

import functools
import itertools
import operator

import jax
import jax.export
import jax.numpy as jnp
import numpy as np

from ._values import operands, to_array

# float64 and int64 tensors (K.set_floatx("float64"), dtype = "int64") exist on every other
# engine; without x64 JAX silently makes them 32-bit.
jax.config.update("jax_enable_x64", True)

_SCOPE = jax.export.SymbolicScope()
(_UNKNOWN,) = jax.export.symbolic_shape("b", scope=_SCOPE)
_DUMMIES = (7, 11)  # sizes tried for unknown dimensions when the symbolic one fails


def _is_tensor(x):
    return isinstance(x, Tensor)


class Tensor:
    """A symbolic tensor. ``shape`` holds None for unknown sizes; ``dtype`` is a string."""

    __array_ufunc__ = None  # numpy defers to our reflected operators
    __array_priority__ = 1000
    inputs = ()
    sparse = False

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return "<%s %r shape=%s dtype=%s>" % (
            type(self).__name__,
            self.name,
            self.shape,
            self.dtype,
        )

    def __bool__(self):
        raise TypeError(
            "a symbolic tensor (%s) has no truth value: its value is known only when a "
            "K.function runs. Use K.switch() or compare values after K.eval()." % self.name
        )

    def __iter__(self):
        if self.shape and self.shape[0] is not None:
            return iter([self[i] for i in range(self.shape[0])])
        raise TypeError(
            "cannot iterate over a symbolic tensor whose first dimension is unknown (%s); "
            "use K.unstack(x, num = n)." % (self.shape,)
        )

    def __len__(self):
        if self.shape and self.shape[0] is not None:
            return self.shape[0]
        raise TypeError("len() of a symbolic tensor with unknown first dimension %s" % (self,))

    def __getitem__(self, index):
        result = _getitem(self, index)
        if isinstance(result, Node):
            result.shape = _sliced_shape(self.shape, index, result.shape)
        return result

    def eval(self):
        return np.asarray(evaluate_now(self))


class Placeholder(Tensor):
    def __init__(self, shape, dtype, name, sparse=False):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.name = name
        self.sparse = sparse


class Variable(Tensor):
    def __init__(self, value, name, constraint=None, sparse=False):
        self.value = value
        self.name = name
        self.constraint = constraint
        self.sparse = sparse

    @property
    def shape(self):
        return tuple(self.value.shape)

    @property
    def dtype(self):
        return self.value.dtype.name

    def assign(self, value):
        value = jnp.asarray(value, dtype=self.value.dtype)
        if value.shape != self.value.shape:
            raise ValueError(
                "cannot set variable %s of shape %s to a value of shape %s; give a value of "
                "the variable's shape." % (self.name, self.value.shape, value.shape)
            )
        self.value = value


class RandomState(Tensor):
    """The key of the random functions without seed: a leaf that K.function advances at
    every call (and eval after each evaluation), so every call draws new values."""

    def __init__(self, seed):
        self.value = jax.random.PRNGKey(seed)
        self.name = "random_state"
        self.shape = tuple(self.value.shape)
        self.dtype = self.value.dtype.name

    def advance(self):
        self.value = jax.random.fold_in(self.value, 1)


class CallIndex(Tensor):
    """How many times the K.function being run has run before: the key of a seeded draw
    folds it into the seed, so each call draws new values and every run of a program the
    same sequence. K.function feeds it (a traced input); elsewhere (eval) it is 0."""

    def __init__(self):
        self.value = jnp.zeros((), jnp.uint32)  # a jax array, as the calls return
        self.name = "call_index"
        self.shape = ()
        self.dtype = "uint32"


class ShapeOf:
    """Stands for K.shape(x) where sizes are needed statically (random shapes, reshape):
    resolves to x's value, whose shape is static in jax even when x is symbolic."""

    def __init__(self, tensor):
        self.tensor = tensor


jax.tree_util.register_pytree_node(
    ShapeOf, lambda s: ((s.tensor,), None), lambda _, children: ShapeOf(children[0])
)


def sizes_of(shape):
    """A shape argument as a tuple of ints (from ShapeOf, a list, an array or a concrete
    shape tensor)."""
    if isinstance(shape, ShapeOf):
        return tuple(shape.tensor.shape)
    if hasattr(shape, "shape") and not isinstance(shape, np.ndarray):
        shape = np.asarray(jax.device_get(shape))  # a shape tensor: concrete where it is used
    if isinstance(shape, (list, tuple)):
        return tuple(int(d) for d in shape)
    return tuple(int(d) for d in np.asarray(shape).reshape(-1))


def static_shape_argument(shape):
    """A shape argument: K.shape(x) of a symbolic x becomes ShapeOf(x), so the sizes can be
    read from x's value (static in jax) instead of from a traced integer tensor."""
    if isinstance(shape, Node) and shape.shape_of is not None:
        return ShapeOf(shape.shape_of)
    return shape


class Node(Tensor):
    __slots__ = (
        "fn",
        "flat",
        "tree",
        "inputs",
        "shape",
        "dtype",
        "name",
        "meta",
        "shape_of",
        "finish",
        "sparse",
    )

    def __init__(self, fn, flat, tree, inputs, shape, dtype, name):
        self.fn = fn
        self.flat = flat
        self.tree = tree
        self.inputs = inputs
        self.shape = shape
        self.dtype = dtype
        self.name = name
        self.meta = None
        self.shape_of = None  # for K.shape(x): x, whose static sizes it holds
        # Applied to the NumPy value when it is returned (by K.function or eval): sizes that
        # depend on values (ctc_decode's width) are cut there, outside jax.jit.
        self.finish = None
        self.sparse = False


RANDOM = RandomState(1337)
CALLS = CallIndex()
_node_ids = itertools.count(1)


# --- evaluation ----------------------------------------------------------------------------


class _Missing(Exception):
    """Raised while a node's shape is computed when a callable reads a tensor that is not
    among the node's arguments: the tensor becomes one more input."""

    def __init__(self, tensor):
        Exception.__init__(self, tensor)
        self.tensor = tensor


class _Active:
    env = None  # the environment of the evaluation in progress
    abstract = False  # True while a node's shape is computed
    defaults = None  # values of leaves missing from env in a concrete evaluation
    loop_steps = ()  # the step indices of the loops whose step is being traced (call_in_step)
    # The tensor a shape computation found missing. Kept here as well as raised: the exception
    # may cross a user's callable written in R and come back as a RuntimeError.
    missing = None


def default_leaf_value(tensor):
    """The value of a leaf that an evaluation was not given (K.eval, eager use)."""
    if isinstance(tensor, (Variable, RandomState, CallIndex)):
        return tensor.value
    phase = _learning_phase_default(tensor)
    if phase is not None:
        return phase
    raise ValueError(
        "cannot compute a value that depends on placeholder %s: placeholders have a value only "
        "when fed. Build f <- K.function(list(inputs), list(output)) and call f(list(values))."
        % (tensor.name,)
    )


_phase_hooks = []


def _learning_phase_default(tensor):
    for hook in _phase_hooks:
        value = hook(tensor)
        if value is not None:
            return value
    return None


def evaluate(root, env, abstract=False):
    """The value of root (a tensor, or a pytree holding tensors) given leaf values in env
    (keys: id of the tensor); intermediate values are added to env."""
    if not _is_tensor(root):
        if isinstance(root, (list, tuple, dict)):
            return jax.tree_util.tree_map(
                lambda t: evaluate(t, env, abstract), root, is_leaf=_is_tensor
            )
        return root
    if type(root) is Bound:
        return root.flat[0]
    key = id(root)
    if key in env:
        return env[key]
    stack = [root]
    while stack:
        tensor = stack[-1]
        key = id(tensor)
        if type(tensor) is Bound:
            stack.pop()
            if tensor is root:
                return tensor.flat[0]
            continue
        if key in env:
            stack.pop()
            continue
        if not isinstance(tensor, Node):
            stack.pop()
            if abstract:
                _Active.missing = tensor
                raise _Missing(tensor)
            env[key] = default_leaf_value(tensor)
            continue
        pending = [t for t in tensor.inputs if id(t) not in env and type(t) is not Bound]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        values = [_known(a, env) if _is_tensor(a) else a for a in tensor.flat]
        args, kwargs = jax.tree_util.tree_unflatten(tensor.tree, values)
        saved = _Active.env, _Active.abstract, _Active.loop_steps
        # (a recorded node was built outside any loop's step: its draws are the loop's inputs)
        _Active.env, _Active.abstract, _Active.loop_steps = env, abstract, ()
        try:
            env[key] = tensor.fn(*args, **kwargs)
        finally:
            _Active.env, _Active.abstract, _Active.loop_steps = saved
    return env[id(root)]


def _known(tensor, env):
    return tensor.flat[0] if type(tensor) is Bound else env[id(tensor)]


def evaluate_now(x):
    """Value of x (a tensor or a pytree of them) with the current variable values."""
    env = {}
    uses_random = any(t is RANDOM for t in leaves_of(x))
    value = evaluate(x, env)
    if uses_random:
        RANDOM.advance()
    return value


def share_value(tensor, value):
    """Called by a recorded function that computed tensor's value on the way (gradients):
    the evaluation in progress takes it instead of computing it again."""
    if _Active.env is not None and not _Active.abstract and _is_tensor(tensor):
        _Active.env.setdefault(id(tensor), value)


def first_computed(outputs):
    """The nodes of the graph whose function computes other values on the way (gradients,
    see share_value): evaluated first, they spare computing those again."""
    found, seen = [], set()
    stack = [t for t in jax.tree_util.tree_leaves(outputs, is_leaf=_is_tensor) if _is_tensor(t)]
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen or not isinstance(tensor, Node):
            continue
        seen.add(id(tensor))
        if getattr(tensor.fn, "computes_first", False):
            found.append(tensor)
        stack.extend(tensor.inputs)
    return found


def leaves_of(outputs):
    """Every placeholder, variable and random state the tensors in outputs depend on, once,
    in the order first met."""
    found, seen = [], set()
    stack = [t for t in jax.tree_util.tree_leaves(outputs, is_leaf=_is_tensor) if _is_tensor(t)]
    stack.reverse()
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        if isinstance(tensor, Node):
            stack.extend(reversed(tensor.inputs))
        else:
            found.append(tensor)
    return found


# --- recording -----------------------------------------------------------------------------


def _spec(tensor, dummy):
    shape = tuple((_UNKNOWN if dummy is None else dummy) if d is None else d for d in tensor.shape)
    return jax.ShapeDtypeStruct(shape, np.dtype(tensor.dtype))


def _static(dim):
    return dim if isinstance(dim, (int, np.integer)) else None


def _abstract_run(fn, flat, tree, inputs):
    """fn's output shapes given input tensors (a pytree of ShapeDtypeStruct), first with one
    symbolic size for every unknown dimension, then (when an operation refuses symbolic
    sizes) with two different dummy sizes, unknown where they give different sizes."""

    def run(values):
        env = {id(t): v for t, v in zip(inputs, values)}
        resolved = [_known(a, env) if _is_tensor(a) else a for a in flat]
        args, kwargs = jax.tree_util.tree_unflatten(tree, resolved)
        saved = _Active.env, _Active.abstract
        _Active.env, _Active.abstract = env, True
        try:
            return fn(*args, **kwargs)
        finally:
            _Active.env, _Active.abstract = saved

    try:
        out = jax.eval_shape(run, [_spec(t, None) for t in inputs])
        return jax.tree_util.tree_map(
            lambda s: (tuple(_static(d) for d in s.shape), s.dtype.name), out
        )
    except Exception as symbolic_error:
        if _Active.missing is not None or not any(d is None for t in inputs for d in t.shape):
            raise
        try:
            outs = [jax.eval_shape(run, [_spec(t, d) for t in inputs]) for d in _DUMMIES]
        except Exception:
            if _Active.missing is not None:
                raise
            return _guess_shapes(run, inputs, symbolic_error)
        return jax.tree_util.tree_map(
            lambda a, b: (
                tuple(x if x == y else None for x, y in zip(a.shape, b.shape)),
                a.dtype.name,
            ),
            outs[0],
            outs[1],
        )


def _guess_shapes(run, inputs, error):
    """Last resort, when unknown sizes must equal known ones (x + y with x (None, 4) and y
    (None,) fed (2, 4) and (4,)): the unknown sizes take sizes the inputs know, the first
    combination that works wins (up to 256 tries); then each unknown size is moved alone to
    find those free to vary, and the output sizes that follow the free ones are unknown."""
    unknown = [(i, a) for i, t in enumerate(inputs) for a, d in enumerate(t.shape) if d is None]
    known = sorted({d for t in inputs for d in t.shape if d is not None and d > 1})[:6]

    def attempt(sizes):
        specs = []
        for i, t in enumerate(inputs):
            shape = tuple(sizes.get((i, a), d) for a, d in enumerate(t.shape))
            specs.append(jax.ShapeDtypeStruct(shape, np.dtype(t.dtype)))
        try:
            return jax.eval_shape(run, specs)
        except Exception:
            if _Active.missing is not None:
                raise
            return None

    choices = [(_DUMMIES[0],) + tuple(known)] * len(unknown)
    for sizes in itertools.islice(itertools.product(*choices), 1, 257):
        pinned = dict(zip(unknown, sizes))
        if attempt(pinned) is None:
            continue
        free = [key for key in unknown if attempt(_moved(pinned, [key], _DUMMIES[0])) is not None]
        outs = [attempt(_moved(pinned, free, d)) for d in _DUMMIES]
        if outs[0] is None or outs[1] is None:
            continue
        return jax.tree_util.tree_map(
            lambda a, b: (
                tuple(x if x == y else None for x, y in zip(a.shape, b.shape)),
                a.dtype.name,
            ),
            outs[0],
            outs[1],
        )
    raise error


def _moved(sizes, keys, size):
    moved = dict(sizes)
    moved.update((key, size) for key in keys)
    return moved


def _is_shape_leaf(x):
    return isinstance(x, tuple) and len(x) == 2 and isinstance(x[1], str)


def record(fn, args, kwargs, name=None):
    """A node (or a pytree of nodes, for functions returning several values) computing
    fn(*args, **kwargs) when evaluated."""
    flat, tree = jax.tree_util.tree_flatten((tuple(args), dict(kwargs)), is_leaf=_is_tensor)
    inputs = _unique([a for a in flat if _is_tensor(a)])
    while True:
        _Active.missing = None
        try:
            out = _abstract_run(fn, flat, tree, inputs)
        except Exception:
            if _Active.missing is None:
                raise
        missing, _Active.missing = _Active.missing, None
        if missing is None:
            break
        if any(missing is t for t in inputs):
            raise RuntimeError("jax engine: tensor %r read twice" % (missing,))
        inputs.append(missing)
    name = name or getattr(fn, "__name__", "op")
    controls = tuple(item for items in CONTROLS for item in items)
    if not inputs:
        # Nothing symbolic after all (a callable that used no tensor): compute now.
        return evaluate(Node(fn, flat, tree, (), (), "float32", name), {})
    leaves, out_tree = jax.tree_util.tree_flatten(out, is_leaf=_is_shape_leaf)
    if out_tree.num_leaves == 1 and out_tree.num_nodes == 1:
        shape, dtype = leaves[0]
        node = Node(fn, flat, tree, tuple(inputs), shape, dtype, _numbered(name))
        node.meta = controls or None
        return node
    base = Node(fn, flat, tree, tuple(inputs), None, None, _numbered(name))
    parts = []
    for index, (shape, dtype) in enumerate(leaves):
        pick = functools.partial(_pick, index=index)
        pflat, ptree = jax.tree_util.tree_flatten(((base,), {}), is_leaf=_is_tensor)
        part = Node(pick, pflat, ptree, (base,), shape, dtype, "%s/%d" % (base.name, index))
        part.meta = controls or None
        parts.append(part)
    return jax.tree_util.tree_unflatten(out_tree, parts)


# control_dependencies(): the control inputs of the nodes recorded inside the context.
CONTROLS = []


def controls_of(outputs):
    """The control inputs (update pairs and tensors) of every node the outputs depend on,
    including those of the control inputs themselves."""
    found, seen = [], set()
    stack = [t for t in jax.tree_util.tree_leaves(outputs, is_leaf=_is_tensor) if _is_tensor(t)]
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        if isinstance(tensor, Node):
            stack.extend(tensor.inputs)
            for item in tensor.meta or ():
                found.append(item)
                stack.extend(
                    t for t in jax.tree_util.tree_leaves(item, is_leaf=_is_tensor) if _is_tensor(t)
                )
    return found


def _pick(value, index):
    return jax.tree_util.tree_leaves(value)[index]


def _unique(tensors):
    seen, result = set(), []
    for t in tensors:
        if id(t) not in seen:
            seen.add(id(t))
            result.append(t)
    return result


def _numbered(name):
    return "%s_%d" % (name, next(_node_ids))


def _holds_tensor(tree):
    if _is_tensor(tree):
        return True
    if isinstance(tree, (list, tuple)):
        return any(_holds_tensor(x) for x in tree)
    if isinstance(tree, ShapeOf):
        return True
    if isinstance(tree, dict):
        return any(_holds_tensor(x) for x in tree.values())
    return False


def _holds_bound(tree):
    if type(tree) is Bound:
        return True
    if isinstance(tree, (list, tuple)):
        return any(_holds_bound(x) for x in tree)
    if isinstance(tree, dict):
        return any(_holds_bound(x) for x in tree.values())
    return False


def _resolve(tree):
    env, abstract = _Active.env, _Active.abstract
    if _is_tensor(tree):
        return evaluate(tree, env, abstract)
    if isinstance(tree, (list, tuple, dict, ShapeOf)) and _holds_tensor(tree):
        return jax.tree_util.tree_map(
            lambda t: evaluate(t, env, abstract) if _is_tensor(t) else t, tree, is_leaf=_is_tensor
        )
    return tree


def op(fn=None, callables=False):
    """Lift fn (written on values) to symbolic tensors. With callables=True, fn takes
    callables that may close over tensors: it is always recorded first, and computed at once
    when nothing symbolic was found."""

    def lift(fn):
        @functools.wraps(fn)
        def lifted(*args, **kwargs):
            if _Active.env is not None:
                if _holds_tensor(args) or _holds_tensor(kwargs):
                    # Called by a user's callable on Bound tensors: the result is one too.
                    bound = _holds_bound(args) or _holds_bound(kwargs)
                    args = tuple(_resolve(a) for a in args)
                    kwargs = {k: _resolve(v) for k, v in kwargs.items()}
                    result = fn(*args, **kwargs)
                    return bind_values(result) if bound else result
                return fn(*args, **kwargs)
            if callables or _holds_tensor(args) or _holds_tensor(kwargs):
                return record(fn, args, kwargs)
            return fn(*args, **kwargs)

        lifted.__wrapped_value_function__ = fn
        return lifted

    return lift(fn) if fn is not None else lift


def in_shape_inference():
    return _Active.abstract


def unknown_size():
    """The symbolic size that stands for unknown dimensions while shapes are inferred."""
    return _UNKNOWN


def in_evaluation():
    return _Active.env is not None


# --- Python operators on tensors -----------------------------------------------------------


def _binary(function):
    def apply(x, y):
        return function(*operands(x, y))

    apply.__name__ = function.__name__
    return op(apply)


def _reflected(function):
    return lambda x, y: function(y, x)


_OPERATORS = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "matmul": operator.matmul,
    "and": operator.and_,
    "or": operator.or_,
    "xor": operator.xor,
}

for _name, _function in _OPERATORS.items():
    _lifted = _binary(_function)
    setattr(Tensor, "__%s__" % _name, _lifted)
    setattr(Tensor, "__r%s__" % _name, _reflected(_lifted))

for _name, _function in {"lt": operator.lt, "le": operator.le, "gt": operator.gt}.items():
    setattr(Tensor, "__%s__" % _name, _binary(_function))
Tensor.__ge__ = _binary(operator.ge)
Tensor.__neg__ = op(operator.neg)
Tensor.__pos__ = op(operator.pos)
Tensor.__abs__ = op(operator.abs)
Tensor.__invert__ = op(operator.invert)
Tensor.__hash__ = object.__hash__


@op
def _getitem(x, index):
    return to_array(x)[index]


def _sliced_shape(shape, index, result):
    """x[start:stop] of an unknown size has stop - start entries as far as static shapes go
    (TensorFlow's rule: the size is checked when it runs); jax leaves it symbolic."""
    entries = index if isinstance(index, tuple) else (index,)
    if not all(isinstance(e, (int, np.integer, slice)) for e in entries):
        return result
    sizes, position = list(result), 0
    for axis, entry in enumerate(entries):
        if isinstance(entry, slice):
            start, stop, step = entry.start, entry.stop, entry.step
            if (
                shape[axis] is None
                and sizes[position] is None
                and step in (None, 1)
                and isinstance(stop, (int, np.integer))
                and 0 <= (start or 0) <= stop
            ):
                sizes[position] = int(stop) - int(start or 0)
            position += 1
    return tuple(sizes)


class Bound(Node):
    """A value (a tracer) handed to a user's callable (a step function, map_fn's fn) as a
    symbolic tensor, so code that accepts only the engine's tensors (R's operators) takes
    it; K functions resolve it to the value. Evaluation never stores it: it lives for one
    call of the callable."""

    __slots__ = ()

    def __init__(self, value):
        Node.__init__(self, None, (value,), None, (), tuple(value.shape), value.dtype.name, "bound")


def bind_values(values):
    """Values (a pytree of arrays) as Bound tensors, for a user's callable."""
    return jax.tree_util.tree_map(lambda v: Bound(v) if isinstance(v, jax.Array) else v, values)


def call_in_step(step_index, function, *args):
    """call_user for one step of a loop traced once (lax.scan, lax.map): random draws made in
    the step fold its index (a tracer) into their key, so each step draws anew, as random ops
    inside TensorFlow's while loops do."""
    saved = _Active.loop_steps
    _Active.loop_steps = saved + (step_index,)
    try:
        return call_user(function, *args)
    finally:
        _Active.loop_steps = saved


def loop_steps():
    """The indices of the loop steps being traced, outermost first (see call_in_step)."""
    return _Active.loop_steps


def call_user(function, *args):
    """A user's callable called inside an evaluation: its array arguments as Bound tensors,
    the tensors in its result resolved to values."""
    return resolve(function(*bind_values(args)))


def resolve(tree):
    """Tensors in tree (inside an evaluation) as their values."""
    if _Active.env is None:
        return tree
    return _resolve(tree)
