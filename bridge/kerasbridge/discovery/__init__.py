"""Interpreter discovery: find the Python that has kerasbridge plus the selected engine.

``discover()`` lists candidates from the sources in ``sources.SOURCES`` order, probes each with
a stdlib-only script (in parallel, cached per user), and selects the first that fits. The JSON
form of its result is the contract documented in docs/discovery-json.md. Runs on CPython 3.6+.
"""

from .result import SCHEMA, Candidate, DiscoveryResult
from .scan import discover, known_interpreters
from .sources import SOURCES

__all__ = ["discover", "known_interpreters", "DiscoveryResult", "Candidate", "SCHEMA", "SOURCES"]
