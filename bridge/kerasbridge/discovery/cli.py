"""``python -m kerasbridge envs`` and ``python -m kerasbridge doctor``.

``envs`` prints a table (or, with --json, the contract of docs/discovery-json.md) and exits 0
whether or not something fits: the JSON says. ``doctor`` explains the choice and, when nothing
fits, what to install where; it exits 1 when nothing fits.
"""

import argparse
import os
import sys
import time
from typing import Any, List, Optional, TextIO

from .. import config
from . import selection
from .result import Candidate, DiscoveryResult
from .scan import discover


def register(subparsers: Any) -> None:
    envs = subparsers.add_parser(
        "envs", help="list the Python interpreters discovery finds and the one it selects"
    )
    _common_options(envs)
    envs.add_argument(
        "--json",
        action="store_true",
        help="print the JSON contract (docs/discovery-json.md) instead of a table",
    )
    envs.set_defaults(run=run_envs)
    doctor = subparsers.add_parser(
        "doctor", help="explain the interpreter selection, and what to do when nothing fits"
    )
    _common_options(doctor)
    doctor.set_defaults(run=run_doctor)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend",
        choices=config.BACKENDS,
        help="engine to look for (default: the backend setting)",
    )
    parser.add_argument(
        "--implementation",
        choices=config.IMPLEMENTATIONS,
        help="implementation to look for (default: the implementation setting)",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="probe every interpreter again instead of using the cache",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time limit of each probe (default: 10)",
    )


def _scan(arguments: argparse.Namespace) -> DiscoveryResult:
    reporter = Progress(sys.stderr)
    try:
        return discover(
            arguments.implementation,
            arguments.backend,
            refresh=arguments.refresh,
            timeout=arguments.timeout,
            progress=reporter,
        )
    finally:
        reporter.finish()


# --- envs ----------------------------------------------------------------------------------


def run_envs(arguments: argparse.Namespace) -> int:
    result = _scan(arguments)
    _emit(result.to_json() if arguments.json else envs_table(result))
    return 0


