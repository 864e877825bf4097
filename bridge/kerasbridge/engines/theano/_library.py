"""Picks Theano 1.0.5 or PyTensor, configures it, imports it, and maps the names that differ.

The rest of the engine is written once against the names bound here (``T`` is the tensor module;
``lib`` the root package) and never imports either library itself.

Selection: ``KERASBRIDGE_THEANO_LIBRARY=theano|pytensor`` forces one; otherwise Theano when it
imports, else PyTensor. Both cannot share a process (their compiled lazylinker modules clash),
so exactly one is ever imported.
"""

import hashlib
import importlib
import importlib.util
import logging
import os
import sys
import warnings

import numpy as np

from ...errors import ConfigError

LIBRARY_VARIABLE = "KERASBRIDGE_THEANO_LIBRARY"
CACHE_VARIABLE = "KERASBRIDGE_CACHE_DIR"
LIBRARIES = ("theano", "pytensor")
FLAGS_VARIABLE = {"theano": "THEANO_FLAGS", "pytensor": "PYTENSOR_FLAGS"}


# --- selection ---------------------------------------------------------------------------------


def requested_library(environ=os.environ):
    """The library named by KERASBRIDGE_THEANO_LIBRARY, or None when unset."""
    raw = environ.get(LIBRARY_VARIABLE, "").strip().lower()
    if not raw:
        return None
    if raw not in LIBRARIES:
        raise ConfigError(
            "%s must be one of %s, got %r. Unset it to use Theano when installed, else PyTensor."
            % (LIBRARY_VARIABLE, ", ".join(LIBRARIES), environ[LIBRARY_VARIABLE])
        )
    return raw


def _theano_may_work():
    # Theano 1.0.5 cannot import with NumPy 2 at all: skip it rather than half-import it.
    numpy_major = int(np.__version__.split(".")[0])
    return numpy_major < 2 and importlib.util.find_spec("theano") is not None


def _import_requested(name, environ):
    _configure_flags(name, environ)
    if name == "theano":
        _apply_theano_workarounds()
    module = importlib.import_module(name)
    if name == "theano":
        _make_theano_cache_keys_stable()
    return module


def _import_library(environ=os.environ):
    requested = requested_library(environ)
    if requested is not None:
        return requested, _import_requested(requested, environ)
    if _theano_may_work():
        try:
            return "theano", _import_requested("theano", environ)
        except ImportError:
            for module in [m for m in sys.modules if m == "theano" or m.startswith("theano.")]:
                del sys.modules[module]
    try:
        return "pytensor", _import_requested("pytensor", environ)
    except ImportError as error:
        raise ModuleNotFoundError(
            "the theano engine needs Theano 1.0.5 (with numpy<2) or PyTensor, and neither "
            "imports here (%s)" % error,
            name="pytensor",
        ) from error


# --- configuration before import -----------------------------------------------------------------


def cache_folder(library, environ=os.environ):
    """Where the library keeps its compiled modules: one folder per library and Python."""
    leaf = "theano-%s-%d.%d" % (library, sys.version_info[0], sys.version_info[1])
    root = environ.get(CACHE_VARIABLE, "").strip()
    if not root:
        xdg = environ.get("XDG_CACHE_HOME", "").strip()
        root = os.path.join(xdg or os.path.join(os.path.expanduser("~"), ".cache"), "kerasbridge")
    return os.path.join(os.path.abspath(root), leaf)


def _flag_names(flags):
    return {item.split("=", 1)[0].strip() for item in flags.split(",") if item.strip()}


def _configure_flags(library, environ):
    """Add our defaults to THEANO_FLAGS / PYTENSOR_FLAGS, never replacing a flag the user set."""
    variable = FLAGS_VARIABLE[library]
    flags = environ.get(variable, "")
    present = _flag_names(flags)
    defaults = {"base_compiledir": cache_folder(library, environ), "floatX": _floatx()}
    if library == "theano":
        defaults["blas.ldflags"] = ""  # workaround (2), see _apply_theano_workarounds
    else:
        # As for Theano: NumPy's own BLAS, rather than a probe that warns on every start
        # and at best finds the slow reference libblas.
        defaults["blas__ldflags"] = ""
        if not present & {"linker", "mode"}:
            defaults["linker"] = "cvm"  # the C backend (PyTensor 3 defaults to Numba)
    if "compiledir" in present:
        defaults.pop("base_compiledir")
    added = ["%s=%s" % (key, value) for key, value in defaults.items() if key not in present]
    os.environ[variable] = ",".join([item for item in [flags.strip(",")] if item] + added)


