"""Running the probe script inside a candidate, and reading what it prints as untrusted input.

The candidate runs with no shell, stdin closed, in a fresh empty temporary folder, with
PYTHONPATH/PYTHONHOME/PYTHONSTARTUP (and PYTHONINSPECT, which would turn ``-c`` into an
interactive session) removed, and in its own process group so that a timeout also ends
whatever it started. Output beyond MAX_OUTPUT stops the candidate.
"""

import errno
import json
import os
import re
import signal
import stat
import time
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..engines import probe_packages
from . import probe_script

# subprocess, selectors, tempfile and shutil are imported where a probe runs: a warm scan only
# validates cached results and would pay ~10 ms of imports for nothing.

MAX_OUTPUT = 1 << 20  # bytes of stdout kept; a real probe prints about 2 KB
_STDERR_LIMIT = 1 << 16  # beyond this, only the head and tail of stderr are kept
_STDERR_KEPT = 1 << 13
_REMOVED_VARIABLES = (
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONINSPECT",
    "PYTHONEXECUTABLE",
    "__PYVENV_LAUNCHER__",
)
_SCRIPT = None  # type: Optional[str]


class ProbeFailure(Exception):
    """The candidate could not be probed; ``reason`` says why, in a few words."""

    def __init__(self, reason: str) -> None:
        super(ProbeFailure, self).__init__(reason)
        self.reason = reason


_PACKAGES_LINE = 'PACKAGES = {"kerasbridge": ("kerasbridge",)}  # replaced at launch\n'


def script_text() -> str:
    """The probe script as it runs: its package table generated from the engine registry."""
    global _SCRIPT
    if _SCRIPT is None:
        with open(probe_script.__file__.replace(".pyc", ".py"), encoding="utf-8") as handle:
            text = handle.read()
        if text.count(_PACKAGES_LINE) != 1:
            raise RuntimeError(
                "%s must hold the line %r once (probe.script_text replaces it with the "
                "registry's package table); restore it." % (probe_script.__file__, _PACKAGES_LINE)
            )
        table = "PACKAGES = %r\n" % (probe_packages(),)
        _SCRIPT = text.replace(_PACKAGES_LINE, table)
    return _SCRIPT


def precheck(path: str) -> Optional[str]:
    """Why a path cannot be run at all (without running it), or None when it can be tried."""
    if not os.path.lexists(path):
        return "does not exist"
    try:
        status = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if error.errno == errno.ENOENT:
            return "broken symbolic link (to %s, which does not exist)" % _link_target(path)
        return "cannot be read: %s" % (error.strerror or error)
    if stat.S_ISDIR(status.st_mode):
        return "is a folder, not an executable"
    if not os.access(path, os.X_OK):
        return "not executable (no execute permission)"
    return None


def clean_environment(environ: Mapping[str, str]) -> Dict[str, str]:
    child = {key: value for key, value in environ.items() if key not in _REMOVED_VARIABLES}
    child["PYTHONIOENCODING"] = "utf-8"
    child["PYTHONDONTWRITEBYTECODE"] = "1"  # discovery writes nothing into environments
    return child


def probe(path: str, environ: Mapping[str, str], timeout: float) -> Dict[str, Any]:
    """The validated probe result of one candidate, or ProbeFailure."""
    import shutil
    import tempfile

    reason = precheck(path)
    if reason is not None:
        raise ProbeFailure(reason)
    folder = tempfile.mkdtemp(prefix="kerasbridge-probe-")
    try:
        returncode, stdout, stderr = run_bounded(
            [path, "-c", script_text()], folder, clean_environment(environ), timeout
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return interpret(returncode, stdout, stderr)


def run_bounded(
    argv: List[str], cwd: str, environ: Mapping[str, str], timeout: float
) -> Tuple[int, bytes, bytes]:
    """Run without a shell; stop at the timeout or after MAX_OUTPUT bytes of stdout."""
    import subprocess

    try:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=dict(environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            close_fds=True,
            start_new_session=True,
        )
    except OSError as error:
        raise ProbeFailure(_start_failure(error)) from None
    try:
        stdout, stderr = _read_all(process, time.monotonic() + timeout, timeout)
        return _wait(process, time.monotonic() + 1.0, timeout), bytes(stdout), bytes(stderr)
    except BaseException:
        _kill_group(process)  # not reaped yet, so its process group id is still its own
        raise
    finally:
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _read_all(process: Any, deadline: float, timeout: float):
    import selectors

    stdout, stderr = bytearray(), bytearray()
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ, stdout)
        selector.register(process.stderr, selectors.EVENT_READ, stderr)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProbeFailure("probe timed out after %s s" % _seconds(timeout))
            for key, _ in selector.select(remaining):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                key.data.extend(chunk)
                if len(stdout) > MAX_OUTPUT:
                    raise ProbeFailure("printed more than %d MB; stopped it" % (MAX_OUTPUT >> 20))
                if len(stderr) > _STDERR_LIMIT:
                    del stderr[_STDERR_KEPT:-_STDERR_KEPT]
    return stdout, stderr


def _wait(process: Any, deadline: float, timeout: float) -> int:
    """Both pipes are closed; a process that lingers after closing them is a hang too."""
    import subprocess

    try:
        return process.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise ProbeFailure("probe timed out after %s s" % _seconds(timeout)) from None


def _kill_group(process: Any) -> None:
    import subprocess

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass  # already gone
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        pass


def _start_failure(error: OSError) -> str:
    if error.errno == errno.ENOEXEC:
        return "not a program this system can run (exec format error)"
    if error.errno == errno.EACCES:
        return "not executable (permission denied)"
    if error.errno == errno.ENOENT:
        return "cannot start: its program interpreter does not exist"
    return "cannot start: %s" % (error.strerror or error)


