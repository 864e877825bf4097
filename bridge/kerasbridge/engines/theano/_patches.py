"""Sliding-window patches as two library Ops (extraction and its adjoint), run by NumPy.

Convolutions, pooling and local convolutions all start by laying out, for every output
position, the window of input it sees: (batch, out..., taps..., channels). Building that from
slices makes graphs that Theano's optimizer takes many seconds to compile; one Op with a NumPy
body (strided view, zero-copy until the final copy) compiles at once on both libraries. The
adjoint (scatter-add) is the gradient, and the two are each other's gradients, so everything
built on them differentiates to any order.
"""

import numpy as np

from .. import arithmetic
from . import _library as L

T = L.T


def _padding(size, span, stride, padding):
    """(before, after, output size) of one spatial axis, as TensorFlow pads."""
    before, after = arithmetic.padding_amounts(padding, size, span, stride)
    return before, after, arithmetic.output_size(padding, size, span, stride)


def output_size(size, span, stride, padding):
    """The output size of one axis, for an int or a symbolic size."""
    return arithmetic.output_size(padding, size, span, stride)


class _Geometry:
    """Taps, strides, dilations and padding of a window, with the layout arithmetic."""

    def __init__(self, taps, strides, dilations, padding):
        self.taps, self.strides, self.dilations = tuple(taps), tuple(strides), tuple(dilations)
        self.padding = padding
        self.spans = tuple((k - 1) * d + 1 for k, d in zip(self.taps, self.dilations))

    def layout(self, spatial_sizes):
        return [
            _padding(n, span, s, self.padding)
            for n, span, s in zip(spatial_sizes, self.spans, self.strides)
        ]

    def windows(self, layout):
        """For each tap offset: (offset, slices of the padded input it reads)."""
        for offset in np.ndindex(*self.taps):
            window = [slice(None)]
            for o, d, s, (_, _, out) in zip(offset, self.dilations, self.strides, layout):
                window.append(slice(o * d, o * d + (out - 1) * s + 1, s))
            yield offset, tuple(window + [slice(None)])


def _extract(x, geometry, fill):
    layout = geometry.layout(x.shape[1:-1])
    widths = [(0, 0)] + [(lo, hi) for lo, hi, _ in layout] + [(0, 0)]
    padded = np.pad(x, widths, constant_values=fill) if any(sum(w) for w in widths) else x
    outs = tuple(out for _, _, out in layout)
    steps = padded.strides
    spatial = range(1, x.ndim - 1)
    shape = (x.shape[0],) + outs + geometry.taps + (x.shape[-1],)
    strides = (
        (steps[0],)
        + tuple(steps[a] * s for a, s in zip(spatial, geometry.strides))
        + tuple(steps[a] * d for a, d in zip(spatial, geometry.dilations))
        + (steps[-1],)
    )
    view = np.lib.stride_tricks.as_strided(padded, shape, strides, writeable=False)
    return np.ascontiguousarray(view)


def _scatter(patches, input_shape, geometry):
    layout = geometry.layout(input_shape[1:-1])
    padded_shape = (
        [input_shape[0]]
        + [lo + n + hi for (lo, hi, _), n in zip(layout, input_shape[1:-1])]
        + [input_shape[-1]]
    )
    padded = np.zeros(padded_shape, dtype=patches.dtype)
    rank = len(geometry.taps)
    for offset, window in geometry.windows(layout):
        padded[window] += patches[(slice(None),) * (1 + rank) + offset]
    inside = (
        [slice(None)]
        + [slice(lo, lo + n) for (lo, _, _), n in zip(layout, input_shape[1:-1])]
        + [slice(None)]
    )
    return padded[tuple(inside)]


class Patches(L.Op):
    """x (batch, spatial..., channels) -> (batch, out..., taps..., channels)."""

    __props__ = ("taps", "strides", "dilations", "padding", "fill")

    def __init__(self, taps, strides, dilations, padding, fill=0.0):
        self.taps, self.strides = tuple(taps), tuple(strides)
        self.dilations, self.padding, self.fill = tuple(dilations), padding, float(fill)
        self.geometry = _Geometry(self.taps, self.strides, self.dilations, padding)

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        out_ndim = x.ndim + len(self.taps)
        return L.Apply(self, [x], [L.tensor_type(x.dtype, [False] * out_ndim)()])

    def perform(self, node, inputs, output_storage):
        output_storage[0][0] = _extract(inputs[0], self.geometry, self.fill)

    def infer_shape(self, *arguments):
        shape = arguments[-1][0]  # Theano passes (node, shapes), PyTensor (fgraph, node, shapes)
        outs = [
            output_size(n, span, s, self.padding)
            for n, span, s in zip(shape[1:-1], self.geometry.spans, self.strides)
        ]
        return [tuple([shape[0]] + outs + list(self.taps) + [shape[-1]])]

    def pullback(self, inputs, outputs, cotangents):  # PyTensor 3 calls this, not grad
        return self.grad(inputs, cotangents)

    def grad(self, inputs, output_grads):
        x = inputs[0]
        return [
            PatchesAdjoint(self.taps, self.strides, self.dilations, self.padding)(
                output_grads[0], x.shape
            )
        ]


class PatchesAdjoint(L.Op):
    """The adjoint of Patches: each patch entry added back where it was read from."""

    __props__ = ("taps", "strides", "dilations", "padding")

    def __init__(self, taps, strides, dilations, padding):
        self.taps, self.strides = tuple(taps), tuple(strides)
        self.dilations, self.padding = tuple(dilations), padding
        self.geometry = _Geometry(self.taps, self.strides, self.dilations, padding)

    def make_node(self, patches, input_shape):
        patches = T.as_tensor_variable(patches)
        input_shape = T.as_tensor_variable(input_shape)
        out_ndim = patches.ndim - len(self.taps)
        return L.Apply(
            self, [patches, input_shape], [L.tensor_type(patches.dtype, [False] * out_ndim)()]
        )

    def perform(self, node, inputs, output_storage):
        patches, input_shape = inputs
        shape = tuple(int(n) for n in input_shape)
        output_storage[0][0] = _scatter(patches, shape, self.geometry)

    def infer_shape(self, *arguments):
        node = arguments[-2]
        out_ndim = node.outputs[0].ndim
        return [tuple(node.inputs[1][i] for i in range(out_ndim))]

    def pullback(self, inputs, outputs, cotangents):  # PyTensor 3 calls this, not grad
        return self.grad(inputs, cotangents)

    def grad(self, inputs, output_grads):
        patches_of = Patches(self.taps, self.strides, self.dilations, self.padding)
        return [patches_of(output_grads[0]), L.gradient.DisconnectedType()()]

    def connection_pattern(self, node):
        return [[True], [False]]


def patches(x, taps, strides, dilations, padding, fill=0.0):
    return Patches(taps, strides, dilations, padding, fill)(x)


def scatter(patches_value, input_shape, taps, strides, dilations, padding):
    return PatchesAdjoint(taps, strides, dilations, padding)(patches_value, input_shape)
