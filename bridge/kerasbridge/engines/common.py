"""Backend functions that are the same on every engine: settings, uids, Python helpers.

Written once here and re-exported by each engine package.
"""

import builtins
from collections import defaultdict
from typing import Any, Dict

import numpy as np

from .. import settings as _settings


def floatx():
    return _settings.current().floatx


def set_floatx(floatx):
    _settings.configure(floatx=floatx)


def epsilon():
    return _settings.current().epsilon


def set_epsilon(e):
    _settings.configure(epsilon=e)


def image_data_format():
    return _settings.current().image_data_format


def set_image_data_format(data_format):
    _settings.configure(image_data_format=data_format)


def cast_to_floatx(x):
    return np.asarray(x, dtype=floatx())


def py_all(iterable):
    return builtins.all(iterable)


def py_sum(iterable, start=0):
    return builtins.sum(iterable, start)


_uids: Dict[str, int] = defaultdict(int)


def get_uid(prefix=""):
    _uids[prefix] += 1
    return _uids[prefix]


def reset_uids():
    _uids.clear()


_manual_initialization: Dict[str, Any] = {"value": False}


def manual_variable_initialization(value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            "manual_variable_initialization(): value must be TRUE/FALSE (a bool), got %r (%s)."
            % (value, type(value).__name__)
        )
    _manual_initialization["value"] = bool(value)


def eager(func):
    # Keras 2.3.1's decorator for functions that must run eagerly. Every engine here already
    # runs a function eagerly or symbolically by its arguments, so there is nothing to switch.
    return func


def symbolic(func):
    # Likewise: the graph a function builds in is chosen by its arguments.
    return func


def normalize_data_format(value):
    # Every engine's data_format arguments go through this, and it is the spec's function too.
    if value is None:
        return image_data_format()
    return _settings.validate("image_data_format", value, "data_format")