# --- reading the output --------------------------------------------------------------------


def interpret(returncode: int, stdout: bytes, stderr: bytes) -> Dict[str, Any]:
    body = _between_markers(stdout)
    if body is None:
        raise ProbeFailure(_no_result_reason(returncode, stdout, stderr))
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProbeFailure("printed an invalid probe result (not UTF-8 JSON)") from None
    if isinstance(data, dict) and isinstance(data.get("probe_error"), str):
        raise ProbeFailure("the probe failed inside it: %s" % _clip(data["probe_error"], 200))
    return validate(data)


def _between_markers(stdout: bytes) -> Optional[bytes]:
    begin = stdout.rfind(probe_script.BEGIN.encode("ascii"))
    if begin < 0:
        return None
    end = stdout.find(probe_script.END.encode("ascii"), begin)
    if end < 0:
        return None
    return stdout[begin + len(probe_script.BEGIN) : end].strip()


def _no_result_reason(returncode: int, stdout: bytes, stderr: bytes) -> str:
    last_error = _error_line(stderr)
    if returncode < 0:
        return "crashed (%s)%s" % (_signal_name(-returncode), _quoted(last_error))
    if returncode != 0:
        return "exited with status %d%s" % (returncode, _quoted(last_error))
    shown = _last_line(stdout) or last_error
    if not shown:
        return "printed nothing: not a Python interpreter"
    return "printed no probe result: not a Python interpreter%s" % _quoted(shown)


# --- validating the untrusted result -------------------------------------------------------

_VERSION = re.compile(r"^\d+\.\d+\.\d+[A-Za-z0-9.+]{0,20}$")
_WORD = re.compile(r"^[A-Za-z0-9_.+-]{1,64}$")
_MAX_PATH = 4096
_MAX_PATH_ENTRIES = 512


def validate(data: Any) -> Dict[str, Any]:
    """Keep the known fields, each checked; anything malformed fails the whole probe."""
    if not isinstance(data, dict):
        raise _invalid("not a JSON object")
    result = {
        "version": _matching(data, "version", _VERSION),
        "implementation_name": _matching(data, "implementation_name", _WORD).lower(),
        "architecture": _matching(data, "architecture", _WORD),
        "platform": _matching(data, "platform", _WORD),
        "pointer_bits": _integer(data, "pointer_bits"),
        "executable": _path(data, "executable", optional=True),
        "prefix": _path(data, "prefix"),
        "base_prefix": _path(data, "base_prefix"),
        "shared_library": _boolean(data, "shared_library"),
        "libpython": _path(data, "libpython", optional=True),
        "user_site": _path(data, "user_site", optional=True),
        "path": _paths(data, "path"),
        "packages": _packages(data.get("packages")),
    }
    return result


def _invalid(why: str) -> ProbeFailure:
    return ProbeFailure("printed an invalid probe result (%s)" % why)


def _matching(data: Dict[str, Any], key: str, pattern: Any) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not pattern.match(value):
        raise _invalid("%s: %s" % (key, _clip(repr(value), 60)))
    return value


def _integer(data: Dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 1024:
        raise _invalid("%s: %s" % (key, _clip(repr(value), 60)))
    return value


def _boolean(data: Dict[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise _invalid("%s: %s" % (key, _clip(repr(value), 60)))
    return value


def _path(data: Dict[str, Any], key: str, optional: bool = False) -> Optional[str]:
    value = data.get(key)
    if value is None and optional:
        return None
    if not _is_path(value):
        raise _invalid("%s: %s" % (key, _clip(repr(value), 60)))
    return value


def _is_path(value: Any) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= _MAX_PATH
        and "\x00" not in value
        and (os.path.isabs(value) or value == "(editable install)")
    )


def _paths(data: Dict[str, Any], key: str) -> List[str]:
    value = data.get(key)
    if not isinstance(value, list) or len(value) > _MAX_PATH_ENTRIES:
        raise _invalid("%s is not a list of paths" % key)
    if not all(_is_path(entry) for entry in value):
        raise _invalid("%s holds something other than absolute paths" % key)
    return list(value)


def _packages(value: Any) -> Dict[str, Optional[Dict[str, Optional[str]]]]:
    if not isinstance(value, dict):
        raise _invalid("packages is not an object")
    packages = {}  # type: Dict[str, Optional[Dict[str, Optional[str]]]]
    for name in probe_packages():
        entry = value.get(name)
        if entry is None:
            packages[name] = None
            continue
        if not isinstance(entry, dict):
            raise _invalid("packages.%s is not an object" % name)
        version = entry.get("version")
        if not isinstance(version, str) or not _WORD.match(version):
            raise _invalid("packages.%s.version: %s" % (name, _clip(repr(version), 60)))
        packages[name] = {
            "version": version,
            "location": _path(entry, "location"),
            "version_file": _path(entry, "version_file", optional=True),
        }
    return packages


# --- small helpers -------------------------------------------------------------------------


def _link_target(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _error_line(stderr: bytes) -> str:
    """A Python traceback ends with the message; other programs usually start with it."""
    text = stderr.decode("utf-8", "replace").strip()
    if not text:
        return ""
    lines = text.splitlines()
    return (lines[-1] if "Traceback" in text else lines[0]).strip()


def _last_line(output: bytes) -> str:
    text = output.decode("utf-8", "replace").strip()
    return text.splitlines()[-1].strip() if text else ""


def _quoted(text: str) -> str:
    return ': "%s"' % _clip(text, 120) if text else ""


def _clip(text: str, limit: int) -> str:
    text = "".join(character if character.isprintable() else "?" for character in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return "signal %d" % number


def _seconds(value: float) -> str:
    return ("%.1f" % value).rstrip("0").rstrip(".")