def _floatx():
    # Python float constants are cast to floatX: matching Keras's floatx avoids silent upcasts.
    from ... import settings

    return settings.current().floatx


def _apply_theano_workarounds():
    """What Theano 1.0.5 needs to import and run on Python 3.11 with NumPy 1.26."""
    # (1) Theano uses np.bool and np.complex, aliases NumPy 1.24 removed.
    if "bool" not in np.__dict__:  # (np.__dict__: np.bool itself would warn)
        np.bool = np.bool_
    if "complex" not in np.__dict__:
        np.complex = complex
    # (2) "blas.ldflags=" (added in _configure_flags): without it Theano probes BLAS through
    #     numpy.distutils, which fails where setuptools is missing and elsewhere may link the
    #     slow reference libblas; empty, Theano calls the BLAS bundled with NumPy instead.
    # (3) scan's bundled Cython extension does not compile against Python 3.11's headers;
    #     blocking its import makes scan use its pure-Python inner loop.
    sys.modules.setdefault("theano.scan_module.scan_perform_ext", None)
    # Quieten the one-line notice that (2) is in effect; real errors still show.
    logging.getLogger("theano.tensor.blas").setLevel(logging.ERROR)


def _make_theano_cache_keys_stable():
    """Theano 1.0.5 recompiles some C modules in every new process, seconds per function;
    two fixes make its on-disk cache find them again."""
    from theano.gof.cc import CLinker
    from theano.gof.op import COp

    # (4) Ops whose C code lives in files (COp: DimShuffle...) version it by hash() of the
    #     source, which Python 3 salts per process. An MD5 of the same source is stable.
    def c_code_cache_version(self):
        digest = hashlib.md5("\0".join(self.func_codes).encode("utf-8")).hexdigest()
        version = (int(digest[:15], 16),)
        if hasattr(self, "params_type"):
            version += (self.params_type.c_code_cache_version(),)
        return version

    COp.c_code_cache_version = c_code_cache_version

    # (5) The module key counts an Op's empty __props__ (Alloc, Shape...) as "unversioned",
    #     which disables caching. Re-derive the version without that test; a truly
    #     unversioned Op or type (an empty version) still disables caching.
    keyed = CLinker.cmodule_key_

    def cmodule_key_(self, fgraph, *args, **kwargs):
        key = keyed(self, fgraph, *args, **kwargs)
        if key is None or key[0]:
            return key
        version = _version_of(fgraph)
        return key if version is None else (version, key[1])

    CLinker.cmodule_key_ = cmodule_key_


def _version_of(fgraph):
    version = []
    for node in fgraph.toposort():
        parts = [node.op.c_code_cache_version_apply(node)]
        parts += [v.type.c_code_cache_version() for v in node.inputs + node.outputs]
        if not all(parts):
            return None
        version.append((tuple(parts), node.op.__props__ or ("no props",)))
    return tuple(version)


NAME, lib = _import_library()

# --- one set of names over both libraries ------------------------------------------------------

T = importlib.import_module(NAME + ".tensor")
config = lib.config
function = lib.function
shared = lib.shared
scan = lib.scan
In = lib.In
Mode = lib.compile.mode.Mode
gradient = importlib.import_module(NAME + ".gradient")
ifelse = importlib.import_module(NAME + ".ifelse").ifelse
Print = importlib.import_module(NAME + ".printing").Print
sparse = importlib.import_module(NAME + ".sparse")
SharedVariable = lib.compile.SharedVariable

