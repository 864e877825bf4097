"""What an (implementation, backend) needs, why each candidate fits or not, and the choice.

The needs come from ``kerasbridge.engines.ENGINES`` (one definition): kerasbridge itself, the
engine's libraries and the engine's newest Python. The first candidate in discovery order
that fits is selected, unless KERAS_PYTHON forces one.
"""

import re
from collections import Counter
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..engines import engine_info

# kerasbridge's own floor (pyproject's requires-python).
MIN_PYTHON = (3, 6)


class Requirement(NamedTuple):
    implementation: str
    backend: str
    groups: Tuple[Tuple[str, ...], ...]  # every group is needed; any name within a group will do
    max_python: Optional[Tuple[int, int]]
    pinned: Dict[str, str]  # library -> version the install hint names (for messages)
    install_hint: str

    def describe(self) -> str:
        """ "kerasbridge and cntk", "kerasbridge and theano or pytensor"..."""
        names = [" or ".join(group) for group in self.groups]
        return ", ".join(names[:-1]) + " and " + names[-1]


def requirement(implementation: str, backend: str) -> Requirement:
    info = engine_info(implementation, backend)
    engine_groups = tuple(tuple(group) for group in info.libraries)
    pinned = dict(re.findall(r"([A-Za-z0-9_.-]+)==([A-Za-z0-9_.+]+)", info.install_hint))
    return Requirement(
        implementation,
        backend,
        (("kerasbridge",),) + engine_groups,
        info.max_python,
        pinned,
        info.install_hint,
    )


def python_version(candidate_version: Optional[str]) -> Optional[Tuple[int, int]]:
    match = re.match(r"^(\d+)\.(\d+)", candidate_version or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def misfit(probe: Dict[str, Any], need: Requirement) -> Optional[str]:
    """Why a probed interpreter cannot serve ``need``, or None when it fits."""
    version = python_version(probe["version"])
    shown = "%d.%d" % version if version else probe["version"]
    if version is not None and version < MIN_PYTHON:
        return "Python %s cannot run kerasbridge (it needs Python >= %d.%d)" % (
            (shown,) + MIN_PYTHON
        )
    if need.max_python is not None and version is not None and version > need.max_python:
        library = need.groups[-1][0]
        return "Python %s cannot run %s (it needs CPython <= %d.%d)" % (
            (shown, _pinned_name(library, need)) + need.max_python
        )
    missing = [group for group in need.groups if not _has_any(probe, group)]
    if missing:
        return ", ".join("no " + " or ".join(group) for group in missing)
    return None


def _has_any(probe: Dict[str, Any], group: Sequence[str]) -> bool:
    return any(probe["packages"].get(name) for name in group)


def _pinned_name(library: str, need: Requirement) -> str:
    version = need.pinned.get(library)
    return "%s %s" % (library, version) if version else library


class Verdict(NamedTuple):
    verdict: str  # "selected", "usable" or "rejected"
    reason: str


def choose(
    candidates: List[Any], need: Requirement, forced: Optional[Any]
) -> Tuple[Optional[Any], str, List[Verdict]]:
    """(selected candidate or None, the overall reason, one Verdict per candidate).

    Each candidate has ``.probe`` (a dict, or None when probing failed), ``.failure``,
    ``.source`` and ``.path``.
    """
    reasons = [_candidate_misfit(candidate, need) for candidate in candidates]
    fitting = [candidate for candidate, reason in zip(candidates, reasons) if reason is None]
    if forced is not None:
        selected = forced if forced in fitting else None
    else:
        selected = fitting[0] if fitting else None
    verdicts = [
        _verdict(candidate, reason, selected, forced)
        for candidate, reason in zip(candidates, reasons)
    ]
    return selected, _overall_reason(selected, forced, need, candidates, reasons), verdicts


def _candidate_misfit(candidate: Any, need: Requirement) -> Optional[str]:
    if candidate.probe is None:
        return candidate.failure or "could not be probed"
    return misfit(candidate.probe, need)


def _verdict(candidate: Any, reason: Optional[str], selected: Any, forced: Any) -> Verdict:
    if candidate is selected:
        return Verdict("selected", _selected_reason(candidate, forced))
    if reason is not None:
        return Verdict("rejected", reason)
    if forced is not None:
        return Verdict("usable", "fits, but KERAS_PYTHON forces %s" % forced.path)
    return Verdict("usable", "fits; an earlier candidate in discovery order was selected")


def _selected_reason(candidate: Any, forced: Any) -> str:
    if candidate is forced:
        return "forced by KERAS_PYTHON"
    return "first candidate in discovery order that fits (found via %s)" % candidate.source


def _overall_reason(
    selected: Any,
    forced: Any,
    need: Requirement,
    candidates: List[Any],
    reasons: List[Optional[str]],
) -> str:
    wanted = 'implementation "%s", backend "%s" (%s)' % (
        need.implementation,
        need.backend,
        need.describe(),
    )
    if selected is not None:
        return "%s: %s %s" % (_selected_reason(selected, forced), selected.path, "fits " + wanted)
    if forced is not None:
        others = sum(1 for reason in reasons if reason is None)
        return (
            "KERAS_PYTHON=%s does not fit %s: %s. Install what is missing into it, point "
            "KERAS_PYTHON at an interpreter that fits, or unset it to let discovery choose "
            "(%d other candidate%s fit%s)."
            % (
                forced.path,
                wanted,
                reasons[candidates.index(forced)],
                others,
                "" if others == 1 else "s",
                "s" if others == 1 else "",
            )
        )
    if not candidates:
        return "no Python interpreter was found for %s" % wanted
    counts = Counter(_general(reason) for reason in reasons if reason is not None)
    common = "; ".join('"%s" (%d)' % item for item in counts.most_common(4))
    return "none of the %d candidates fits %s: %s" % (len(candidates), wanted, common)


def _general(reason: str) -> str:
    """One summary line for many versions: "Python 3.11 cannot run cntk..." -> "Python > 3.6..."."""
    too_new = re.match(r"^Python \S+ cannot run (.*) \(it needs CPython <= (\S+)\)$", reason)
    if too_new:
        return "Python > %s cannot run %s" % (too_new.group(2), too_new.group(1))
    too_old = re.match(r"^Python \S+ cannot run kerasbridge \(it needs Python >= (\S+)\)$", reason)
    if too_old:
        return "Python < %s cannot run kerasbridge" % too_old.group(1)
    return reason
