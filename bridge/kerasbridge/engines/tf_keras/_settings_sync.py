"""Keeps tf_keras's own configuration (floatx, epsilon, image_data_format) in step with
kerasbridge's settings, which lead.

tf_keras reads its private config inside many functions (variable, conv2d, crossentropies...)
and in its layers, so kerasbridge's values are pushed into it: at load, by the setters, and
before each of those functions when the settings changed since the last push (each
``kerasbridge.configure`` call makes a new Settings object; comparing identity is cheap).
"""

from ... import settings
from .. import common
from ._library import tfk

_pushed = {"settings": None}


def push() -> None:
    """Copy kerasbridge's current floatx, epsilon and image_data_format into tf_keras."""
    current = settings.current()
    tfk.set_floatx(current.floatx)
    tfk.set_epsilon(current.epsilon)
    tfk.set_image_data_format(current.image_data_format)
    _pushed["settings"] = current


def push_if_changed() -> None:
    if settings.current() is not _pushed["settings"]:
        push()


# kerasbridge's getters and setters (the same validation and messages on every
# implementation), each keeping tf_keras in step.


def floatx():
    push_if_changed()
    return common.floatx()


def set_floatx(floatx):
    common.set_floatx(floatx)
    push()


def epsilon():
    push_if_changed()
    return common.epsilon()


def set_epsilon(e):
    common.set_epsilon(e)
    push()


def image_data_format():
    push_if_changed()
    return common.image_data_format()


def set_image_data_format(data_format):
    common.set_image_data_format(data_format)
    push()
