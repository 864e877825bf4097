"""The exceptions kerasbridge raises: one base class and a few precise subclasses.

Every message says what was expected, what was received and what to do.
"""


class KerasBridgeError(Exception):
    """Base class of every error raised by kerasbridge itself."""


class ConfigError(KerasBridgeError, ValueError):
    """A setting (keras.json, an environment variable or an explicit call) is invalid."""


class IntegerTypeError(KerasBridgeError, TypeError):
    """An integer-typed argument of a backend function received something else."""


class ChoiceError(KerasBridgeError, ValueError):
    """An argument that takes one of a fixed set of strings (padding, data_format...) received
    something else."""


class NotSupportedError(KerasBridgeError, NotImplementedError):
    """A backend function exists in the API but the selected engine cannot provide it."""


class EngineNotAvailableError(KerasBridgeError, ImportError):
    """The selected engine cannot be imported by this Python interpreter."""


class BackendAlreadyLoadedError(KerasBridgeError, RuntimeError):
    """A different engine or implementation was requested after the backend was loaded."""


class DiscoveryError(KerasBridgeError, RuntimeError):
    """No interpreter fits, or an explicitly named interpreter cannot be used."""


class KerasBridgeWarning(UserWarning):
    """Warnings kerasbridge emits (for instance a keras.json fallback location)."""
