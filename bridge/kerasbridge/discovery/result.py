"""The outcome of a scan: every candidate with its facts and verdict, and the selection.

``as_dict()`` / ``to_json()`` produce the documented contract (docs/discovery-json.md,
schema 1) that the R package reads.
"""

import json
from typing import Any, Dict, List, Optional

from ..engines import probe_packages

SCHEMA = 1


class Candidate(object):
    """One interpreter found by a source; ``probe`` is None when probing failed (``failure``)."""

    def __init__(self, path: str, source: str, identity: str, kind: str, realpath: str) -> None:
        self.path = path
        self.source = source
        self.identity = identity
        self.kind = kind
        self.realpath = realpath
        self.also_found_via = []  # type: List[str]
        self.probe = None  # type: Optional[Dict[str, Any]]
        self.failure = None  # type: Optional[str]
        self.cached = False
        self.verdict = "rejected"
        self.reason = ""

    @property
    def version(self) -> Optional[str]:
        return self.probe["version"] if self.probe else None

    @property
    def packages(self) -> Dict[str, Optional[str]]:
        """{name: version or None} for every package discovery looks for."""
        found = self.probe["packages"] if self.probe else {}
        return {
            name: (found[name]["version"] if found.get(name) else None)
            for name in sorted(probe_packages())
        }

    def as_dict(self) -> Dict[str, Any]:
        facts = self.probe or {}
        return {
            "path": self.path,
            "realpath": self.realpath,
            "source": self.source,
            "also_found_via": list(self.also_found_via),
            "kind": self.kind,
            "version": self.version,
            "implementation_name": facts.get("implementation_name"),
            "architecture": facts.get("architecture"),
            "prefix": facts.get("prefix"),
            "base_prefix": facts.get("base_prefix"),
            "executable": facts.get("executable"),
            "shared_library": facts.get("shared_library"),
            "libpython": facts.get("libpython"),
            "packages": self.packages,
            "package_locations": {
                name: entry["location"]
                for name, entry in facts.get("packages", {}).items()
                if entry
            },
            "verdict": self.verdict,
            "reason": self.reason,
            "probe_error": self.failure,
            "cached": self.cached,
        }

    def __repr__(self) -> str:
        return "<Candidate %s %s %s: %s>" % (self.path, self.version, self.verdict, self.reason)


class DiscoveryResult(object):
    def __init__(
        self,
        implementation: str,
        backend: str,
        candidates: List[Candidate],
        selected: Optional[Candidate],
        reason: str,
        details: Dict[str, Any],
    ) -> None:
        self.implementation = implementation
        self.backend = backend
        self.candidates = candidates
        self.selected_candidate = selected
        self.reason = reason
        self.details = details  # timings, cache file, settings sources

    @property
    def selected(self) -> Optional[str]:
        """The selected interpreter's path (as found), or None when nothing fits."""
        return self.selected_candidate.path if self.selected_candidate else None

    def as_dict(self) -> Dict[str, Any]:
        payload = {
            "schema": SCHEMA,
            "implementation": self.implementation,
            "backend": self.backend,
            "selected": self.selected,
            "reason": self.reason,
            "candidates": [candidate.as_dict() for candidate in self.candidates],
        }
        payload.update(self.details)
        return payload

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.as_dict(), indent=indent)  # ASCII: safe in any locale

    def __repr__(self) -> str:
        return "<DiscoveryResult %s/%s selected=%s (%d candidates)>" % (
            self.implementation,
            self.backend,
            self.selected,
            len(self.candidates),
        )
