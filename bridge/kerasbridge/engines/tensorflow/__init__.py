"""The TensorFlow engine: the backend API on TensorFlow 2, eager and symbolic.

Assembled from the standard modules (engines/_assembly.py), with the one graph mechanism of
_graph applied to every function they define: a function runs inside the graph when an argument is symbolic
(a placeholder or a tensor built from one) and eagerly otherwise. A module may list in
``RUNS_AS_IS`` functions that manage the graph themselves, in ``TAKES_CALLABLES``
functions whose callables may close over placeholders, and in ``RECORDS_ALWAYS`` sources
(random tensors) whose eager results are recomputed at each call of a K.function, and in
``EAGER_KERNELS`` functions that are one TensorFlow op on eager tensors, run directly.
"""

from typing import Callable

from .._assembly import assemble
from . import _graph

UNSUPPORTED = {}  # every spec function is implemented on TensorFlow


def _exported(module, name: str, function: Callable) -> Callable:
    if name in getattr(module, "RUNS_AS_IS", ()):
        return function
    if name in getattr(module, "TAKES_CALLABLES", ()):
        return _graph.symbolic_aware_with_callables(function)
    records_always = name in getattr(module, "RECORDS_ALWAYS", ())
    kernel = getattr(module, "EAGER_KERNELS", {}).get(name)
    return _graph.symbolic_aware(function, records_always, kernel)


globals().update(assemble(__name__, UNSUPPORTED, wrap=_exported))
