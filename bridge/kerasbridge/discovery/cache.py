"""The per-user cache of probe results.

One JSON file, ``discovery.json``, in $KERASBRIDGE_CACHE_DIR, else $XDG_CACHE_HOME/kerasbridge,
else ~/.cache/kerasbridge. Entries are keyed on the candidate's identity (layout.identity: real
path of the executable, plus its venv) and carry a *stamp*: modification time, size and inode of
the executable, its environment markers, every folder on its sys.path, its user site folder
(also while it does not exist) and the metadata files versions came from. Installing or
removing a package changes its site-packages folder, so the stamp differs and the entry is not
used. Failed probes are kept for FAILURE_TTL seconds only (a timeout can be a loaded machine).

A cache file that cannot be read or has the wrong shape is ignored and replaced; writes are
atomic (a complete temporary file renamed over the old one). Nothing here raises: a cache that
cannot be written only makes the next scan slower.
"""

import hashlib
import json
import os
import tempfile
import time
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import layout, probe
from .sources import home

FILE_NAME = "discovery.json"
FORMAT = 1
FAILURE_TTL = 3600.0

Stamp = List[List[Any]]


def cache_dir(environ: Mapping[str, str]) -> str:
    explicit = environ.get("KERASBRIDGE_CACHE_DIR", "").strip()
    if explicit:
        return os.path.abspath(explicit)
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "kerasbridge")
    return os.path.join(home(environ), ".cache", "kerasbridge")


def probe_fingerprint() -> str:
    """Changes whenever the probe script changes, which invalidates every entry."""
    return hashlib.sha1(probe.script_text().encode("utf-8")).hexdigest()[:16]


def watched_paths(path: str, result: Optional[Dict[str, Any]]) -> List[str]:
    """The files and folders whose change means the cached result may be stale."""
    root = layout.bin_folder_root(path)
    paths = [path, os.path.join(root, "pyvenv.cfg"), os.path.join(root, "conda-meta")]
    if result is not None:
        paths.extend(result["path"])
        if result["user_site"]:
            paths.append(result["user_site"])
        for package in result["packages"].values():
            if package and package["version_file"]:
                paths.append(package["version_file"])
    return paths


def stamp(paths: List[str], memo: Optional[Dict[str, List[Any]]] = None) -> Stamp:
    """[path, mtime_ns, size, inode] (or [path, None] when missing) for each path; ``memo``
    shares the answers within one scan (venvs of one base share their standard library)."""
    memo = {} if memo is None else memo
    entries = []
    for path in paths:
        if path not in memo:
            memo[path] = _stat(path)
        entries.append(memo[path])
    return entries


def _stat(path: str) -> List[Any]:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return [path, None]
    return [path, status.st_mtime_ns, status.st_size, status.st_ino]


class Cache(object):
    """The cache file's entries; ``lookup`` only returns entries whose stamp still holds."""

    def __init__(self, folder: str, entries: Optional[Dict[str, Dict[str, Any]]] = None) -> None:
        self.folder = folder
        self.file = os.path.join(folder, FILE_NAME)
        self.entries = entries or {}
        self.updated = {}  # type: Dict[str, Dict[str, Any]]
        self._stats = {}  # type: Dict[str, List[Any]]

    @classmethod
    def load(cls, folder: str) -> "Cache":
        return cls(folder, _read_entries(os.path.join(folder, FILE_NAME)))

    def lookup(self, identity: str, now: Optional[float] = None) -> Optional[Tuple[Any, Any]]:
        """(probe result, None) or (None, failure reason) when still valid, else None."""
        entry = self.entries.get(identity)
        if entry is None or not _fresh(entry, time.time() if now is None else now):
            return None
        if stamp([item[0] for item in entry["stamp"]], self._stats) != entry["stamp"]:
            return None
        if entry["failure"] is not None:
            return None, entry["failure"]
        try:
            return probe.validate(entry["probe"]), None
        except probe.ProbeFailure:
            return None  # hand-edited or from another version: probe again

    def store(
        self,
        identity: str,
        path: str,
        result: Optional[Dict[str, Any]],
        failure: Optional[str],
        watched: Stamp,
    ) -> None:
        entry = {
            "path": path,
            "stamp": watched,
            "probe": result,
            "failure": failure,
            "time": time.time(),
        }
        self.entries[identity] = self.updated[identity] = entry

    def save(self) -> Optional[str]:
        """Write new entries (merged with what other processes wrote meanwhile); returns an
        error description instead of raising."""
        if not self.updated:
            return None
        merged = _read_entries(self.file)
        merged.update(self.updated)
        now = time.time()
        kept = {
            key: entry
            for key, entry in merged.items()
            if _fresh(entry, now) and os.path.lexists(entry["path"])
        }
        payload = {"format": FORMAT, "probe": probe_fingerprint(), "entries": kept}
        try:
            _write_atomically(self.file, json.dumps(payload, sort_keys=True))
        except (OSError, ValueError) as error:
            return "cannot write the discovery cache %s: %s" % (self.file, error)
        self.updated = {}
        return None


def _fresh(entry: Dict[str, Any], now: float) -> bool:
    return entry["failure"] is None or now - entry["time"] < FAILURE_TTL


def _read_entries(file: str) -> Dict[str, Dict[str, Any]]:
    """The valid entries of a cache file; anything unreadable or malformed is dropped."""
    try:
        with open(file, encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return {}
    if payload.get("probe") != probe_fingerprint() or not isinstance(payload.get("entries"), dict):
        return {}
    return {key: entry for key, entry in payload["entries"].items() if _well_formed(entry)}


def _well_formed(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("stamp"), list)
        and all(
            isinstance(item, list) and item and isinstance(item[0], str) for item in entry["stamp"]
        )
        and isinstance(entry.get("time"), (int, float))
        and (
            isinstance(entry.get("failure"), str)
            or (entry.get("failure") is None and isinstance(entry.get("probe"), dict))
        )
    )


def _write_atomically(file: str, text: str) -> None:
    folder = os.path.dirname(file)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".discovery-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, file)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
