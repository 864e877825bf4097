"""The TensorFlow engine: the backend API on TensorFlow 2, eager and symbolic.

Assembles core, math, nn, rnn, random and ctc, and applies the one graph mechanism of _graph
to every function they export: a function runs inside the graph when an argument is symbolic
(a placeholder or a tensor built from one) and eagerly otherwise. A module may list in
``RUNS_AS_IS`` functions that manage the graph themselves, in ``TAKES_CALLABLES``
functions whose callables may close over placeholders, and in ``RECORDS_ALWAYS`` sources
(random tensors) whose eager results are recomputed at each call of a K.function.
"""

import importlib
from typing import Callable, Dict

from ...api import NAMES
from .. import common
from . import _graph

_MODULES = ("core", "math", "nn", "rnn", "random", "ctc")
_SHARED = (
    "floatx",
    "set_floatx",
    "epsilon",
    "set_epsilon",
    "image_data_format",
    "set_image_data_format",
    "cast_to_floatx",
    "py_all",
    "py_sum",
    "get_uid",
    "reset_uids",
    "manual_variable_initialization",
    "eager",
    "symbolic",
    "normalize_data_format",
)


def _import_module(name: str):
    """Import one engine module; a module of this engine not written yet is skipped."""
    full_name = "%s.%s" % (__name__, name)
    try:
        return importlib.import_module(full_name)
    except ImportError as error:
        if error.name == full_name:
            return None
        raise


def _exported(module, name: str) -> Callable:
    function = getattr(module, name)
    if name in getattr(module, "RUNS_AS_IS", ()):
        return function
    if name in getattr(module, "TAKES_CALLABLES", ()):
        return _graph.symbolic_aware_with_callables(function)
    records_always = name in getattr(module, "RECORDS_ALWAYS", ())
    return _graph.symbolic_aware(function, records_always)


def _assemble() -> Dict[str, object]:
    functions = {name: getattr(common, name) for name in _SHARED}
    unsupported = {}
    for module_name in _MODULES:
        module = _import_module(module_name)
        if module is None:
            continue
        unsupported.update(getattr(module, "UNSUPPORTED", {}))
        for name in NAMES:
            if name not in functions and callable(getattr(module, name, None)):
                functions[name] = _exported(module, name)
    functions["UNSUPPORTED"] = unsupported
    return functions


globals().update(_assemble())
