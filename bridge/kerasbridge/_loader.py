"""Loads the implementation and engine chosen by the settings; binds the spec through the guard."""

import importlib
import os
import platform
import sys
from typing import Callable, Dict

from . import config, settings
from .api import SPEC
from .engine_logs import quiet_engine_start
from .engines import EngineInfo, describe_libraries, engine_info, library_names, python_too_new
from .errors import ConfigError, EngineNotAvailableError, NotSupportedError
from .guard import guard


def load_backend() -> Dict[str, Callable]:
    """Every spec name bound to the selected engine's function (guarded) or to an
    ``unsupported`` function that raises NotSupportedError with the engine's reason."""
    config.ensure(os.environ)
    chosen = settings.current()
    info = engine_info(chosen.implementation, chosen.backend)
    module = _import_engine(info)
    settings.mark_loaded(info.implementation, info.backend)
    return bind(module, _engine_label(info))


def bind(module, label: str) -> Dict[str, Callable]:
    unsupported = getattr(module, "UNSUPPORTED", {})
    functions = {}
    for name, spec in SPEC.items():
        implementation = None if name in unsupported else getattr(module, name, None)
        if implementation is None:
            reason = unsupported.get(name, "not implemented on this engine yet")
            functions[name] = _unsupported(name, label, reason)
        else:
            if getattr(implementation, "__doc__", None) is None:
                implementation.__doc__ = spec.doc
            functions[name] = guard(spec, implementation)
    return functions


def _import_engine(info: EngineInfo):
    if python_too_new(info):
        raise EngineNotAvailableError(_too_new_message(info))
    try:
        with quiet_engine_start():
            return importlib.import_module(info.module)
    except AssertionError as error:
        # TensorFlow (its bundled tensorflow.python.keras) and tf_keras read keras.json at import
        # and assert on it: values kerasbridge accepts (" Float64", epsilon as a string) fail.
        raise ConfigError(
            "%s could not start: TensorFlow reads %s itself and needs floatx and "
            "image_data_format in lower case and epsilon as a JSON number (kerasbridge accepts "
            'more). Write the values as "floatx": "float32", "epsilon": 1e-07, '
            '"image_data_format": "channels_last".'
            % (_engine_label(info).capitalize(), config.locate(os.environ))
        ) from error
    except ImportError as error:
        missing = (error.name or "").split(".")[0]
        if missing and missing not in library_names(info) and not missing.startswith("kerasbridge"):
            raise
        raise EngineNotAvailableError(_not_installed_message(info, error)) from error


def _engine_label(info: EngineInfo) -> str:
    if info.implementation == "keras":
        return 'the "%s" engine' % info.backend
    return 'implementation "%s"' % info.implementation


def _interpreter() -> str:
    return "%s (Python %s)" % (sys.executable, platform.python_version())


def _not_installed_message(info: EngineInfo, error: ImportError) -> str:
    return (
        "%s needs %s, which this interpreter, %s, cannot import (%s). Install it with: %s; or "
        "run `python -m kerasbridge envs --backend %s` to find an interpreter that has it and "
        "point KERAS_PYTHON at it.%s"
        % (
            _engine_label(info).capitalize(),
            describe_libraries(info),
            _interpreter(),
            error,
            info.install_hint,
            info.backend,
            _known_elsewhere(info),
        )
    )


def _too_new_message(info: EngineInfo) -> str:
    return (
        "%s needs CPython <= %d.%d (%s has no wheels for newer Pythons), and this interpreter "
        "is %s. Run `python -m kerasbridge envs --backend %s` to find an interpreter that has "
        "it (the setup builds one in .venv-cntk) and point KERAS_PYTHON at it.%s"
        % (
            _engine_label(info).capitalize(),
            info.max_python[0],
            info.max_python[1],
            library_names(info)[0],
            _interpreter(),
            info.backend,
            _known_elsewhere(info),
        )
    )


def _known_elsewhere(info: EngineInfo) -> str:
    """Interpreters an earlier discovery scan found to fit, read from its cache: an error
    message must not start a scan (seconds); reading the cache takes milliseconds."""
    try:
        from .discovery import known_interpreters

        found = known_interpreters(info.implementation, info.backend, os.environ)
    except Exception:  # a hint must never replace the error it decorates
        return ""
    here = os.path.realpath(sys.executable)
    found = [(path, version) for path, version in found if os.path.realpath(path) != here]
    if not found:
        return ""
    return " Interpreters that discovery found with it: %s." % ", ".join(
        "%s (Python %s)" % item for item in found
    )


def _unsupported(name: str, label: str, reason: str) -> Callable:
    def unsupported(*args, **kwargs):
        raise NotSupportedError("%s() is not supported by %s: %s" % (name, label, reason))

    unsupported.__name__ = unsupported.__qualname__ = name
    unsupported.__doc__ = "Not supported by %s: %s" % (label, reason)
    unsupported.unsupported_reason = reason  # type: ignore[attr-defined]
    return unsupported
