"""Parity with the API spec: every name is implemented by the loaded engine or declared
unsupported with a reason, with the spec's parameter names in the spec's order."""

import importlib
import inspect

import pytest

from kerasbridge.api import SPEC
from kerasbridge.errors import NotSupportedError

NAMES = sorted(SPEC)


@pytest.fixture(scope="module")
def engine_module(K):
    from kerasbridge import engines, loaded_engine

    implementation, backend = loaded_engine()
    return importlib.import_module(engines.engine_info(implementation, backend).module)


def _unsupported(module):
    return getattr(module, "UNSUPPORTED", {})


@pytest.mark.parametrize("name", NAMES)
def test_name_is_implemented_or_declared_unsupported(engine_module, name):
    reason = _unsupported(engine_module).get(name)
    implemented = callable(getattr(engine_module, name, None))
    if reason is not None:
        assert str(reason).strip(), "%s is declared unsupported without a reason" % name
        assert not implemented, "%s is both implemented and declared unsupported" % name
    else:
        assert implemented, "%s is neither implemented nor declared unsupported" % name


def _parameters(signature):
    """Names, kinds and defaults: the guard passes the spec's defaults positionally, and
    functions without integer parameters keep the engine's, so both must agree."""
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


@pytest.mark.parametrize("name", NAMES)
def test_signature_matches_spec(engine_module, name):
    if name in _unsupported(engine_module):
        pytest.skip("%s is declared unsupported: %s" % (name, _unsupported(engine_module)[name]))
    function = getattr(engine_module, name, None)
    assert function is not None, "%s is not implemented" % name
    expected = _parameters(SPEC[name].signature)
    assert _parameters(inspect.signature(function)) == expected


@pytest.mark.parametrize("name", NAMES)
def test_namespace_binds_every_name(K, engine_module, name):
    bound = getattr(K, name)
    if name in _unsupported(engine_module):
        with pytest.raises(NotSupportedError) as caught:
            bound()
        assert _unsupported(engine_module)[name] in str(caught.value)
    else:
        assert inspect.signature(bound).parameters.keys() == SPEC[name].signature.parameters.keys()


def test_engine_functions_carry_no_docstrings_of_their_own(engine_module):
    documented = [
        name
        for name in NAMES
        if getattr(getattr(engine_module, name, None), "__doc__", None)
        not in (None, SPEC[name].doc)
    ]
    assert documented == [], "engine functions with their own docstrings: %s" % documented
