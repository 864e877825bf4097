"""The oracle's child process: Keras 2.3.1's own backend evaluates every differential case.

Usage: python oracle_child.py BACKEND KERAS_FOLDER OUTPUT_FOLDER
(BACKEND: theano, in .venv with Theano 1.0.5; or cntk, in .venv-cntk on CPython 3.6).

Writes OUTPUT_FOLDER/values.npz (the arrays, keyed "<case id>/<output index>") and
OUTPUT_FOLDER/results.json ({"keras": version, "backend": ..., "cases": {case id: record}},
a record holding "int_shapes", "dtypes", "shapes", "stdout", or "static", or "error").
Nothing is written to stdout: Keras 2.3.1 prints "Using X backend" on import and print_tensor
prints while evaluating, so the results travel through files only.

Keras 2.3.1 is loaded without its package __init__ (which imports layers, applications and
their dependencies, not installed with --no-deps): empty packages stand in for keras,
keras.utils and keras.backend, so that only backend/common.py, utils/generic_utils.py and the
backend module itself are imported. Python 3.6-compatible.
"""

import importlib
import json
import os
import sys
import traceback
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def restore_numpy_aliases():
    """Keras 2.3.1 and Theano 1.0.5 use aliases NumPy 1.24 removed (np.bool, np.int...)."""
    for name, value in (
        ("bool", np.bool_),
        ("int", int),
        ("float", float),
        ("complex", complex),
        ("object", object),
        ("str", str),
    ):
        if name not in np.__dict__:
            setattr(np, name, value)


def prepare_theano(cache_root):
    """The same workarounds kerasbridge's engines/theano/_library.py applies before import."""
    flags = os.environ.get("THEANO_FLAGS", "")
    compiledir = os.path.join(cache_root, "theano-oracle-%d.%d" % sys.version_info[:2])
    os.environ["THEANO_FLAGS"] = ",".join(
        [f for f in [flags.strip(",")] if f]
        + ["base_compiledir=%s" % compiledir, "floatX=float32", "blas.ldflags="]
    )
    # scan's Cython extension does not build against Python 3.11: the pure-Python loop instead.
    sys.modules.setdefault("theano.scan_module.scan_perform_ext", None)
    import logging

    logging.getLogger("theano.tensor.blas").setLevel(logging.ERROR)


def patch_theano_blas():
    """BatchedDot's C code needs BLAS symbols that "blas.ldflags=" leaves unlinked (kerasbridge's
    own engine avoids the op): without its C code Theano runs the op's Python implementation."""
    from theano.gof.utils import MethodNotDefined
    from theano.tensor import blas

    def no_c_code(self, *args, **kwargs):
        raise MethodNotDefined("c_code", type(self), self.__class__.__name__)

    blas.BatchedDot.c_code = no_c_code


def load_keras_backend(backend, keras_folder):
    package_folder = os.path.join(keras_folder, "keras")
    for name, folder in (
        ("keras", package_folder),
        ("keras.utils", os.path.join(package_folder, "utils")),
        ("keras.backend", os.path.join(package_folder, "backend")),
    ):
        module = types.ModuleType(name)
        module.__path__ = [folder]
        sys.modules[name] = module
    sys.path.append(keras_folder)  # six, installed beside Keras (last: never shadows)
    module = importlib.import_module("keras.backend.%s_backend" % backend)
    version = "unknown"
    for entry in os.listdir(keras_folder):
        if entry.lower().startswith("keras-") and entry.endswith(".dist-info"):
            version = entry[len("keras-") : -len(".dist-info")]
    return module, version


def main(argv):
    backend, keras_folder, output = argv[1], argv[2], argv[3]
    sys.path.insert(0, HERE)
    restore_numpy_aliases()
    if backend == "theano":
        prepare_theano(os.environ.get("KERASBRIDGE_CACHE_DIR") or output)
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # import-time prints go to stderr
    try:
        K, version = load_keras_backend(backend, keras_folder)
    finally:
        sys.stdout = real_stdout
    if backend == "theano":
        patch_theano_blas()
    import cases
    import harness

    records, arrays = {}, {}
    for case in cases.CASES:
        try:
            result = harness.run_case(K, case, flip_kernels=backend == "theano")
        except Exception as error:  # the oracle's own failure is a result too
            records[case.id] = {
                "error": "%s: %s" % (type(error).__name__, str(error).splitlines()[0][:300])
                if str(error)
                else type(error).__name__
            }
            traceback.print_exc(file=sys.stderr)
            continue
        if "static" in result:
            records[case.id] = {"static": result["static"]}
            continue
        for index, value in enumerate(result["outputs"]):
            arrays["%s/%d" % (case.id, index)] = value
        records[case.id] = {
            "int_shapes": result["int_shapes"],
            "dtypes": [str(v.dtype) for v in result["outputs"]],
            "shapes": [list(v.shape) for v in result["outputs"]],
            "stdout": result["stdout"],
        }
    np.savez(os.path.join(output, "values.npz"), **arrays)
    with open(os.path.join(output, "results.json"), "w") as handle:
        json.dump({"keras": version, "backend": backend, "cases": records}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
