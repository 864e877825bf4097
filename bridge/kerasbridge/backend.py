"""The backend namespace: ``from kerasbridge import backend as K``.

Importing this module selects the implementation and engine from the settings, imports the
engine once, and binds every function of the API spec here, guarded for strict integer typing.
"""

from ._loader import load_backend as _load_backend

globals().update(_load_backend())

from .api import NAMES as _NAMES  # noqa: E402

__all__ = list(_NAMES)
