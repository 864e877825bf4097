"""discover(): list the candidates, probe them in parallel (or take them from the cache), select."""

import os
import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from .. import settings
from ..errors import DiscoveryError
from . import layout, probe, selection, sources
from .cache import Cache, cache_dir, stamp, watched_paths
from .result import Candidate, DiscoveryResult

Progress = Callable[[int, int], None]  # (probes finished, probes started)


def discover(
    implementation: Optional[str] = None,
    backend: Optional[str] = None,
    environ: Optional[Mapping[str, str]] = None,
    refresh: bool = False,
    timeout: float = 10.0,
    progress: Optional[Progress] = None,
) -> DiscoveryResult:
    """Find the interpreters, probe them, and select the first that fits.

    ``None`` arguments come from the settings (explicit > environment > keras.json > default),
    read from ``environ`` (default: this process's environment). ``refresh`` ignores the cache.
    KERAS_PYTHON that does not lead to a working interpreter raises DiscoveryError.
    """
    started = time.monotonic()
    environ = os.environ if environ is None else environ
    chosen = _settings(implementation, backend, environ)
    need = selection.requirement(chosen.implementation, chosen.backend)
    candidates, forced = collect(environ, chosen.python)
    cache = Cache.load(cache_dir(environ))
    probed = _fill(candidates, cache, environ, refresh, timeout, progress)
    cache_error = cache.save()
    if forced is not None and forced.probe is None:
        raise DiscoveryError(_forced_failure(forced))
    selected, reason, verdicts = selection.choose(candidates, need, forced)
    for candidate, verdict in zip(candidates, verdicts):
        candidate.verdict, candidate.reason = verdict
    details = {
        "settings": {name: chosen[name].source for name in ("implementation", "backend", "python")},
        "order": list(sources.SOURCES),
        "probed": probed,
        "from_cache": sum(1 for candidate in candidates if candidate.cached),
        "cache_file": cache.file,
        "cache_error": cache_error,
        "elapsed_seconds": round(time.monotonic() - started, 4),
    }
    return DiscoveryResult(need.implementation, need.backend, candidates, selected, reason, details)


def _settings(
    implementation: Optional[str], backend: Optional[str], environ: Mapping[str, str]
) -> settings.Settings:
    explicit = {}  # type: Dict[str, Any]
    if environ is os.environ:  # this process: honour kerasbridge.configure(...) choices too
        current = settings.current()
        explicit = {
            name: current[name].value
            for name in ("implementation", "backend", "python")
            if current[name].source == settings.EXPLICIT
        }
    for name, value in (("implementation", implementation), ("backend", backend)):
        if value is not None:
            explicit[name] = value
    return settings.resolve(explicit, environ)


# --- candidates ----------------------------------------------------------------------------


def collect(
    environ: Mapping[str, str], forced_path: Optional[str]
) -> Tuple[List[Candidate], Optional[Candidate]]:
    """The candidates in order, merged by identity; and the KERAS_PYTHON one, if set."""
    listed = sources.candidates(environ)
    if forced_path:
        listed.insert(0, (_forced_executable(forced_path), "KERAS_PYTHON"))
    pyenv_root = sources.pyenv_root(environ)
    resolver = layout.Resolver()
    merged = {}  # type: Dict[str, Candidate]
    ordered = []  # type: List[Candidate]
    for path, source in listed:
        venv = layout.venv_root(path)
        identity = layout.identity(path, resolver, venv)
        if identity in merged:
            seen = merged[identity]
            if source != seen.source and source not in seen.also_found_via:
                seen.also_found_via.append(source)
            continue
        candidate = Candidate(
            path, source, identity, layout.kind(path, pyenv_root, venv), resolver.realpath(path)
        )
        merged[identity] = candidate
        ordered.append(candidate)
    forced = ordered[0] if forced_path else None
    return ordered, forced


