"""The theano engine: the backend API on Theano 1.0.5 or PyTensor (see _library).

Each spec name is taken from the first module defining it: the engine's own modules, then
engines/common.py (core comes first so that its set_floatx, which also updates the library's
floatX, replaces the common one).
"""

from ...api import NAMES as _NAMES
from .. import common as _common
from . import core as _core
from . import ctc as _ctc
from . import math as _math
from . import nn as _nn
from . import random as _random
from . import rnn as _rnn
from ._library import NAME as LIBRARY

UNSUPPORTED = {
    "get_session": _core.UNSUPPORTED_SESSION,
    "set_session": _core.UNSUPPORTED_SESSION,
}


def _collect():
    modules = (_core, _math, _nn, _rnn, _random, _ctc, _common)
    found = {}
    for name in _NAMES:
        if name in UNSUPPORTED:
            continue
        for module in modules:
            if callable(module.__dict__.get(name)):
                found[name] = module.__dict__[name]
                break
    return found


globals().update(_collect())

__all__ = ["LIBRARY", "UNSUPPORTED"] + sorted(_collect())
