"""Builds the engine reference table from the conformance run's measurements.

Each engine's conformance session, run with KERASBRIDGE_CONFORMANCE_REPORT set (scripts/test.sh
does), writes ``conformance-<engine>.json`` (tests/conformance/measure.py): for every test, its
outcome, the spec functions it called and the largest difference of its NumPy comparisons.
This script joins them per function and engine and writes one JSON file, which
vignettes/reference.Rmd turns into the table; ``--summary`` prints the README's engine summary.

How a test's difference is credited to functions (the same rules the vignette states):
- every function the test called, except the *carriers* (constant, variable, placeholder,
  function, eval, ...: the way values go in and out of nearly every test), which are credited
  only by tests that call nothing but carriers;
- a test that calls ``gradients`` compares with finite differences, whose own error dominates:
  its difference is credited to ``gradients`` alone.
Only passed tests give differences; a failed or known-divergent (xfail) test marks the functions
it is credited to. Functions no test called are reported as not exercised.

The differential suite (tests/differential) writes ``differential-<engine>.json``: each case's
function and outcome against Keras 2.3.1's own backends. They become the "matches Keras 2.3.1"
table (``keras_2_3_1`` of each function row) and its list of divergences.

    python docs/reference.py [--reports .cache/reports] [--output .cache/docs/reference.json]
    python docs/reference.py --summary
"""

import argparse
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bridge"))

from kerasbridge.api import SPEC  # noqa: E402

FORMAT = 1
ENGINES = (  # (id, title, what it is)
    ("tensorflow", "TensorFlow", 'kerasbridge\'s engine on TensorFlow (implementation "keras")'),
    ("tf_keras", "tf_keras", 'TensorFlow\'s own Keras 2 backend (implementation "tensorflow")'),
    ("theano", "Theano", "kerasbridge's theano engine on Theano 1.0.5"),
    ("pytensor", "PyTensor", "kerasbridge's theano engine on PyTensor"),
    ("cntk", "CNTK", "kerasbridge's engine on CNTK 2.7 (CPython 3.6)"),
    ("jax", "JAX", "kerasbridge's engine on JAX 0.6.2"),
)
CARRIERS = frozenset(
    (
        "constant",
        "variable",
        "placeholder",
        "function",
        "eval",
        "get_value",
        "batch_get_value",
        "floatx",
        "epsilon",
        "dtype",
        "int_shape",
        "ndim",
        "image_data_format",
    )
)
GRADIENT_CHECK = "gradients"


def credited(calls):
    """The functions a passed test's difference is credited to."""
    calls = set(calls)
    if GRADIENT_CHECK in calls:
        return {GRADIENT_CHECK}
    subjects = calls - CARRIERS
    return subjects if subjects else calls


KERAS_STATUSES = ("matches", "differs", "fails", "no oracle", "not compared", "no report")


def load_differential(folder):
    reports = {}
    for path in sorted(glob.glob(os.path.join(folder, "differential-*.json"))):
        with open(path) as stream:
            report = json.load(stream)
        reports[report["engine"]] = report
    return reports


def keras_notes(differential, notes):
    """One note per divergence reason, naming its cases and engines: {reason: note number}."""
    titles = {engine: title for engine, title, _ in ENGINES}
    reasons = {}
    for engine, _, _ in ENGINES:
        report = differential.get(engine)
        for case_id, case in sorted((report or {"cases": {}})["cases"].items()):
            if case["outcome"] == "xfailed":
                entry = reasons.setdefault(case["reason"], {"cases": [], "engines": []})
                if case_id not in entry["cases"]:
                    entry["cases"].append(case_id)
                if titles[engine] not in entry["engines"]:
                    entry["engines"].append(titles[engine])
    numbers = {}
    for reason, entry in reasons.items():
        numbers[reason] = notes.number("keras", None, reason)
        note = notes.items[numbers[reason] - 1]
        note["cases"], note["engines"] = sorted(entry["cases"]), entry["engines"]
    return numbers


