"""Backend functions that are the same on every engine: settings, uids, Python helpers.

Written once here and re-exported by each engine package. Below them, helpers several engines
call (not backend functions, so not re-exported): function()'s update pairs.
"""

import builtins
from collections import defaultdict
from typing import Any, Callable, Dict, List, Tuple

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


def is_update_pair(item: Any, is_variable: Callable[[Any], bool]) -> bool:
    # ``is_variable`` is the engine's test for its variables. A list too: from R, reticulate
    # hands a (variable, value) tuple back as a list.
    return (
        isinstance(item, (tuple, list))
        and len(item) == 2
        and is_variable(item[0])
        and not is_variable(item[1])
    )


def update_pairs(updates: Any, is_variable: Callable[[Any], bool]) -> List[Tuple[Any, Any]]:
    # function()'s updates (pairs, dicts and nested lists of them) as (variable, value) pairs,
    # for the engines whose updates are pairs (Theano, JAX).
    pairs: List[Tuple[Any, Any]] = []
    for item in updates or ():
        if is_variable(item):
            raise TypeError(
                "function(): each update must be a (variable, new_value) pair; got the variable "
                "%s itself: K.update*() applied that update at once because its value needs no "
                "placeholder. Pass (variable, new_value) to have it run at every call."
                % (item.name,)
            )
        if isinstance(item, dict):
            pairs.extend(item.items())
        elif is_update_pair(item, is_variable):
            pairs.append(tuple(item))
        elif isinstance(item, (list, tuple)):
            pairs.extend(update_pairs(item, is_variable))
        else:
            raise TypeError(
                "function(): each update must be a (variable, new value) pair as made by "
                "K.update(), K.update_add() or K.update_sub(); got %r." % (item,)
            )
    return pairs


def normalize_data_format(value):
    # Every engine's data_format arguments go through this, and it is the spec's function too.
    if value is None:
        return image_data_format()
    return _settings.validate("image_data_format", value, "data_format")
