"""Evaluation on CNTK: gradient inputs and their backward passes, the learning phase's
symbol, graphs of outputs and updates, the callable K.function returns, and the session
stand-in.

CNTK computes gradients only as a backward pass, never as graph nodes. ``gradients`` therefore
returns *gradient inputs*: inputs standing for d(loss)/d(variable). Evaluating a graph that uses
them first runs the backward pass of each loss and feeds the results in (see ``_Feeder``).

Private to the CNTK engine: the public functions are in core.
"""

import numpy as np

from ._cntk import C
from ._tensors import (
    FLOAT_DTYPES,
    as_variable,
    contiguous,
    dense_array,
    dtype_of,
    int_shape_of,
    is_cntk_tensor,
    mark_dtype,
    storage_dtype,
    to_tensor,
)

GRADIENT_SOURCES = {}  # type: Dict[str, Tuple[Any, Any]]  # gradient input uid -> (loss, wrt)


def _depends_on(function, variable) -> bool:
    uid = variable.uid
    return any(
        leaf.uid == uid for leaf in function.arguments + function.parameters + function.constants
    )


def as_function(x):
    return x if isinstance(x, C.cntk_py.Function) else C.combine([x])


def gradient_input(loss_function, wrt):
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
    GRADIENT_SOURCES[result.uid] = (loss_function, wrt)
    return result


class LearningPhase(object):
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


PHASE = LearningPhase()


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
        self.required = {a.uid for a in self.arguments if a.uid not in GRADIENT_SOURCES}
        for stage in self.stages:
            self.required |= stage.feeder.required

    def _gradient_stages(self):
        by_loss = {}  # loss uid -> (loss function, [(gradient input, wrt)])
        for argument in self.arguments:
            source = GRADIENT_SOURCES.get(argument.uid)
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
        direct = _direct_inputs(loss_function, [self.loss])
        self.direct_dtypes = None if direct is None else dict(direct)

    def feed(self, feeds):
        self.feeder.complete(feeds)
        _refuse_missing(self.feeder, feeds, "the loss of gradients()")
        at = dict(feeds[uid] for uid in self.argument_uids)
        direct = self._gradients_direct(at)
        if direct is not None:
            grads, loss_value = direct
        else:
            grads, loss_value = self.loss_function.grad(
                at, wrt=self.wrt, outputs=[self.loss], as_numpy=True
            )
        self.loss_value = loss_value
        for (gradient_input, uid), wrt in zip(self.gradient_inputs, self.wrt):
            value = grads[wrt] if isinstance(grads, dict) else grads
            feeds[uid] = (gradient_input, np.asarray(value))

    def _gradients_direct(self, at):
        """(gradients by variable, loss) through CNTK's C++ entry point, as Function.grad ends
        up calling it, when every fed value is a C-contiguous NumPy array of its input's dtype;
        None otherwise (then Function.grad converts and checks)."""
        if self.direct_dtypes is None:
            return None
        device = C.device.use_default_device()
        values = {}
        for variable, array in at.items():
            dtype = self.direct_dtypes.get(variable)
            if dtype is None or type(array) is not np.ndarray or array.dtype != dtype:
                return None
            if not array.flags.c_contiguous:
                return None
            values[variable] = C.Value(C.NDArrayView.from_dense(array, device))
        gradients = dict.fromkeys(self.wrt)
        losses = {self.loss: None}
        C.cntk_py.Function.gradients(self.loss_function, values, gradients, losses, device)
        return {w: gradients[w].asarray() for w in gradients}, losses[self.loss].asarray()


def _phase_value():
    value = 0 if PHASE.fixed is None else PHASE.fixed
    return np.asarray(value, dtype=storage_dtype("float32"))


def _refuse_missing(feeder, feeds, what):
    missing = feeder.missing(feeds)
    if missing:
        names = ", ".join("%r (shape %s)" % (a.name, int_shape_of(a)) for a in missing)
        raise ValueError(
            "Cannot evaluate %s: it depends on placeholder %s, which received no value. "
            "Build K.function(inputs, outputs) with the placeholder among the inputs and call "
            "it with a value for each input." % (what, names)
        )


