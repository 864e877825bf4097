"""Fault injection: fake interpreters that hang, crash, print garbage or megabytes, cannot run,
or are broken links. Each gets its own reason and the probe returns quickly."""

import json
import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasbridge.discovery import probe, probe_script

from .conftest import write_script

BEGIN, END = probe_script.BEGIN, probe_script.END


def fail(path, timeout=2.0):
    with pytest.raises(probe.ProbeFailure) as caught:
        probe.probe(str(path), {"PATH": ""}, timeout)
    return caught.value.reason


def test_hang_times_out(tmp_path):
    fake = write_script(str(tmp_path / "python"), "#!/bin/sh\nexec /bin/sleep 60\n")
    started = time.monotonic()
    assert fail(fake, timeout=1.0) == "probe timed out after 1 s"
    assert time.monotonic() - started < 4


def test_hang_in_a_child_holding_the_output_is_ended_too(tmp_path):
    pid_file = tmp_path / "child.pid"
    fake = write_script(
        str(tmp_path / "python"), "#!/bin/sh\n/bin/sleep 60 &\necho $! > '%s'\nexit 0\n" % pid_file
    )
    assert fail(fake, timeout=1.0) == "probe timed out after 1 s"
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert not _alive(child), "the probe's child process survived the timeout"


def _alive(pid):
    try:
        with open("/proc/%d/status" % pid) as handle:
            return "zombie" not in handle.read()
    except OSError:
        return False


@pytest.mark.parametrize(
    "script, reason",
    [
        (
            "#!/bin/sh\necho 'Fatal Python error: init' >&2\nkill -SEGV $$\n",
            'crashed (SIGSEGV): "Fatal Python error: init"',
        ),
        ("#!/bin/sh\necho oops >&2\nexit 3\n", 'exited with status 3: "oops"'),
        (
            "#!/bin/sh\necho hello world\n",
            'printed no probe result: not a Python interpreter: "hello world"',
        ),
        ("#!/bin/sh\nexit 0\n", "printed nothing: not a Python interpreter"),
        ("#!/bin/sh\nexec /usr/bin/yes kerasbridge\n", "printed more than 1 MB; stopped it"),
        (
            "#!/bin/sh\necho '%s'\necho '{\"version\": {\"x\": 1}}'\necho '%s'\n" % (BEGIN, END),
            "printed an invalid probe result (version: {'x': 1})",
        ),
        (
            "#!/bin/sh\necho '%s'\necho '[1, 2'\necho '%s'\n" % (BEGIN, END),
            "printed an invalid probe result (not UTF-8 JSON)",
        ),
        (
            "#!/bin/sh\necho '%s'\necho '{\"probe_error\": \"OSError: boom\"}'\necho '%s'\n"
            % (BEGIN, END),
            "the probe failed inside it: OSError: boom",
        ),
        ("#!/nonexistent/interpreter\n", "cannot start: its program interpreter does not exist"),
        ("\x7fELF but not really\x00\x01", "not a program this system can run (exec format error)"),
    ],
    ids=[
        "crash",
        "exit-status",
        "garbage",
        "silent",
        "megabytes",
        "hostile-json",
        "bad-json",
        "probe-error",
        "missing-shebang-target",
        "exec-format",
    ],
)
def test_misbehaving_interpreters_get_a_reason(tmp_path, script, reason):
    fake = write_script(str(tmp_path / "python"), script)
    started = time.monotonic()
    assert fail(fake) == reason
    assert time.monotonic() - started < 2


def test_not_executable(tmp_path):
    fake = write_script(str(tmp_path / "python"), "#!/bin/sh\n", mode=0o644)
    assert fail(fake) == "not executable (no execute permission)"


def test_broken_symlink(tmp_path):
    os.symlink("/nonexistent/python3", str(tmp_path / "python"))
    assert fail(tmp_path / "python") == (
        "broken symbolic link (to /nonexistent/python3, which does not exist)"
    )


def test_looping_symlink(tmp_path):
    os.symlink(str(tmp_path / "b"), str(tmp_path / "a"))
    os.symlink(str(tmp_path / "a"), str(tmp_path / "b"))
    assert fail(tmp_path / "a") == "symbolic link loop"


def test_folder(tmp_path):
    (tmp_path / "python").mkdir()
    assert fail(tmp_path / "python") == "is a folder, not an executable"


def test_missing(tmp_path):
    assert fail(tmp_path / "python") == "does not exist"


# --- the reader never trusts what it reads -------------------------------------------------


def _valid_body():
    return {
        "version": "3.11.7",
        "implementation_name": "cpython",
        "architecture": "x86_64",
        "platform": "linux",
        "pointer_bits": 64,
        "executable": "/e/bin/python",
        "prefix": "/e",
        "base_prefix": "/b",
        "shared_library": True,
        "libpython": None,
        "user_site": None,
        "path": ["/e/lib"],
        "packages": {
            "kerasbridge": {
                "version": "0.1.0",
                "location": "/e/k/__init__.py",
                "version_file": None,
            }
        },
        "unknown_field": "ignored",
    }


def _output(body):
    return ("noise\n%s\n%s\n%s\nmore noise\n" % (BEGIN, json.dumps(body), END)).encode()


def test_valid_output_keeps_known_fields_only():
    result = probe.interpret(0, _output(_valid_body()), b"")
    assert "unknown_field" not in result
    assert result["packages"]["kerasbridge"]["version"] == "0.1.0"
    assert result["packages"]["cntk"] is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("path", ["relative/dir"]),
        ("path", ["/ok", 3]),
        ("prefix", "/a\x00b"),
        ("shared_library", "yes"),
        ("pointer_bits", True),
        ("version", "3.11.7; rm -rf /"),
        ("packages", {"cntk": {"version": "x" * 500, "location": "/c"}}),
        ("packages", {"cntk": "2.7"}),
        ("path", ["/p"] * 10000),
    ],
    ids=[
        "relative",
        "not-a-string",
        "nul",
        "bool-as-string",
        "bool-as-int",
        "injection",
        "long-version",
        "package-not-object",
        "huge-list",
    ],
)
def test_malformed_fields_fail_the_probe(field, value):
    body = _valid_body()
    body[field] = value
    with pytest.raises(probe.ProbeFailure) as caught:
        probe.interpret(0, _output(body), b"")
    assert caught.value.reason.startswith("printed an invalid probe result")


@settings(max_examples=300, deadline=None)
@given(
    returncode=st.integers(-64, 255),
    stdout=st.binary(max_size=400),
    stderr=st.binary(max_size=200),
    inject=st.booleans(),
)
def test_any_output_gives_a_result_or_a_reason(returncode, stdout, stderr, inject):
    if inject:
        stdout = BEGIN.encode() + stdout + END.encode()
    try:
        result = probe.interpret(returncode, stdout, stderr)
    except probe.ProbeFailure as failure:
        assert failure.reason and "\n" not in failure.reason
    else:
        assert isinstance(result, dict)
