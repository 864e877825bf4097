"""One assembly for every engine package: its ``__init__.py`` declares ``UNSUPPORTED`` and calls

    globals().update(assemble(__name__, UNSUPPORTED))

``assemble`` imports the engine's modules (the standard ones, ``STANDARD_MODULES``, unless the
engine names others), takes each spec name from the module that defines it, and adds the
functions every engine shares (``engines/common.py``) where the engine defines none of its own.
A module *defines* a name when the attribute is a callable whose ``__module__`` is that module:
an engine module importing a function from another one (``from .core import variable``) does
not define it again. A name defined by two modules, a name both defined and declared
unsupported, and an ``UNSUPPORTED`` table in a module rather than in the package are errors
(the engine does not load), so an engine's functions are found in one place each.

Python 3.6 syntax: the CNTK engine uses it.
"""

import importlib
from typing import Callable, Dict, Iterable, Mapping, Optional, Union

from ..api import NAMES
from . import common

# The modules of an engine, in every engine folder (tests/engines/test_module_parity.py checks
# that each spec function lives in the same one everywhere).
STANDARD_MODULES = ("core", "math", "nn", "rnn", "random", "ctc")

# wrap(module, name, function) -> the function to export (e.g. TensorFlow's graph dispatch).
Wrap = Callable[[object, str, Callable], Callable]


class AssemblyError(ImportError):
    """An engine package is inconsistent (a programming error in kerasbridge, not a user's)."""


def assemble(
    package: str,
    unsupported: Mapping[str, str],
    modules: Iterable[str] = STANDARD_MODULES,
    wrap: Optional[Wrap] = None,
    fallback: Optional[Callable[[str], Callable]] = None,
    shared: Union[bool, Iterable[str]] = True,
) -> Dict[str, object]:
    """The engine's namespace: every spec name it implements, and ``UNSUPPORTED``.

    ``modules``: the engine's modules, imported in order; one not written yet (its own
    ImportError) is skipped, so an engine can grow module by module. ``wrap`` is applied to
    each function the engine's modules define. ``shared``: take the common functions
    (``engines/common.py``) the engine does not define: all (True) or those named. ``fallback(name)``: the function for a
    spec name found nowhere else and not unsupported (tf_keras: the library's own).
    """
    defined_in = {}  # type: Dict[str, str]
    functions = {}  # type: Dict[str, object]
    for module_name in modules:
        module = _import(package, module_name)
        if module is None:
            continue
        if "UNSUPPORTED" in vars(module):
            raise AssemblyError(
                "%s declares UNSUPPORTED: declare every unsupported function of the engine "
                "once, in %s/__init__.py, and pass it to assemble()."
                % (module.__name__, package.replace(".", "/"))
            )
        for name, function in _defined(module):
            if name in defined_in:
                raise AssemblyError(
                    "%s() is defined in both %s.%s and %s.%s: an engine defines each function "
                    "once (rename the helper or import the function instead)."
                    % (name, package, defined_in[name], package, module_name)
                )
            if name in unsupported:
                raise AssemblyError(
                    "%s() is defined in %s.%s and also declared unsupported (%s): remove one."
                    % (name, package, module_name, unsupported[name])
                )
            defined_in[name] = module_name
            functions[name] = wrap(module, name, function) if wrap else function
    common_names = set(NAMES if shared is True else shared or ())
    for name in NAMES:
        if name in functions or name in unsupported:
            continue
        if name in common_names and callable(vars(common).get(name)):
            functions[name] = vars(common)[name]
        elif fallback is not None:
            functions[name] = fallback(name)
    functions["UNSUPPORTED"] = dict(unsupported)
    return functions


def _import(package, module_name):
    full_name = "%s.%s" % (package, module_name)
    try:
        return importlib.import_module(full_name)
    except ImportError as error:
        if error.name == full_name:
            return None
        raise


def _defined(module):
    """(spec name, function) for each spec name the module itself defines."""
    for name in NAMES:
        function = vars(module).get(name)
        if callable(function) and getattr(function, "__module__", None) == module.__name__:
            yield name, function
