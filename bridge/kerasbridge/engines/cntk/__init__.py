"""The CNTK engine: the backend API on CNTK 2.7 (CPython <= 3.6), assembled from the standard
modules (engines/_assembly.py)."""

from .._assembly import assemble

UNSUPPORTED = {}  # every spec function is implemented on CNTK

globals().update(assemble(__name__, UNSUPPORTED))
