"""Keeps the engines' start-up logs off the terminal unless the user asks for them.

TensorFlow's C++ libraries write log lines straight to file descriptor 2 while they load (absl's
"All log messages before absl::InitializeLog() ...", CUDA probing on machines without a GPU),
out of reach of Python's logging and of TF_CPP_MIN_LOG_LEVEL. So an engine is imported with
descriptor 2 pointed at a temporary file; when the import fails, what was captured is written
back to stderr before the error propagates, so nothing an error needs is lost. Later C++ log
lines (CUDA initialisation at the first op, graph rewrites) are below TF_CPP_MIN_LOG_LEVEL=3,
which is set unless the user set a level.

KERASBRIDGE_ENGINE_LOGS=1 (or true/yes/on) turns all of this off: every engine log is shown.
"""

import contextlib
import os
import sys
import tempfile
from typing import Iterator, Mapping

SWITCH = "KERASBRIDGE_ENGINE_LOGS"
_TRUE = ("1", "true", "yes", "on")


def wanted(environ: Mapping[str, str]) -> bool:
    """Whether the user asked to see the engines' own logs."""
    return environ.get(SWITCH, "").strip().lower() in _TRUE


@contextlib.contextmanager
def quiet_engine_start() -> Iterator[None]:
    """Runs the body (an engine's import) with the engines' logs held back, as described above."""
    if wanted(os.environ):
        yield
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _descriptor_2_captured() as captured:
        try:
            yield
        except BaseException:
            captured.replay = True
            raise


class _Capture:
    def __init__(self, handle) -> None:
        self.handle = handle
        self.replay = False


@contextlib.contextmanager
def _descriptor_2_captured() -> Iterator[_Capture]:
    try:
        saved = os.dup(2)
    except OSError:  # no descriptor 2 (a detached process): nothing to keep quiet
        yield _Capture(None)
        return
    with tempfile.TemporaryFile() as handle:
        capture = _Capture(handle)
        _flush_stderr()
        os.dup2(handle.fileno(), 2)
        try:
            yield capture
        finally:
            _flush_stderr()
            os.dup2(saved, 2)
            os.close(saved)
            if capture.replay:
                _replay(handle)


def _flush_stderr() -> None:
    stream = sys.stderr
    if stream is not None:
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken stream: nothing buffered to keep
            pass


def _replay(handle) -> None:
    handle.seek(0)
    text = handle.read()
    if text:
        os.write(2, text)
