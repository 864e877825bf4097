"""Static shapes: what int_shape() knows about a tensor before any value flows through it.

Theano 1.0 types record only which axes are broadcastable, so the shapes declared by
placeholder() are remembered here, and the shape of a derived tensor is inferred by the
library's own shape inference (ShapeFeature) with those declared sizes substituted.
"""

import weakref

import numpy as np

from . import _library as L

_declared = weakref.WeakKeyDictionary()


def declare(x, shape):
    _declared[x] = tuple(None if size is None else int(size) for size in shape)
    return x


def _known(x):
    """The shape of a graph input: declared, a shared variable's value, or a constant's data."""
    if x in _declared:
        return _declared[x]
    if L.is_shared(x):
        return tuple(x.get_value(borrow=True).shape)
    if isinstance(x, L.Constant):
        return tuple(np.shape(x.data))
    return tuple(1 if flag else None for flag in getattr(x.type, "broadcastable", ()))


def int_shape(x):
    if not L.is_tensor(x):
        return tuple(np.shape(x))
    known = _known(x)
    if x in _declared or x.owner is None or None not in known:
        return known
    try:
        return _infer(x)
    except Exception:  # inference is best effort: unknown sizes are None, as Keras allows
        return known


def _infer(x):
    inputs = [v for v in L.graph_inputs([x]) if not isinstance(v, L.Constant)]
    graph = L.FunctionGraph(inputs, [x], clone=True)
    feature = L.ShapeFeature()
    graph.attach_feature(feature)
    substitutions = {}
    for original, clone in zip(inputs, graph.inputs):
        for symbolic, size in zip(feature.shape_of[clone], _known(original)):
            if size is not None and not isinstance(symbolic, L.Constant):
                substitutions[symbolic] = L.T.constant(size, dtype=symbolic.dtype)
    dims = L.clone_replace(list(feature.shape_of[graph.outputs[0]]), replace=substitutions)
    return tuple(_constant_size(dim) for dim in dims)


def _constant_size(dim):
    try:
        return int(L.T.get_scalar_constant_value(dim))
    except L.NotScalarConstantError:
        pass
    if all(isinstance(v, L.Constant) for v in L.graph_inputs([dim])):
        quick = L.Mode(linker="py", optimizer="fast_compile")  # no C compilation for a size
        return int(L.function([], dim, mode=quick)())
    return None