def _emit(text: str) -> None:
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `envs | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def envs_table(result: DiscoveryResult) -> str:
    need = selection.requirement(result.implementation, result.backend)
    details = result.details
    lines = [
        'implementation "%s", backend "%s": needs %s'
        % (result.implementation, result.backend, need.describe()),
        "%d candidates (%d probed, %d from cache) in %.2f s"
        % (
            len(result.candidates),
            details["probed"],
            details["from_cache"],
            details["elapsed_seconds"],
        ),
        "",
    ]
    rows = [("VERDICT", "KIND", "PYTHON", "SOURCE", "PATH")]
    rows += [(c.verdict, c.kind, c.version or "-", c.source, c.path) for c in result.candidates]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    indent = " " * (sum(widths) + 2 * 4)
    for index, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4]
        )
        if index == 0:
            continue
        candidate = result.candidates[index - 1]
        lines.append(indent + (_package_list(candidate) or "(no kerasbridge, no engine)"))
        lines.append(indent + "-> " + candidate.reason)
    lines += ["", "selected: %s" % (result.selected or "none"), "reason: %s" % result.reason]
    return "\n".join(lines)


def _package_list(candidate: Candidate) -> str:
    return ", ".join(
        "%s %s" % (name, version) for name, version in candidate.packages.items() if version
    )


# --- doctor --------------------------------------------------------------------------------


def run_doctor(arguments: argparse.Namespace) -> int:
    result = _scan(arguments)
    _emit(doctor_report(result))
    return 0 if result.selected else 1


def doctor_report(result: DiscoveryResult) -> str:
    need = selection.requirement(result.implementation, result.backend)
    lines = ["Settings (value, source):"]
    for name, source in result.details["settings"].items():
        value = getattr(result, name, None) if name != "python" else _forced_path(result)
        lines.append("  %-15s %s  (%s)" % (name, value or "(discovery)", source))
    lines.append("Needs: %s%s" % (need.describe(), _python_range(need)))
    lines.append(
        "Looked in this order: %s; %d candidates, %.2f s."
        % (
            ", ".join(result.details["order"]),
            len(result.candidates),
            result.details["elapsed_seconds"],
        )
    )
    lines.append("")
    if result.selected_candidate is not None:
        lines += _explain_selection(result.selected_candidate, result)
    else:
        lines += _explain_nothing_fits(result, need)
    return "\n".join(lines)


def _forced_path(result: DiscoveryResult) -> Optional[str]:
    first = result.candidates[0] if result.candidates else None
    return first.path if first is not None and first.source == "KERAS_PYTHON" else None


def _python_range(need: selection.Requirement) -> str:
    low = "%d.%d" % selection.MIN_PYTHON
    if need.max_python is None:
        return ", on Python >= %s" % low
    if tuple(need.max_python) == selection.MIN_PYTHON:
        return ", on CPython %s" % low
    return ", on CPython %s to %d.%d" % ((low,) + need.max_python)


def _explain_selection(chosen: Candidate, result: DiscoveryResult) -> List[str]:
    lines = [
        "Selected: %s" % chosen.path,
        "  Python %s, %s, found via %s; %s"
        % (chosen.version, chosen.kind, chosen.source, _package_list(chosen)),
        "  Why: %s" % chosen.reason,
        "  R: library(kerasbridge) binds it; to pin it, set KERAS_PYTHON=%s" % chosen.path,
        "  Python: %s -c 'from kerasbridge import backend as K'" % chosen.path,
    ]
    others = [c for c in result.candidates if c.verdict == "usable"]
    if others:
        lines.append("Also usable (later in the order):")
        lines += ["  %s (Python %s)" % (c.path, c.version) for c in others[:5]]
    return lines


def _explain_nothing_fits(result: DiscoveryResult, need: selection.Requirement) -> List[str]:
    lines = ["Nothing fits: %s" % result.reason, ""]
    closest = _closest(result.candidates, need)
    if closest:
        lines.append("Closest candidates, and what each lacks:")
        for candidate in closest:
            lines.append(
                "  %s (Python %s): %s" % (candidate.path, candidate.version, candidate.reason)
            )
            lines.append(
                "      %s -m pip install %s"
                % (_quote(candidate.path), " ".join(_install_specs(candidate, need)))
            )
    base = _base_for_new_environment(result.candidates, need)
    folder = "~/.virtualenvs/kerasbridge-%s" % need.backend
    lines.append("")
    if base is not None:
        lines.append("Or create an environment for it:")
        lines.append("  %s -m venv %s" % (_quote(base.path), folder))
        lines.append(
            "  %s/bin/python -m pip install %s" % (folder, " ".join(_install_specs(None, need)))
        )
    else:
        lines.append(
            "No interpreter found can run it: install%s (for example with "
            "pyenv), then create an environment with it." % _python_range(need)[4:]
        )
    lines.append(
        "Then run `python -m kerasbridge doctor` again (or set KERAS_PYTHON to the "
        "new interpreter)."
    )
    return lines


def _closest(candidates: List[Candidate], need: selection.Requirement) -> List[Candidate]:
    """Environments (venv, conda) whose only problem is missing packages, fewest missing first.
    Base installations are left alone: a new environment made from one is the better advice."""

    def missing(candidate: Candidate) -> int:
        return len(
            [
                group
                for group in need.groups
                if not any(candidate.packages.get(name) for name in group)
            ]
        )

    fixable = [
        c
        for c in candidates
        if c.probe is not None and c.reason.startswith("no ") and c.kind in ("venv", "conda")
    ]
    return sorted(fixable, key=missing)[:5]


def _install_specs(candidate: Optional[Candidate], need: selection.Requirement) -> List[str]:
    specs = []
    for group in need.groups:
        if candidate is not None and any(candidate.packages.get(name) for name in group):
            continue
        name = min(group, key=lambda library: _position(need.install_hint, library))
        if name == "kerasbridge":
            specs.append(_quote(_kerasbridge_source()))
        else:
            pinned = need.pinned.get(name.replace("_", "-")) or need.pinned.get(name)
            specs.append('"%s==%s"' % (name.replace("_", "-"), pinned) if pinned else name)
    return specs


def _position(hint: str, library: str) -> int:
    """Where the install hint names a library: the first named is the one it recommends."""
    found = hint.find(library.replace("_", "-") + "==")
    return found if found >= 0 else len(hint)


def _kerasbridge_source() -> str:
    """This checkout when kerasbridge runs from a source tree, else the package name."""
    root = os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    return root if os.path.isfile(os.path.join(root, "pyproject.toml")) else "kerasbridge"


def _base_for_new_environment(
    candidates: List[Candidate], need: selection.Requirement
) -> Optional[Candidate]:
    """A working non-venv interpreter whose Python version can run the engine."""
    for candidate in candidates:
        version = selection.python_version(candidate.version)
        if candidate.probe is None or candidate.kind in ("venv", "conda") or version is None:
            continue
        if version >= selection.MIN_PYTHON and (
            need.max_python is None or version <= need.max_python
        ):
            return candidate
    return None


def _quote(text: str) -> str:
    return "'%s'" % text.replace("'", "'\\''") if any(c in text for c in " '\"$\\") else text


# --- progress ------------------------------------------------------------------------------


class Progress(object):
    """Probe progress on stderr, only on a terminal and only once a scan takes a moment."""

    DELAY = 0.5

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = False
        self.enabled = _is_terminal(stream)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.DELAY:
            return
        self.stream.write("\rkerasbridge: probing interpreters %d/%d" % (done, total))
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