def keras_cells_for_engine(engine, report, note_numbers):
    """{function name: parity cell} for one engine, from its differential report.

    matches: every case of the function passed; differs: some case is a known divergence (its
    note gives the reason; the others passed); fails: some case failed in this run; no oracle:
    Keras 2.3.1 could not run any case of the function; not compared: no case names it.
    """
    found = {}
    for _, case in sorted(report["cases"].items()):
        name = case.get("function")
        if name is None:
            continue
        entry = found.setdefault(
            name, {"passed": 0, "xfailed": 0, "failed": 0, "skipped": 0, "notes": []}
        )
        outcome = case["outcome"]
        entry[outcome if outcome in entry else "failed"] += 1
        if outcome == "xfailed":
            number = note_numbers[case["reason"]]
            if number not in entry["notes"]:
                entry["notes"].append(number)
    cells = {}
    for name in SPEC:
        entry = found.get(name)
        if entry is None:
            cells[name] = {"status": "not compared", "cases": 0, "notes": []}
            continue
        if entry["failed"]:
            status = "fails"
        elif entry["xfailed"]:
            status = "differs"
        elif entry["passed"]:
            status = "matches"
        else:
            status = "no oracle"
        cells[name] = {
            "status": status,
            "cases": entry["passed"],
            "divergent": entry["xfailed"],
            "failed": entry["failed"],
            "notes": entry["notes"],
        }
    return cells


def load_reports(folder):
    reports = {}
    for path in sorted(glob.glob(os.path.join(folder, "conformance-*.json"))):
        with open(path) as stream:
            report = json.load(stream)
        reports[report["engine"]] = report
    return reports


class Notes(object):
    """Footnotes shared by the table: one number per distinct (kind, engine, text)."""

    def __init__(self):
        self.items = []
        self._numbers = {}

    def number(self, kind, engine, text):
        key = (kind, engine, text)
        if key not in self._numbers:
            self.items.append(
                {"number": len(self.items) + 1, "kind": kind, "engine": engine, "text": text}
            )
            self._numbers[key] = len(self.items)
        return self._numbers[key]


def cells_for_engine(engine, report, notes):
    """{function name: cell} for one engine."""
    usage = {name: {"passed": 0, "failed": [], "xfailed": {}, "errors": []} for name in SPEC}
    for test_id, test in report["tests"].items():
        outcome = test["outcome"]
        subjects = credited(test["calls"]) & set(usage)
        if outcome == "passed":
            for name in set(test["calls"]) & set(usage):
                usage[name]["passed"] += 1
            if test["comparisons"] and test["max_abs_error"] is not None:
                for name in subjects:
                    usage[name]["errors"].append(test["max_abs_error"])
        for name in subjects:  # a failure or divergence is blamed on the test's subjects
            if outcome == "failed":
                usage[name]["failed"].append(test_id)
            elif outcome == "xfailed":
                usage[name]["xfailed"][test_id] = test["reason"] or "known divergence"
    cells = {}
    for name in SPEC:
        cells[name] = cell(engine, name, report["unsupported"].get(name), usage[name], notes)
    return cells


def cell(engine, name, unsupported_reason, used, notes):
    found = {
        "status": None,
        "error": None,
        "tests": used["passed"],
        "failed": len(used["failed"]),
        "notes": [],
    }
    if unsupported_reason is not None:
        found["status"] = "unsupported"
        found["notes"].append(notes.number("unsupported", engine, unsupported_reason))
        return found
    for reason in sorted(set(used["xfailed"].values())):
        found["notes"].append(notes.number("divergence", engine, reason))
    if used["errors"]:
        found["error"] = max(used["errors"])
    if used["failed"]:
        found["status"] = "failing"
        found["failed_tests"] = sorted(used["failed"])
    elif used["errors"]:
        found["status"] = "measured"
    elif used["passed"]:
        found["status"] = "checked"
    elif used["xfailed"]:
        found["status"] = "diverges"
    else:
        found["status"] = "not exercised"
    return found


def engine_summary(engine, title, about, report, cells):
    summary = {"id": engine, "title": title, "about": about, "report": report is not None}
    if report is None:
        return summary
    outcomes = {}
    for test in report["tests"].values():
        outcomes[test["outcome"]] = outcomes.get(test["outcome"], 0) + 1
    errors = [c["error"] for c in cells.values() if c["error"] is not None]
    summary.update(
        implementation=report["implementation"],
        backend=report["backend"],
        libraries=report["libraries"],
        python=report["python"],
        numpy=report["numpy"],
        created=report["created"],
        supported=len(SPEC) - len(report["unsupported"]),
        unsupported=len(report["unsupported"]),
        exercised=sum(1 for c in cells.values() if c["tests"] > 0),
        measured=sum(1 for c in cells.values() if c["error"] is not None),
        failing=sum(1 for c in cells.values() if c["status"] == "failing"),
        max_error=max(errors) if errors else None,
        tests={
            outcome: outcomes.get(outcome, 0)
            for outcome in ("passed", "failed", "xfailed", "skipped")
        },
        failed_tests=sorted(
            test_id for test_id, test in report["tests"].items() if test["outcome"] == "failed"
        ),
    )
    return summary