def _forced_executable(value: str) -> str:
    """KERAS_PYTHON may name an executable or an environment folder; it must exist."""
    if os.path.isdir(value):
        found = sources.environment_python(value)
        if found is None:
            raise DiscoveryError(
                "KERAS_PYTHON is the folder %s, which has no bin/python. Expected the path of a "
                "Python executable (such as /path/to/env/bin/python) or of an environment folder "
                "that contains bin/python. Fix KERAS_PYTHON, or unset it to let discovery "
                "choose." % value
            )
        return found
    if not os.path.lexists(value):
        raise DiscoveryError(
            "KERAS_PYTHON is %s, which does not exist. Expected the path of a Python executable "
            "(such as /path/to/env/bin/python) or of an environment folder. Fix KERAS_PYTHON, "
            "or unset it to let discovery choose (`python -m kerasbridge envs` lists what it "
            "finds)." % value
        )
    return value


def _forced_failure(forced: Candidate) -> str:
    return (
        "KERAS_PYTHON is %s, which is not a working Python interpreter: %s. Expected the path "
        "of a Python executable (such as /path/to/env/bin/python). Fix KERAS_PYTHON, or unset "
        "it to let discovery choose (`python -m kerasbridge envs` lists what it finds)."
        % (forced.path, forced.failure)
    )


# --- probing -------------------------------------------------------------------------------


def _fill(
    candidates: List[Candidate],
    cache: Cache,
    environ: Mapping[str, str],
    refresh: bool,
    timeout: float,
    progress: Optional[Progress],
) -> int:
    """Give every candidate a probe result or a failure; returns how many were run."""
    todo = []
    for candidate in candidates:
        candidate.failure = probe.precheck(candidate.path)
        if candidate.failure is not None:
            continue  # decided without running anything, so nothing worth caching
        hit = None if refresh else cache.lookup(candidate.identity)
        if hit is not None:
            candidate.probe, candidate.failure = hit
            candidate.cached = True
        else:
            todo.append(candidate)
    if todo:
        _probe_all(todo, cache, environ, timeout, progress)
    return len(todo)


def _probe_all(
    todo: List[Candidate],
    cache: Cache,
    environ: Mapping[str, str],
    timeout: float,
    progress: Optional[Progress],
) -> None:
    # Starting an interpreter is mostly CPU: a few per core keeps the cores busy while some
    # wait on the disk; more workers than that only stretch every probe towards its timeout.
    from concurrent.futures import ThreadPoolExecutor, as_completed  # only a cold scan needs it

    workers = min(len(todo), max(4, 4 * (os.cpu_count() or 1)))
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_probe_one, candidate, environ, timeout): candidate for candidate in todo
        }
        for future in as_completed(futures):
            candidate = futures[future]
            candidate.probe, candidate.failure = future.result()
            watched = stamp(watched_paths(candidate.path, candidate.probe))
            cache.store(
                candidate.identity, candidate.path, candidate.probe, candidate.failure, watched
            )
            done += 1
            if progress is not None:
                progress(done, len(todo))


def _probe_one(
    candidate: Candidate, environ: Mapping[str, str], timeout: float
) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    try:
        return probe.probe(candidate.path, environ, timeout), None
    except probe.ProbeFailure as failure:
        return None, failure.reason


# --- what the cache already knows (no probing) ----------------------------------------------


def known_interpreters(
    implementation: str, backend: str, environ: Mapping[str, str], limit: int = 3
) -> List[Tuple[str, str]]:
    """(path, Python version) of cached interpreters that fit, without running anything.
    Used in error messages, where starting a scan would be too slow."""
    need = selection.requirement(implementation, backend)
    cache = Cache.load(cache_dir(environ))
    found = []
    for identity, entry in sorted(cache.entries.items(), key=lambda item: item[1]["path"]):
        hit = cache.lookup(identity)
        if hit is not None and hit[0] is not None and selection.misfit(hit[0], need) is None:
            found.append((entry["path"], hit[0]["version"]))
        if len(found) >= limit:
            break
    return found
