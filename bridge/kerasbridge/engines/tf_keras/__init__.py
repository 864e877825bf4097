"""Implementation "tensorflow": TensorFlow's integrated Keras 2 backend (tf_keras) behind the
spec and the guard, so user code written for kerasbridge runs on it unchanged.

Assembled by engines/_assembly.py: every spec name is tf_keras's own function (from its v1
backend namespace, in graph mode: see ``_library``) given the spec's signature, except the
adapters defined in ``ops``, ``graph`` and ``keras2``, the settings functions of
``_settings_sync`` (kerasbridge's settings lead; tf_keras's follow) and a few common functions.
"""

from typing import Callable, Dict

from .._assembly import assemble
from . import _library, _settings_sync  # _library first: it imports TensorFlow
from ._spec_signature import with_spec_signature

# tf_keras functions that read tf_keras's floatx, epsilon or image_data_format (directly or
# through a helper, as read in tf_keras 2.21's backend.py): settings are pushed first.
_READ_SETTINGS = frozenset(
    [
        "bias_add",
        "binary_crossentropy",
        "cast_to_floatx",
        "categorical_crossentropy",
        "constant",
        "conv1d",
        "conv2d",
        "conv2d_transpose",
        "conv3d",
        "ctc_batch_cost",
        "eye",
        "local_conv1d",
        "local_conv2d",
        "mean",
        "ones",
        "placeholder",
        "pool2d",
        "pool3d",
        "random_binomial",
        "random_normal",
        "random_normal_variable",
        "random_uniform",
        "random_uniform_variable",
        "relu",
        "separable_conv2d",
        "sparse_categorical_crossentropy",
        "spatial_2d_padding",
        "spatial_3d_padding",
        "std",
        "truncated_normal",
        "var",
        "variable",
        "zeros",
    ]
)

UNSUPPORTED: Dict[str, str] = {}  # every spec function is implemented by tf_keras or here

# The adapters: settings functions, then functions tf_keras lacks or has with another behaviour.
_MODULES = ("_settings_sync", "ops", "graph", "keras2")
# Functions written once for every engine that tf_keras lacks (the rest are tf_keras's own).
_SHARED = ("py_all", "py_sum", "eager", "symbolic", "normalize_data_format")


def _from_tf_keras(name: str) -> Callable:
    before = _settings_sync.push_if_changed if name in _READ_SETTINGS else None
    return with_spec_signature(name, getattr(_library.tfk, name), before)


_settings_sync.push()
globals().update(
    assemble(__name__, UNSUPPORTED, modules=_MODULES, fallback=_from_tf_keras, shared=_SHARED)
)
