"""Imports CNTK once, quietly: the two import-time notices are silenced, nothing else.

CNTK 2.7 warns at import that the Linux distribution is not Ubuntu and that optional GPU
packages are missing; neither matters on a CPU machine. The filter is scoped to the module that
emits them, so any other warning (or error) still shows. On first use of a device CNTK's C++ side
also writes "Selected CPU as the process wide default device." to stderr; the device is chosen
here with stderr pointed at /dev/null for those two calls only (a failure still raises).
"""

import contextlib
import os
import sys
import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=UserWarning, module=r"cntk\.cntk_py_init")
    import cntk as C  # noqa: N812 (CNTK's documented alias)


@contextlib.contextmanager
def _quiet_stderr():
    sys.stderr.flush()  # Python's pending text must not land in /dev/null
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


with _quiet_stderr():
    C.device.try_set_default_device(C.device.cpu())
    C.device.use_default_device()

FREE = C.FreeDimension  # a static dimension whose size is fixed when values are fed

__all__ = ["C", "FREE"]
