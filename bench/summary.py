"""The figures of issue 16, each with its target: one line per figure, shared by the benchmarks.

A benchmark calls ``emit(...)`` for each figure it measures; the line it prints (starting with
``SUMMARY ``) is what bench/run.py collects for its closing table "what | ours | reference |
ratio | target | met". Run alone, a benchmark prints the same lines, readable as they are.
Stdlib only: bench_cntk.py imports it on CPython 3.6.
"""

import json
import os

PREFIX = "SUMMARY "


def emit(what, ours, reference, target, unit="us", ratio=None):
    """Print one figure: ``ours`` against ``reference`` (same unit), met when the ratio is at
    most ``target`` (a ratio given explicitly replaces ours / reference)."""
    if ratio is None:
        ratio = ours / reference if reference else float("inf")
    line = {
        "what": what,
        "ours": _number(ours, unit),
        "reference": _number(reference, unit),
        "ratio": round(ratio, 3),
        "target": "<= %.2fx" % target,
        "met": ratio <= target,
    }
    print(PREFIX + json.dumps(line), flush=True)
    return line


def emit_text(what, ours, reference, ratio, target, met):
    """A figure whose columns are not a plain ratio (memory growth): the caller says met."""
    line = {
        "what": what,
        "ours": ours,
        "reference": reference,
        "ratio": ratio,
        "target": target,
        "met": bool(met),
    }
    print(PREFIX + json.dumps(line), flush=True)
    return line


def _number(value, unit):
    if unit == "us" and value >= 1000:
        return "%.2f ms" % (value / 1000.0)
    if unit == "us":
        return "%.1f us" % value
    return "%.3g %s" % (value, unit)


def parse(line):
    """The figure of a SUMMARY line, or None for any other line."""
    if not line.startswith(PREFIX):
        return None
    return json.loads(line[len(PREFIX) :])


def table(figures):
    """The closing table of bench/run.py, in Markdown."""
    rows = [
        "| what | ours | reference | ratio | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for figure in figures:
        ratio = figure["ratio"]
        rows.append(
            "| %s | %s | %s | %s | %s | %s |"
            % (
                figure["what"],
                figure["ours"],
                figure["reference"],
                ("%.2fx" % ratio) if isinstance(ratio, (int, float)) else ratio,
                figure["target"],
                "met" if figure["met"] else "NOT MET",
            )
        )
    return "\n".join(rows)


def load_average():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "unknown"