def build(reports, differential=None):
    notes = Notes()
    differential = differential or {}
    engines, columns, keras_columns = [], {}, {}
    note_numbers = keras_notes(differential, notes)
    for engine, title, about in ENGINES:
        report = reports.get(engine)
        cells = cells_for_engine(engine, report, notes) if report is not None else {}
        columns[engine] = cells
        summary = engine_summary(engine, title, about, report, cells)
        parity = differential.get(engine)
        keras_columns[engine] = (
            keras_cells_for_engine(engine, parity, note_numbers) if parity is not None else {}
        )
        summary["keras_2_3_1"] = keras_summary(parity)
        engines.append(summary)
    functions = []
    for name, spec in sorted(SPEC.items()):
        row = {
            "name": name,
            "signature": "%s%s" % (name, spec.signature),
            "doc": spec.doc,
            "cells": {},
        }
        for engine, _, _ in ENGINES:
            row["cells"][engine] = columns[engine].get(
                name, {"status": "no report", "error": None, "tests": 0, "failed": 0, "notes": []}
            )
        row["keras_2_3_1"] = {
            engine: keras_columns[engine].get(
                name, {"status": "no report", "cases": 0, "notes": []}
            )
            for engine, _, _ in ENGINES
        }
        functions.append(row)
    return {
        "format": FORMAT,
        "spec_size": len(SPEC),
        "engines": engines,
        "functions": functions,
        "notes": notes.items,
        "carriers": sorted(CARRIERS),
        "gradient_check": GRADIENT_CHECK,
    }


def keras_summary(report):
    """Per engine: the differential cases by outcome, and the oracle, or None without a report."""
    if report is None:
        return None
    outcomes = {}
    for case in report["cases"].values():
        outcomes[case["outcome"]] = outcomes.get(case["outcome"], 0) + 1
    return {
        "oracle": report["oracle"],
        "cases": {
            outcome: outcomes.get(outcome, 0)
            for outcome in ("passed", "failed", "xfailed", "skipped")
        },
    }


def summary_markdown(table):
    """The README's engine table: per engine, the functions supported and the test outcomes."""
    lines = [
        "| engine | libraries | Python | functions supported | conformance tests: passed "
        "/ failed / known divergences |",
        "|---|---|---|---|---|",
    ]
    for engine in table["engines"]:
        if not engine["report"]:
            lines.append("| %s | (no conformance report) | | | |" % engine["title"])
            continue
        libraries = ", ".join("%s %s" % item for item in sorted(engine["libraries"].items()))
        tests = engine["tests"]
        lines.append(
            "| %s | %s | %s | %d of %d | %d / %d / %d |"
            % (
                engine["title"],
                libraries,
                engine["python"],
                engine["supported"],
                table["spec_size"],
                tests["passed"],
                tests["failed"],
                tests["xfailed"],
            )
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reports",
        default=os.path.join(ROOT, ".cache", "reports"),
        help="folder of conformance-<engine>.json and differential-<engine>.json files",
    )
    parser.add_argument("--output", default=os.path.join(ROOT, ".cache", "docs", "reference.json"))
    parser.add_argument(
        "--summary",
        action="store_true",
        help="print the README's engine table (markdown) instead of writing",
    )
    arguments = parser.parse_args(argv)
    table = build(load_reports(arguments.reports), load_differential(arguments.reports))
    if arguments.summary:
        print(summary_markdown(table))
        return 0
    folder = os.path.dirname(os.path.abspath(arguments.output))
    if not os.path.isdir(folder):
        os.makedirs(folder)
    temporary = arguments.output + ".tmp"
    with open(temporary, "w") as stream:
        json.dump(table, stream, indent=1, sort_keys=True)
    os.replace(temporary, arguments.output)
    present = [e["id"] for e in table["engines"] if e["report"]]
    missing = [e["id"] for e in table["engines"] if not e["report"]]
    print(
        "reference table: %d functions x %d engines -> %s (reports: %s%s)"
        % (
            len(table["functions"]),
            len(ENGINES),
            arguments.output,
            ", ".join(present) or "none",
            "; missing: %s" % ", ".join(missing) if missing else "",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