def to_python(value, keras_dtype):
    if keras_dtype == "bool":
        return np.asarray(value) != 0
    if keras_dtype not in FLOAT_DTYPES:
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
        self.dtypes = [dtype_of(o) for o in self.outputs]
        updates = [as_variable(u) for u in updates]
        self.feeder = _Feeder(C.combine(self.outputs + updates).arguments)
        self.argument_uids = self.feeder.required
        losses = {stage.loss_uid: stage for stage in self.feeder.stages}
        self.sources = [losses.get(o.uid) for o in self.outputs]  # a stage, or None: forward
        forward = [o for o, stage in zip(self.outputs, self.sources) if stage is None] + updates
        self.forward = C.combine(forward) if forward else None
        if self.forward is not None:
            self.forward_arguments = [(a, a.uid) for a in self.forward.arguments]
            self.forward_outputs = list(self.forward.outputs)
            keys = {key.uid: key for key in self.forward_outputs}
            self.forward_keys = [
                None if stage is not None else keys[o.uid]
                for o, stage in zip(self.outputs, self.sources)
            ]
            self.direct_inputs = _direct_inputs(self.forward, self.forward_outputs)

    def run(self, feeds, what="the tensor"):
        feeds = self.feeder.complete(feeds)
        _refuse_missing(self.feeder, feeds, what)
        result = {}
        if self.forward is not None:
            at = {a: feeds[uid][1] for a, uid in self.forward_arguments}
            result = self._forward_direct(at)
            if result is None:
                result = self.forward.eval(at, as_numpy=True)
                if not isinstance(result, dict):
                    result = {self.forward.outputs[0]: result}
        values = []
        for index, stage in enumerate(self.sources):
            value = stage.loss_value if stage is not None else result[self.forward_keys[index]]
            values.append(to_python(value, self.dtypes[index]))
        return values

    def _forward_direct(self, at):
        """The forward pass through CNTK's C++ entry point, as Function.eval ends up calling it,
        when every fed value is a C-contiguous NumPy array of its input's dtype; None
        otherwise. Function.eval's Python (checking and converting the argument map for every
        kind of input, mapping SWIG objects) is ~85 us of a ~140 us evaluation of a small
        graph (bench/results/overhead.md)."""
        if self.direct_inputs is None:
            return None
        device = C.device.use_default_device()
        values = {}
        for argument, dtype in self.direct_inputs:
            array = at[argument]
            if type(array) is not np.ndarray or array.dtype != dtype:
                return None
            if not array.flags.c_contiguous:
                return None
            values[argument] = C.Value(C.NDArrayView.from_dense(array, device))
        outputs = dict.fromkeys(self.forward_outputs)
        C.cntk_py.Function._forward(self.forward, values, outputs, device, set())
        return {key: outputs[key].asarray() for key in self.forward_keys if key is not None}


def _direct_inputs(function, outputs):
    """(input, NumPy dtype) of each input of a forward pass that Graph._forward_direct can
    feed: none with a sequence axis (those take Function.eval, which builds sequences)."""
    for variable in list(function.arguments) + outputs:
        if len(variable.dynamic_axes) > 1:
            return None
    return [(a, np.dtype(a.dtype)) for a in function.arguments]


def needs_feeds(x):
    return bool(as_function(x).arguments)


def assign_op(x, new_x):
    variable = as_variable(x)
    if not variable.is_parameter:
        raise TypeError(
            "update(): the target must be a variable (made by K.variable, K.zeros...), got %r."
            % (x,)
        )
    new_x = to_tensor(new_x, like=x) if not is_cntk_tensor(new_x) else new_x
    if as_variable(new_x).dtype != variable.dtype:
        new_x = C.cast(new_x, variable.dtype)
    if int_shape_of(new_x) != int_shape_of(x):
        new_x = C.reshape(new_x, variable.shape)
    # CNTK applies an assign after the forward pass that runs it: outputs see the old value.
    return C.assign(variable, new_x)


def as_update(item):
    if isinstance(item, (list, tuple)):
        if len(item) != 2:
            raise ValueError(
                "function(): an update given as a tuple must be a (variable, new_value) pair, "
                "got %d items." % len(item)
            )
        return assign_op(item[0], item[1])  # applied at every call, even without placeholders
    if is_cntk_tensor(item) and as_variable(item).is_parameter:
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
        self.graph = Graph(outputs, [as_update(u) for u in (updates or [])])
        used = self.graph.argument_uids
        # per input: (placeholder, uid, expected shape) if the graph needs it, else None
        self.feeding = [(i, i.uid, int_shape_of(i)) if i.uid in used else None for i in self.inputs]
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
                feeds[uid] = (placeholder_, feed_value(placeholder_, value, expected))
        values = self.graph.run(feeds, "this function")
        return values[0] if self.single else values


def feed_value(placeholder_, value, expected=None):
    array = contiguous(dense_array(value), placeholder_.dtype)
    if expected is None:
        expected = int_shape_of(placeholder_)
    fits = len(expected) == array.ndim and all(
        e is None or e == r for e, r in zip(expected, array.shape)
    )
    if not fits:
        raise ValueError(
            "The placeholder %r expects an array of shape %s (None: any size), got shape %s. "
            "Pass an array of that shape." % (placeholder_.name, expected, array.shape)
        )
    return array


class Session(object):
    """A stand-in for a TensorFlow session: ``run`` evaluates tensors, feeding placeholders."""

    def run(self, fetches, feed_dict=None):
        single = not isinstance(fetches, (list, tuple))
        fetches = [fetches] if single else list(fetches)
        feeds = {}
        pairs = feed_dict.items() if isinstance(feed_dict, dict) else (feed_dict or [])
        for key, value in pairs:
            variable = as_variable(key)
            feeds[variable.uid] = (variable, feed_value(variable, value))
        graph = Graph(fetches)
        feeds = {uid: fed for uid, fed in feeds.items() if uid in graph.argument_uids}
        values = graph.run(feeds, "Session.run()")
        return values[0] if single else values
