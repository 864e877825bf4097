"""Resolution of kerasbridge's settings, each value with the source it came from.

Precedence, for every setting: explicit call > environment variable > keras.json > default.
Environment variable values are trimmed and case-insensitive; an empty value means unset.
"""

import os
from typing import Any, Dict, Iterator, Mapping, NamedTuple, Optional

from . import config
from .engines import ENGINES, backends_of
from .errors import BackendAlreadyLoadedError, ConfigError

NAMES = ("implementation", "backend", "floatx", "epsilon", "image_data_format", "python")

ENVIRONMENT_VARIABLES = {
    "implementation": "KERAS_IMPLEMENTATION",
    "backend": "KERAS_BACKEND",
    "python": "KERAS_PYTHON",
}

DEFAULTS = dict(config.DEFAULTS, implementation="keras", python=None)  # type: Dict[str, Any]

EXPLICIT = "explicit"
DEFAULT = "default"


class Setting(NamedTuple):
    name: str
    value: Any
    source: str  # "explicit", "env:KERAS_BACKEND", "keras.json:/path/to/keras.json" or "default"


class Settings(Mapping):
    """The resolved settings: ``s.backend`` is a value, ``s["backend"]`` a Setting."""

    def __init__(self, entries: Mapping[str, Setting], config_path: str) -> None:
        self._entries = dict(entries)
        self.config_path = config_path

    def __getitem__(self, name: str) -> Setting:
        return self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_entries"][name].value
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> Dict[str, Dict[str, Any]]:
        return {name: {"value": s.value, "source": s.source} for name, s in self._entries.items()}

    def __repr__(self) -> str:
        return "Settings(%s)" % ", ".join("%s=%r" % (n, self[n].value) for n in NAMES)

    def __str__(self) -> str:
        width = max(len(name) for name in NAMES)
        return "\n".join(
            "%s  %-16s  %s" % (name.ljust(width), _show(self[name].value), self[name].source)
            for name in NAMES
        )


def resolve(
    explicit: Optional[Mapping[str, Any]] = None,
    environ: Optional[Mapping[str, str]] = None,
    config_path: Optional[str] = None,
) -> Settings:
    """Resolve every setting from explicit values, the environment and keras.json."""
    environ = os.environ if environ is None else environ
    explicit = explicit or {}
    path = config_path or config.locate(environ)
    from_file = config.read(path) or {}
    entries = {}
    for name in NAMES:
        entries[name] = _resolve_one(name, explicit, environ, from_file, path)
    _check_implementation_fits_backend(entries)
    return Settings(entries, path)


def _resolve_one(name, explicit, environ, from_file, path) -> Setting:
    if explicit.get(name) is not None:
        return Setting(name, validate(name, explicit[name], "%s (explicit)" % name), EXPLICIT)
    variable = ENVIRONMENT_VARIABLES.get(name)
    raw = environ.get(variable, "").strip() if variable else ""
    if variable and raw:
        return Setting(name, validate(name, raw, variable), "env:" + variable)
    if name in from_file and name in config.DEFAULTS:
        return Setting(name, from_file[name], "keras.json:" + path)
    return Setting(name, DEFAULTS[name], DEFAULT)


def validate(name: str, value: Any, where: str) -> Any:
    """Validate and normalise one setting's value; ``where`` names its origin for errors."""
    if name not in NAMES:
        raise ConfigError("unknown setting %r; known settings: %s" % (name, ", ".join(NAMES)))
    if name == "python":
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                "%s must be the path of a Python executable, got %r." % (where, value)
            )
        return os.path.abspath(os.path.expanduser(value.strip()))
    return config.validate(name, value, where)


def _check_implementation_fits_backend(entries: Mapping[str, Setting]) -> None:
    implementation, backend = entries["implementation"], entries["backend"]
    if (implementation.value, backend.value) in ENGINES:
        return
    supported = " or ".join('"%s"' % name for name in backends_of(implementation.value))
    providers = [info.implementation for info in ENGINES.values() if info.backend == backend.value]
    raise ConfigError(
        'implementation "%s" (from %s) supports only the %s backend, but the backend is "%s" '
        '(from %s). Use implementation "%s" for the %s engine, or choose the %s backend.'
        % (
            implementation.value,
            _origin(implementation),
            supported,
            backend.value,
            _origin(backend),
            providers[0],
            backend.value,
            supported,
        )
    )


def _origin(setting: Setting) -> str:
    return setting.source.replace("env:", "").replace("keras.json:", "")


def _show(value: Any) -> str:
    return "(discovery)" if value is None else str(value)


# --- the process's own choices (explicit values) -----------------------------------------------

_explicit = {}  # type: Dict[str, Any]
_current = None  # type: Optional[Settings]
_loaded_engine = None  # type: Optional[tuple]


def configure(**values: Any) -> Settings:
    """Set settings explicitly for this process (the highest precedence) and return them all.

    The implementation and backend can only be chosen before the backend is loaded.
    """
    for name, value in values.items():
        value = validate(name, value, "%s (explicit)" % name)
        if name in ("implementation", "backend") and _loaded_engine is not None:
            _refuse_switch(name, value)
        _explicit[name] = value
    global _current
    _current = resolve(_explicit)
    return _current


def current() -> Settings:
    """The settings in force in this process, resolved once and updated by ``configure``."""
    global _current
    if _current is None:
        _current = resolve(_explicit)
    return _current


def mark_loaded(implementation: str, backend: str) -> None:
    global _loaded_engine
    _loaded_engine = (implementation, backend)


def loaded_engine() -> Optional[tuple]:
    return _loaded_engine


def _refuse_switch(name: str, value: str) -> None:
    loaded = dict(zip(("implementation", "backend"), _loaded_engine or ()))
    if loaded.get(name) == value:
        return
    raise BackendAlreadyLoadedError(
        'the backend is already loaded with implementation "%s" and backend "%s"; %s "%s" '
        "cannot take effect in this process. Set KERAS_%s=%s and start a new Python (or R) "
        "session." % (loaded["implementation"], loaded["backend"], name, value, name.upper(), value)
    )
