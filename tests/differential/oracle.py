"""Keras 2.3.1's answers to the differential cases, computed once per machine and cached.

The oracle runs in a child process (oracle_child.py) with the interpreter its backend needs:
theano in .venv (Theano 1.0.5), cntk in .venv-cntk (CNTK 2.7, CPython 3.6). Keras 2.3.1 itself
is the folder scripts/setup.sh installs it into (.cache/keras-2.3.1, with --no-deps).

Cache: ``<cache_root()>/<backend>-<key>/``, the key hashing the case file,
the harness, the child, the Keras version and the backend; a changed case reruns the oracle.
Two pytest sessions may ask at once (scripts/test.sh runs two lanes): an exclusive lock file
per backend makes the second wait for the first's results instead of computing them again, and
results appear atomically (written to a temporary folder, then renamed).
Python 3.6-compatible.
"""

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KERAS_VERSION = "2.3.1"
KERAS_FOLDER = os.path.join(ROOT, ".cache", "keras-%s" % KERAS_VERSION)
INTERPRETERS = {
    "theano": os.path.join(ROOT, ".venv", "bin", "python"),
    "cntk": os.path.join(ROOT, ".venv-cntk", "bin", "python"),
}
KEYED_FILES = ("cases.py", "harness.py", "oracle_child.py")
TIMEOUT_SECONDS = 1800
ORACLE_CACHE_VARIABLE = "KERASBRIDGE_ORACLE_CACHE"


class OracleUnavailable(Exception):
    """The oracle cannot run here (a missing environment or install); the message says which."""


class OracleResults(object):
    """Keras 2.3.1's records (results.json) and arrays (values.npz) for one backend."""

    def __init__(self, folder):
        self.folder = folder
        with open(os.path.join(folder, "results.json")) as handle:
            data = json.load(handle)
        self.backend = data["backend"]
        self.keras = data["keras"]
        self.cases = data["cases"]
        with np.load(os.path.join(folder, "values.npz")) as values:
            self.values = {name: values[name] for name in values.files}
        timing = os.path.join(folder, "seconds.txt")
        self.seconds = float(open(timing).read()) if os.path.exists(timing) else None

    def record(self, case_id):
        return self.cases.get(case_id)

    def outputs(self, case_id):
        record = self.cases[case_id]
        return [self.values["%s/%d" % (case_id, i)] for i in range(len(record["dtypes"]))]


class Reference(object):
    """Keras 2.3.1's answer to each case, from its theano_backend, else its cntk_backend.

    The theano_backend is Keras 2.3.1's most complete backend that runs here; the cntk_backend
    answers the cases the theano_backend raises on. Where both answer and differ, the
    theano_backend's answer is kept: the cntk_backend's departures (comparisons returning
    float32, keepdims dropped with axis=None, tile ignoring the batch axis...) are its own bugs.
    """

    def __init__(self, theano, cntk):
        self.by_backend = {"theano": theano, "cntk": cntk}

    def answer(self, case_id):
        """(backend, record, outputs, agreement) or (None, errors, None, None) when neither runs.

        agreement: "both" when the two backends answer alike, else the one backend used.
        """
        errors = []
        answers = []
        for backend in ("theano", "cntk"):
            results = self.by_backend[backend]
            if results is None:
                errors.append("%s_backend: not available here" % backend)
                continue
            record = results.record(case_id)
            if record is None or "error" in record:
                errors.append(
                    "%s_backend: %s" % (backend, (record or {}).get("error", "no record"))
                )
                continue
            answers.append(
                (backend, record, None if "static" in record else results.outputs(case_id))
            )
        if not answers:
            return None, errors, None, None
        backend, record, outputs = answers[0]
        agreement = backend
        if len(answers) == 2 and _same_answer(answers[0], answers[1]):
            agreement = "both"
        return backend, record, outputs, agreement


def _same_answer(first, second):
    if "static" in first[1] or "static" in second[1]:
        return first[1].get("static") == second[1].get("static")
    if len(first[2]) != len(second[2]):
        return False
    for a, b in zip(first[2], second[2]):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "fiub" and not np.allclose(a, b, rtol=1e-3, atol=1e-4):
            return False
    return True


def reference(environ=os.environ):
    """Both oracles' results; an oracle that cannot run here is None (its reason kept)."""
    found, reasons = {}, []
    for backend in ("theano", "cntk"):
        try:
            found[backend] = results(backend, environ)
        except OracleUnavailable as error:
            found[backend] = None
            reasons.append(str(error))
    if found["theano"] is None and found["cntk"] is None:
        raise OracleUnavailable("; ".join(reasons))
    return Reference(found["theano"], found["cntk"])


