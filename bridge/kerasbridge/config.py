"""keras.json: where it lives, how it is read and validated, and how it is created.

The file is created with defaults when missing, atomically (a complete temporary file is
hard-linked into place, which fails instead of overwriting), so many processes starting at
once leave one valid file. An existing file is never rewritten, valid or not.
"""

import json
import os
import tempfile
import warnings
from typing import Any, Dict, Mapping, Optional

from .engines import BACKENDS, IMPLEMENTATIONS
from .errors import ConfigError, KerasBridgeWarning

FILE_NAME = "keras.json"

# The allowed values, defined once; settings and engines' setters use these too. BACKENDS and
# IMPLEMENTATIONS come from the engine registry (kerasbridge.engines.ENGINES).
FLOATX_VALUES = ("float16", "float32", "float64")
IMAGE_DATA_FORMATS = ("channels_last", "channels_first")

DEFAULTS = {
    "image_data_format": "channels_last",
    "epsilon": 1e-07,
    "floatx": "float32",
    "backend": "tensorflow",
}  # type: Dict[str, Any]


def config_dir(environ: Mapping[str, str]) -> str:
    """The preferred folder of keras.json: $KERAS_HOME, else ~/.keras."""
    home = environ.get("KERAS_HOME", "").strip()
    if home:
        return os.path.abspath(os.path.expanduser(home))
    return os.path.join(_user_home(environ), ".keras")


def fallback_dir() -> str:
    """A per-user folder for keras.json when the preferred one cannot be written."""
    uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
    return os.path.join(tempfile.gettempdir(), "kerasbridge-%s" % uid)


def locate(environ: Mapping[str, str]) -> str:
    """The keras.json that applies: the preferred one, else an existing per-user fallback
    (where ``ensure`` put it because the preferred folder was not writable)."""
    preferred = os.path.join(config_dir(environ), FILE_NAME)
    if os.path.exists(preferred):
        return preferred
    fallback = os.path.join(fallback_dir(), FILE_NAME)
    return fallback if os.path.exists(fallback) else preferred


def read(path: str) -> Optional[Dict[str, Any]]:
    """The validated contents of keras.json (normalised values, unknown keys kept), or None
    when the file does not exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError("cannot read %s: %s" % (path, error)) from None
    return parse(text, path)


def parse(text: str, path: str) -> Dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as error:
        line, column = getattr(error, "lineno", "?"), getattr(error, "colno", "?")
        raise ConfigError(
            "%s is not valid JSON: %s at line %s, column %s. Fix the file or delete it to "
            "get the defaults." % (path, getattr(error, "msg", error), line, column)
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            "%s must hold a JSON object such as %s, got %s."
            % (path, json.dumps(DEFAULTS), type(data).__name__)
        )
    validated = dict(data)
    for key in DEFAULTS:
        if key in data:
            validated[key] = validate(key, data[key], "%s: key %r" % (path, key))
    return validated


def validate(key: str, value: Any, where: str) -> Any:
    """Validate one setting's value, returning it normalised; ``where`` names its origin."""
    if key == "epsilon":
        return _validate_epsilon(value, where)
    allowed = {
        "floatx": FLOATX_VALUES,
        "image_data_format": IMAGE_DATA_FORMATS,
        "backend": BACKENDS,
        "implementation": IMPLEMENTATIONS,
    }[key]
    if not isinstance(value, str):
        raise ConfigError(
            "%s must be one of %s, got %r (%s)."
            % (where, _quoted(allowed), value, type(value).__name__)
        )
    normalised = value.strip().lower()
    if normalised not in allowed:
        raise ConfigError("%s must be one of %s, got %r." % (where, _quoted(allowed), value))
    return normalised


def _validate_epsilon(value: Any, where: str) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(
            "%s must be a small positive number such as 1e-07, got %r (%s)."
            % (where, value, type(value).__name__)
        )
    if not (0 < value < 1):
        raise ConfigError(
            "%s must be a small positive number such as 1e-07 (0 < epsilon < 1), got %r."
            % (where, value)
        )
    return float(value)


def ensure(environ: Mapping[str, str]) -> str:
    """Create keras.json with defaults where missing and return its path. Never overwrites.

    When the preferred folder cannot be written (a read-only home), the file goes to the
    per-user fallback folder and a one-line warning says so.
    """
    preferred = os.path.join(config_dir(environ), FILE_NAME)
    if os.path.exists(preferred):
        return preferred
    if _create(preferred):
        return preferred
    fallback = os.path.join(fallback_dir(), FILE_NAME)
    if os.path.exists(fallback) or _create(fallback, private=True):
        warnings.warn(
            "kerasbridge: cannot write %s; using %s instead." % (preferred, fallback),
            KerasBridgeWarning,
            stacklevel=3,
        )
        return fallback
    raise ConfigError(
        "cannot create %s nor %s. Set KERAS_HOME to a writable folder." % (preferred, fallback)
    )


def default_text() -> str:
    return json.dumps(DEFAULTS, indent=4) + "\n"


def _create(path: str, private: bool = False) -> bool:
    """Create path with the default contents unless it exists. False if it cannot be written."""
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=0o700 if private else 0o777, exist_ok=True)
        if private and not _owned_and_private(folder):
            return False
        handle, temporary = tempfile.mkstemp(prefix=".keras.json.", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(default_text())
        os.chmod(temporary, 0o644)
        os.link(temporary, path)  # atomic; fails with FileExistsError rather than overwrite
    except FileExistsError:
        pass  # another process won the race: its file is complete
    except OSError:
        return os.path.exists(path)
    finally:
        _remove_quietly(temporary)
    return True


def _owned_and_private(folder: str) -> bool:
    if not hasattr(os, "getuid"):
        return True
    info = os.stat(folder)
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _user_home(environ: Mapping[str, str]) -> str:
    home = environ.get("HOME", "").strip()
    return home or os.path.expanduser("~")


def _quoted(values) -> str:
    return ", ".join('"%s"' % value for value in values)
