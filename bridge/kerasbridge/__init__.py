"""kerasbridge: the classic Keras backend API (``K <- backend()``) on TensorFlow, Theano and CNTK.

``import kerasbridge`` is light: it imports no engine. The engine is loaded by
``from kerasbridge import backend as K``.
"""

from typing import Any, Optional

from . import settings
from .errors import (
    BackendAlreadyLoadedError,
    ConfigError,
    DiscoveryError,
    EngineNotAvailableError,
    IntegerTypeError,
    KerasBridgeError,
    NotSupportedError,
)

__version__ = "0.1.0"


def get_settings() -> "settings.Settings":
    """Every setting in force, with its value and source (``s["backend"].source``)."""
    return settings.current()


def configure(**values: Any) -> "settings.Settings":
    """Choose settings for this process (implementation and backend: before the backend loads)."""
    return settings.configure(**values)


def loaded_engine() -> Optional[tuple]:
    """(implementation, backend) once the backend namespace is loaded, else None."""
    return settings.loaded_engine()


__all__ = [
    "get_settings",
    "settings",
    "configure",
    "loaded_engine",
    "__version__",
    "KerasBridgeError",
    "ConfigError",
    "IntegerTypeError",
    "NotSupportedError",
    "EngineNotAvailableError",
    "BackendAlreadyLoadedError",
    "DiscoveryError",
]
