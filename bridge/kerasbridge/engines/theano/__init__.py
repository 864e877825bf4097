"""The theano engine: the backend API on Theano 1.0.5 or PyTensor (see _library).

Assembled from the standard modules (engines/_assembly.py); core's set_floatx, which also
updates the library's floatX, replaces the common one.
"""

from .._assembly import assemble as _assemble
from ._library import NAME as LIBRARY  # noqa: F401 (the library in use, exported)

_NO_SESSION = (
    "Theano and PyTensor compile each K.function on its own and keep no session; "
    "nothing needs getting or setting"
)
UNSUPPORTED = {"get_session": _NO_SESSION, "set_session": _NO_SESSION}

globals().update(_assemble(__name__, UNSUPPORTED))

__all__ = sorted(name for name in globals() if not name.startswith("_"))
