"""Static shapes: what int_shape() knows about a tensor before any value flows through it.

Theano 1.0 types record only which axes are broadcastable, so the shapes declared by
placeholder() are remembered here, and the shape of a derived tensor is inferred by the
library's own shape inference (ShapeFeature) with those declared sizes substituted.
"""

import weakref

import numpy as np

from .. import keras_shape
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
    """Sizes from the library's shape graph: constants fold; the rest is evaluated on zero
    inputs of the known sizes, with two probe values for each unknown size, and a size that
    comes out the same both times does not depend on them."""
    inputs = [v for v in L.graph_inputs([x]) if not isinstance(v, L.Constant)]
    graph = L.FunctionGraph(inputs, [x], clone=True)
    feature = L.ShapeFeature()
    graph.attach_feature(feature)
    dims = list(feature.shape_of[graph.outputs[0]])
    sizes = [_constant_size(dim) for dim in dims]
    pending = [i for i, size in enumerate(sizes) if size is None]
    fed = [
        (clone, original)
        for original, clone in zip(inputs, graph.inputs)
        if not L.is_shared(original)
    ]
    if pending and not any(L.is_sparse(original) for _, original in fed):
        probed = _probe([dims[i] for i in pending], fed)
        for i, size in zip(pending, probed):
            sizes[i] = size
    return tuple(sizes)


def _probe(dims, fed):
    quick = L.Mode(linker="py", optimizer="fast_compile")  # no C compilation for a size
    compute = L.function([clone for clone, _ in fed], dims, mode=quick, on_unused_input="ignore")
    results = []
    for probe in (7, 11):
        arrays = [
            np.zeros([probe if n is None else n for n in _known(original)], dtype=original.dtype)
            for _, original in fed
        ]
        try:
            results.append(compute(*arrays))
        except Exception:  # the graph rejects the probe (a reshape...): sizes stay unknown
            return [None] * len(dims)
    return [int(a) if a == b else None for a, b in zip(*results)]


def _constant_size(dim):
    try:
        return int(L.T.get_scalar_constant_value(dim))
    except L.NotScalarConstantError:
        return None


def _tensor_classes():
    """The library's classes of symbolic, constant and shared tensors (in Theano 1.0 the
    last two do not derive from the first)."""
    return {type(L.T.scalar()), type(L.T.constant(0.0)), type(L.shared(np.zeros(1)))}


keras_shape.install(_tensor_classes(), int_shape, declare)
