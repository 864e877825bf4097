"""Engines: one package per engine, each exposing the spec's names plus ``UNSUPPORTED``.

An engine package (``engines/<name>/``) defines:
- every spec function it implements, as a module-level attribute, parameters in spec order;
- ``UNSUPPORTED``: a dict mapping each spec name it cannot provide to the reason why.
Every spec name must be one or the other; the parity test checks it. Engines carry no
docstrings of their own: the docs live in the API spec.
"""

import sys
from typing import NamedTuple, Optional, Tuple


class EngineInfo(NamedTuple):
    backend: str
    implementation: str
    module: str
    # Import names needed: every group is needed, any one name within a group will do.
    libraries: Tuple[Tuple[str, ...], ...]
    install_hint: str
    max_python: Optional[Tuple[int, int]]  # newest CPython the library runs on, if limited


ENGINES = {
    ("keras", "tensorflow"): EngineInfo(
        "tensorflow",
        "keras",
        "kerasbridge.engines.tensorflow",
        (("tensorflow",),),
        'pip install "tensorflow==2.21.0"',
        None,
    ),
    ("keras", "theano"): EngineInfo(
        "theano",
        "keras",
        "kerasbridge.engines.theano",
        (("theano", "pytensor"),),
        'pip install "pytensor==2.30.3" (or "theano==1.0.5" with numpy<2)',
        None,
    ),
    ("keras", "cntk"): EngineInfo(
        "cntk",
        "keras",
        "kerasbridge.engines.cntk",
        (("cntk",),),
        'pip install "cntk==2.7.post2" in a CPython 3.6 environment',
        (3, 6),
    ),
    ("tensorflow", "tensorflow"): EngineInfo(
        "tensorflow",
        "tensorflow",
        "kerasbridge.engines.tf_keras",
        (("tensorflow",), ("tf_keras",)),
        'pip install "tensorflow==2.21.0" "tf-keras==2.21.0"',
        None,
    ),
}


def engine_info(implementation: str, backend: str) -> EngineInfo:
    return ENGINES[(implementation, backend)]


def library_names(info: EngineInfo) -> Tuple[str, ...]:
    """Every import name the engine may use."""
    return tuple(name for group in info.libraries for name in group)


def describe_libraries(info: EngineInfo) -> str:
    """ "tensorflow", "theano or pytensor", "tensorflow and tf_keras" """
    return " and ".join(" or ".join(group) for group in info.libraries)


def python_too_new(info: EngineInfo) -> bool:
    return info.max_python is not None and sys.version_info[:2] > info.max_python
