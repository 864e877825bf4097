"""The docs target renders every vignette, and the pages say what they should.

docs/render.sh runs once for the module (every chunk evaluated on the real engines; an
unexpected error in a chunk fails the render). The checks read the rendered HTML: headings,
code, output, the deliberate errors and no others, and the engine reference's full table.
"""

import json
import os
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kerasbridge.api import SPEC

pytestmark = [pytest.mark.slow, pytest.mark.r]

REPO_ROOT = Path(__file__).resolve().parents[2]
VIGNETTES = ("backends", "python", "reference")
ENGINES = ("tensorflow", "tf_keras", "theano", "pytensor", "cntk", "jax")
ENGINE_TITLES = ("TensorFlow", "tf_keras", "Theano", "PyTensor", "CNTK", "JAX")
STATUSES = {
    "measured",
    "checked",
    "unsupported",
    "failing",
    "diverges",
    "not exercised",
    "no report",
}
RENDER_BUDGET_SECONDS = 300

# The errors each page shows on purpose (chunks with error = TRUE), by a piece of their text.
DELIBERATE_ERRORS = {
    "backends": [
        "use_backend(): `name` must be one of",
        "key 'floatx' must be one of",
        "placeholder(): shape[0] must be a non-negative integer, got 2.0 (float). "
        "From R, write 2L.",
        "ones(): shape[0] must be a non-negative integer, got NA",
        'use_backend("theano"): the kerasbridge backend is already running',
    ],
    "python": [
        "BackendAlreadyLoadedError",
        "floatx (explicit) must be one of",
        "placeholder(): shape[0] must be a non-negative integer, got 2.0 (float).",
    ],
    "reference": [],
}


