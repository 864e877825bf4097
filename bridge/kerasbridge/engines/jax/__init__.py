"""The JAX engine: the backend API on JAX, with Keras 2 graph semantics (see _graph).

Assembles core, math, nn, rnn, random and ctc, then engines/common.py for the shared names.
"""

import importlib

from ...api import NAMES as _NAMES
from .. import common as _common

_MODULES = ("core", "math", "nn", "rnn", "random", "ctc")


def _collect():
    found, unsupported = {}, {}
    modules = []
    for name in _MODULES:
        try:
            modules.append(importlib.import_module("%s.%s" % (__name__, name)))
        except ImportError as error:
            if error.name != "%s.%s" % (__name__, name):
                raise
    for module in modules:
        unsupported.update(getattr(module, "UNSUPPORTED", {}))
    for name in _NAMES:
        if name in unsupported:
            continue
        for module in modules + [_common]:
            if callable(module.__dict__.get(name)):
                found[name] = module.__dict__[name]
                break
    found["UNSUPPORTED"] = unsupported
    return found


globals().update(_collect())