if NAME == "theano":
    from theano.gof import Apply, FunctionGraph, Op
    from theano.gof.fg import MissingInputError
    from theano.gof.graph import Constant, Variable
    from theano.gof.graph import inputs as graph_inputs
    from theano.sandbox.rng_mrg import MRG_RandomStreams as _RandomStreams
    from theano.tensor.opt import ShapeFeature

    clone_replace = lib.clone
    NotScalarConstantError = T.NotScalarConstantError
    abs = T.abs_
    reciprocal = T.inv
    sign = T.sgn
    sigmoid = T.nnet.sigmoid
    softplus = T.nnet.softplus
    SparseType = sparse.SparseType

    def match_broadcastable(x, pattern):
        return T.patternbroadcast(x, pattern)

    def declare_broadcastable(x, axes):
        return T.addbroadcast(x, *axes) if axes else x

    def tensor_type(dtype, broadcastable):
        return T.TensorType(dtype, tuple(broadcastable))

    def shared_variable(value, name, broadcastable):
        return shared(value, name=name, strict=False, broadcastable=tuple(broadcastable))

    def uniform(seed, shape, low, high, dtype):
        return _RandomStreams(seed).uniform(size=shape, low=low, high=high, dtype=dtype)

    def normal(seed, shape, mean, stddev, dtype):
        return _RandomStreams(seed).normal(size=shape, avg=mean, std=stddev, dtype=dtype)

else:
    from pytensor.graph.basic import Apply, Constant, Variable
    from pytensor.graph.fg import FunctionGraph
    from pytensor.graph.op import Op
    from pytensor.graph.replace import clone_replace  # (pytensor.clone_replace is gone in 3.x)
    from pytensor.graph.utils import MissingInputError

    try:  # PyTensor 3 moved it (the old name warns, and is to go)
        from pytensor.graph.traversal import graph_inputs
    except ImportError:
        from pytensor.graph.basic import graph_inputs
    from pytensor.tensor.exceptions import NotScalarConstantError
    from pytensor.tensor.random.utils import RandomStream as _RandomStreams
    from pytensor.tensor.rewriting.shape import ShapeFeature

    abs = T.abs
    reciprocal = T.reciprocal
    sign = T.sign
    sigmoid = T.sigmoid
    softplus = T.softplus
    SparseType = sparse.SparseTensorType

    def match_broadcastable(x, pattern):
        # PyTensor accepts a more static type where a looser one is expected (scan included):
        # only the broadcastable axes the pattern has need declaring.
        tight = [axis for axis, flag in enumerate(pattern) if flag and not x.broadcastable[axis]]
        return T.specify_broadcastable(x, *tight) if tight else x

    def declare_broadcastable(x, axes):
        return T.specify_broadcastable(x, *axes) if axes else x

    def tensor_type(dtype, broadcastable):
        return T.TensorType(dtype, shape=tuple(1 if flag else None for flag in broadcastable))

    def shared_variable(value, name, broadcastable):
        shape = tuple(1 if flag else None for flag in broadcastable)
        return shared(value, name=name, strict=False, shape=shape)

    def _random_stream(seed):
        # PyTensor 3.0 deprecates RandomStream (a FutureWarning users would see on every draw)
        # for a new rng API; RandomStream still works there, and the pytensor extra stops
        # below 3.1 (pyproject.toml) until the engine moves to the new API.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "RandomStream is deprecated", FutureWarning)
            return _RandomStreams(seed)

    def uniform(seed, shape, low, high, dtype):
        return T.cast(_random_stream(seed).uniform(low, high, size=shape), dtype)

    def normal(seed, shape, mean, stddev, dtype):
        return T.cast(_random_stream(seed).normal(mean, stddev, size=shape), dtype)


def is_tensor(x):
    return isinstance(x, Variable)


def is_shared(x):
    return isinstance(x, SharedVariable)


def is_sparse(x):
    return isinstance(getattr(x, "type", None), SparseType)


# The names the engine modules use (re-exported from whichever library was imported).
__all__ = [
    "NAME",
    "lib",
    "T",
    "config",
    "function",
    "shared",
    "scan",
    "In",
    "Mode",
    "gradient",
    "ifelse",
    "Print",
    "sparse",
    "SharedVariable",
    "Apply",
    "FunctionGraph",
    "Op",
    "Constant",
    "Variable",
    "graph_inputs",
    "MissingInputError",
    "ShapeFeature",
    "NotScalarConstantError",
    "clone_replace",
    "abs",
    "reciprocal",
    "sign",
    "sigmoid",
    "softplus",
    "SparseType",
    "match_broadcastable",
    "declare_broadcastable",
    "tensor_type",
    "shared_variable",
    "uniform",
    "normal",
    "is_tensor",
    "is_shared",
    "is_sparse",
    "requested_library",
    "cache_folder",
]