class Page(HTMLParser):
    """What the checks need from a rendered page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []  # (level, text)
        self.code_blocks = []  # (language classes, text)
        self.reference_rows = []  # [(function name, {engine: status})]
        self.reference_header = []
        self.text = []
        self._stack = []
        self._heading = None
        self._code = None
        self._row = None
        self._in_reference = False
        self._in_header = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("h1", "h2", "h3"):
            self._heading = (int(tag[1]), [])
        elif tag == "pre":
            self._code = (classes, [])
        elif tag == "table" and "reference" in classes:
            self._in_reference = True
        elif self._in_reference and tag == "thead":
            self._in_header = True
        elif self._in_reference and tag == "tr" and not self._in_header:
            self._row = [None, {}]
        elif self._row is not None and tag == "td" and "fn" in classes:
            self._row[0] = attrs.get("id", "")[len("fn-") :]
        elif self._row is not None and tag == "td" and "data-engine" in attrs:
            self._row[1][attrs["data-engine"]] = attrs.get("data-status")
        self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append((self._heading[0], "".join(self._heading[1]).strip()))
            self._heading = None
        elif tag == "pre" and self._code is not None:
            self.code_blocks.append((self._code[0], "".join(self._code[1])))
            self._code = None
        elif tag == "table" and self._in_reference:
            self._in_reference = False
        elif tag == "thead":
            self._in_header = False
        elif tag == "tr" and self._row is not None:
            self.reference_rows.append(tuple(self._row))
            self._row = None
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading[1].append(data)
        if self._code is not None:
            self._code[1].append(data)
        if self._in_reference and self._in_header and self._stack and self._stack[-1] == "th":
            self.reference_header.append(data.strip())

    @property
    def outputs(self):
        """Every printed output line of the page (knitr's "#>" lines)."""
        return [
            line[2:].strip()
            for _, block in self.code_blocks
            for line in block.splitlines()
            if line.startswith("#>")
        ]

    def heading_texts(self, level):
        return [text for found, text in self.headings if found == level]


@pytest.fixture(scope="module")
def rendered():
    """docs/render.sh, into the docs target's folder (.cache/docs, or KERASBRIDGE_DOCS_DIR) so
    that a test run leaves the pages it checked; the pages parsed, the JSON, the seconds."""
    if shutil.which("Rscript") is None or shutil.which("pandoc") is None:
        pytest.skip("R and pandoc are needed to render the vignettes (make setup installs them)")
    output = Path(os.environ.get("KERASBRIDGE_DOCS_DIR") or REPO_ROOT / ".cache" / "docs")
    environ = dict(os.environ, KERASBRIDGE_DOCS_DIR=str(output))
    started = time.monotonic()
    result = subprocess.run(
        [str(REPO_ROOT / "docs" / "render.sh")],
        cwd=str(REPO_ROOT),
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=2 * RENDER_BUDGET_SECONDS,
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, "docs/render.sh failed:\n%s" % result.stdout
    pages = {}
    for name in VIGNETTES:
        text = (output / ("%s.html" % name)).read_text(encoding="utf-8")
        page = Page()
        page.feed(text)
        pages[name] = (text, page)
    reference = json.loads((output / "reference.json").read_text(encoding="utf-8"))
    return {"pages": pages, "seconds": seconds, "reference": reference, "log": result.stdout}


def test_render_stays_within_its_budget(rendered):
    assert rendered["seconds"] < RENDER_BUDGET_SECONDS, rendered["log"]


@pytest.mark.parametrize("name", VIGNETTES)
def test_page_has_title_sections_code_and_output(rendered, name):
    text, page = rendered["pages"][name]
    assert len(page.heading_texts(1)) == 1
    assert len(page.heading_texts(2)) >= 3, page.headings
    if name != "reference":
        assert len(page.code_blocks) >= 10
        assert len(page.outputs) >= 20
    if name != "python":  # the Python page has no table
        assert "<table" in text and "<th" in text and "<td" in text


@pytest.mark.parametrize("name", VIGNETTES)
def test_only_deliberate_errors_are_shown(rendered, name):
    text, page = rendered["pages"][name]
    shown = [line for line in page.outputs if line.startswith("Error")]
    expected = DELIBERATE_ERRORS[name]
    for line in shown:
        assert any(piece in line for piece in expected), "unexpected error on the page: %s" % line
    joined = "\n".join(page.outputs)
    for piece in expected:
        assert piece in joined, "the deliberate error %r is missing" % piece
    for sign in ("Traceback", "Warning message", "Execution halted", "The process exited"):
        assert sign not in joined, "%s on the %s page" % (sign, name)


def test_backends_page_runs_the_example_on_every_engine(rendered):
    _, page = rendered["pages"]["backends"]
    outputs = "\n".join(page.outputs)
    assert '[1] "tensorflow"' in outputs
    assert "theano engine, Python 3.11" in outputs
    assert "cntk engine, Python 3.6" in outputs
    assert outputs.count("loss 50.625   gradient 40.5 54.0 67.5") == 2
    assert "backend            tensorflow" in outputs  # keras_settings() after backend()
    assert "environment variable KERAS_BACKEND" in outputs
    assert "use_backend()" in outputs
    assert re.search(r"keras\.json \(.*keras-home/keras\.json\)", outputs)
    headings = page.heading_texts(2)
    for expected in (
        "What the backend is",
        "Choosing an engine",
        "Environment variables",
        "The configuration file",
        "Using the backend from R",
        "Interpreters and discovery",
    ):
        assert expected in headings


def test_python_page_runs_python_shell_and_every_engine(rendered):
    _, page = rendered["pages"]["python"]
    languages = {cls for classes, _ in page.code_blocks for cls in classes}
    assert {"python", "bash"} <= languages, languages
    outputs = "\n".join(page.outputs)
    for engine in ("tensorflow", "theano", "cntk"):
        assert "%s engine: loss 50.625" % engine in outputs
    assert outputs.count("tensorflow engine: loss 50.625") == 2  # keras and tf_keras
    assert "matches NumPy: True" in outputs  # a weight penalty's gradient
    assert "keras.json:" in outputs
    assert "env:KERAS_BACKEND" in outputs
    assert ".venv-cntk/bin/python" in outputs
    assert 'get_session() is not supported by the "theano" engine' in outputs


def test_reference_lists_every_function_for_every_engine(rendered):
    _, page = rendered["pages"]["reference"]
    assert page.reference_header == ["function"] + list(ENGINE_TITLES)
    names = [name for name, _ in page.reference_rows]
    assert names == sorted(SPEC)
    for name, cells in page.reference_rows:
        assert sorted(cells) == sorted(ENGINES), name
        assert set(cells.values()) <= STATUSES, (name, cells)


def test_reference_uses_every_report_of_the_run(rendered):
    """An engine whose conformance report exists has no "no report" cell, and its numbers are
    those of reference.json, which docs/reference.py built from the reports."""
    _, page = rendered["pages"]["reference"]
    reference = rendered["reference"]
    reported = {engine["id"] for engine in reference["engines"] if engine["report"]}
    reports = REPO_ROOT / ".cache" / "reports"
    on_disk = {
        path.name[len("conformance-") : -len(".json")]
        for path in reports.glob("conformance-*.json")
    }
    if "KERASBRIDGE_REPORTS" not in os.environ:
        assert reported == on_disk & set(ENGINES)
    statuses = dict(page.reference_rows)
    for row in reference["functions"]:
        for engine in ENGINES:
            expected = row["cells"][engine]["status"]
            assert statuses[row["name"]][engine] == expected
            assert (expected == "no report") == (engine not in reported)


def test_reference_shows_measured_numbers_and_reasons(rendered):
    text, _ = rendered["pages"]["reference"]
    reference = rendered["reference"]
    for row in reference["functions"]:
        for engine in ENGINES:
            cell = row["cells"][engine]
            if cell["status"] == "measured":
                shown = "0" if cell["error"] == 0 else "%.1e" % cell["error"]
                pattern = r'data-engine="%s" data-status="measured">%s<' % (engine, shown)
                found = re.search(
                    r'<td class="cell measured" title="%s on [^"]*" %s'
                    % (re.escape(row["name"]), pattern),
                    text,
                )
                assert found, (row["name"], engine, shown)
    _, page = rendered["pages"]["reference"]
    shown = "".join(page.text)
    for note in reference["notes"]:
        assert note["text"] in shown
