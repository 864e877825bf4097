"""Engine-neutral arithmetic, written once for every engine: padding amounts, output sizes of
convolutions and pooling, integer tuples, and the name-scope stack of engines without scopes.

Sizes may be Python ints or a library's symbolic scalars: where a maximum is needed the caller
passes its library's (``maximum=tf.maximum``), as array-api-compat passes the namespace in.
No engine library is imported here. Python 3.6 syntax: the CNTK engine uses it.
"""

import contextlib
import numbers
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple

from . import common

PADDINGS = ("valid", "same", "causal")


def effective_window(window: int, dilation: int = 1) -> int:
    """The span of a dilated window: (window - 1) * dilation + 1."""
    return (window - 1) * dilation + 1


def ceil_div(size: Any, stride: int) -> Any:
    """ceil(size / stride) for a positive stride, on ints or symbolic integers."""
    return (size + stride - 1) // stride


def same_padding(
    size: Any, window: int, stride: int = 1, dilation: int = 1, maximum: Callable = max
) -> Tuple[Any, Any]:
    """(before, after) of TensorFlow's "same" padding along one axis: the output has
    ceil(size / stride) entries, and the odd zero (if any) goes after."""
    total = maximum(
        (ceil_div(size, stride) - 1) * stride + effective_window(window, dilation) - size, 0
    )
    return total // 2, total - total // 2


def padding_amounts(
    padding: str,
    size: Any,
    window: int,
    stride: int = 1,
    dilation: int = 1,
    maximum: Callable = max,
) -> Tuple[Any, Any]:
    """(before, after) zeros along one axis for "valid", "same" or "causal" (the past only)."""
    if padding == "valid":
        return 0, 0
    if padding == "causal":
        return effective_window(window, dilation) - 1, 0
    if padding == "same":
        return same_padding(size, window, stride, dilation, maximum)
    raise ValueError("padding must be one of %s, got %r." % (_quoted(PADDINGS), padding))


def output_size(padding: str, size: Any, window: int, stride: int = 1, dilation: int = 1) -> Any:
    """Entries along one axis after a convolution or pooling window: ceil(size / stride) for
    "same" and "causal", (size - span) // stride + 1 (never below 0) for "valid". None (an
    unknown size) gives None; a symbolic size a symbolic result ("valid" not clipped at 0)."""
    if size is None:
        return None
    if padding in ("same", "causal"):
        return ceil_div(size, stride)
    if padding != "valid":
        raise ValueError("padding must be one of %s, got %r." % (_quoted(PADDINGS), padding))
    result = (size - effective_window(window, dilation)) // stride + 1
    return max(result, 0) if isinstance(result, numbers.Integral) else result


def transposed_output_size(
    padding: str, size: Optional[int], window: int, stride: int = 1, dilation: int = 1
) -> Optional[int]:
    """The size along one axis of a transposed convolution's output (the input of the
    convolution it transposes), as Keras 2's deconv_length: size * stride for "same",
    size * stride + max(span - stride, 0) for "valid"."""
    if size is None:
        return None
    if padding == "same":
        return size * stride
    if padding == "valid":
        return size * stride + max(effective_window(window, dilation) - stride, 0)
    raise ValueError('padding must be one of "valid", "same", got %r.' % (padding,))


def int_tuple(
    value: Any, count: int, function_name: str = "", name: str = "value"
) -> Tuple[int, ...]:
    """An integer or a sequence of ``count`` integers, as a tuple of ``count`` ints."""
    if isinstance(value, numbers.Integral):
        return (int(value),) * count
    result = tuple(int(element) for element in value)
    if len(result) != count:
        raise ValueError(
            "%s(): %s must be one integer or %d of them, got %r."
            % (function_name or "the function", name, count, value)
        )
    return result


class NameScopes(object):
    """The stack of K.name_scope names, for engines whose library has no scopes: names of
    tensors created inside ``scope("block")`` get the prefix "block/"."""

    def __init__(self) -> None:
        self._names: List[str] = []

    @contextlib.contextmanager
    def scope(self, name: Any) -> Iterator[str]:
        self._names.append(str(name))
        try:
            yield "/".join(self._names)
        finally:
            self._names.pop()

    def prefixed(self, name: str) -> str:
        """``name`` under the open scopes: "outer/inner/name"."""
        return "/".join(self._names + [name])

    def name_for(self, name: Optional[str], prefix: str) -> str:
        """The name of a new tensor under the open scopes: ``name`` as given, or for None the
        next "prefix_N" (N from common.get_uid(prefix), as Keras 2 numbers default names)."""
        if name is None:
            name = "%s_%d" % (prefix, common.get_uid(prefix))
        return self.prefixed(name)

    @property
    def names(self) -> Sequence[str]:
        return tuple(self._names)


def _quoted(values: Sequence[str]) -> str:
    return ", ".join('"%s"' % value for value in values)


def reduction_axes(axes: Any, ndim: int) -> Any:
    """normalize_batch_in_training's axes: Theano's batch-norm modes as axes ("per-activation":
    the batch axis; "spatial": every axis but the channels at 1), anything else as given."""
    if axes == "per-activation":
        return [0]
    if axes == "spatial":
        return [0] + list(range(2, ndim))
    return axes