def cache_root(environ=os.environ):
    """KERASBRIDGE_ORACLE_CACHE, else <KERASBRIDGE_CACHE_DIR or ~/.cache/kerasbridge>/differential.

    scripts/test.sh sets KERASBRIDGE_ORACLE_CACHE once for all sessions: its main lane has a
    compile cache of its own, and the oracle must still run only once per machine.
    """
    explicit = environ.get(ORACLE_CACHE_VARIABLE, "").strip()
    if explicit:
        return os.path.abspath(explicit)
    root = environ.get("KERASBRIDGE_CACHE_DIR", "").strip()
    if not root:
        xdg = environ.get("XDG_CACHE_HOME", "").strip()
        root = os.path.join(xdg or os.path.join(os.path.expanduser("~"), ".cache"), "kerasbridge")
    return os.path.join(os.path.abspath(root), "differential")


def cache_key(backend):
    digest = hashlib.sha256()
    for name in KEYED_FILES:
        with open(os.path.join(HERE, name), "rb") as handle:
            digest.update(handle.read())
    digest.update(("keras==%s|%s" % (KERAS_VERSION, backend)).encode("utf-8"))
    return digest.hexdigest()[:16]


def _check_available(backend):
    python = INTERPRETERS[backend]
    if not os.path.exists(os.path.join(KERAS_FOLDER, ".kerasbridge-stamp")):
        raise OracleUnavailable(
            "Keras %s is not installed in %s: run `make setup` (scripts/setup.sh installs it "
            "with pip --no-deps)" % (KERAS_VERSION, KERAS_FOLDER)
        )
    if not os.access(python, os.X_OK):
        raise OracleUnavailable(
            "the %s oracle needs the interpreter %s, which is missing: run `make setup`"
            % (backend, python)
        )


def _run_child(backend, destination, environ):
    """Runs the child into a temporary folder beside destination, then renames it into place."""
    parent = os.path.dirname(destination)
    work = tempfile.mkdtemp(prefix=".partial-", dir=parent)
    keras_home = os.path.join(work, "keras-home")
    os.makedirs(keras_home)
    env = dict(environ)
    env.update(
        {
            "KERAS_HOME": keras_home,  # Keras 2.3.1 may write keras.json: never the user's
            "KERAS_BACKEND": backend,
            "KERASBRIDGE_CACHE_DIR": parent,  # the child's Theano compile cache goes in there
            "PYTHONWARNINGS": "ignore",
            "PYTHONNOUSERSITE": "1",
        }
    )
    env.pop("PYTHONPATH", None)
    started = time.time()
    child = subprocess.Popen(
        [INTERPRETERS[backend], os.path.join(HERE, "oracle_child.py"), backend, KERAS_FOLDER, work],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=work,
    )
    try:
        stdout, stderr = child.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        shutil.rmtree(work, ignore_errors=True)
        raise OracleUnavailable(
            "the %s oracle did not finish in %d s" % (backend, TIMEOUT_SECONDS)
        ) from None
    with open(os.path.join(work, "child.log"), "wb") as handle:
        handle.write(stderr)
    if child.returncode != 0 or not os.path.exists(os.path.join(work, "results.json")):
        tail = stderr.decode("utf-8", "replace")[-3000:]
        shutil.rmtree(work, ignore_errors=True)
        raise RuntimeError(
            "the Keras %s %s oracle failed (exit %s); its stderr ends with:\n%s"
            % (KERAS_VERSION, backend, child.returncode, tail)
        )
    with open(os.path.join(work, "seconds.txt"), "w") as handle:
        handle.write("%.1f" % (time.time() - started))
    shutil.rmtree(keras_home, ignore_errors=True)
    os.rename(work, destination)


def results(backend, environ=os.environ):
    """The cached results for backend, computing them first (under the lock) when missing."""
    _check_available(backend)
    root = cache_root(environ)
    if not os.path.isdir(root):
        os.makedirs(root, exist_ok=True)
    destination = os.path.join(root, "%s-%s" % (backend, cache_key(backend)))
    if os.path.exists(os.path.join(destination, "results.json")):
        return OracleResults(destination)
    with open(os.path.join(root, "%s.lock" % backend), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second session waits here for the first's results
        try:
            if not os.path.exists(os.path.join(destination, "results.json")):
                _run_child(backend, destination, environ)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return OracleResults(destination)


if __name__ == "__main__":  # python tests/differential/oracle.py theano: fill the cache
    for name in sys.argv[1:] or ["theano", "cntk"]:
        found = results(name)
        print("%s: %d cases, %s s, in %s" % (name, len(found.cases), found.seconds, found.folder))
