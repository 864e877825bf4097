"""The JAX engine: the backend API on JAX, with Keras 2 graph semantics (see _graph).

Assembled from the standard modules (engines/_assembly.py). Every spec function is
implemented: those JAX has no counterpart for (sessions) are the compatibility versions the
TensorFlow engine has too.
"""

from .._assembly import assemble

UNSUPPORTED = {}  # every spec function is implemented on JAX

globals().update(assemble(__name__, UNSUPPORTED))
