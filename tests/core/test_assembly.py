"""engines/_assembly.assemble: each spec name from the one engine module defining it, the common
functions where the engine has none, and errors for a function defined twice. Checked on small
packages written to a temporary folder (real modules, imported)."""

import sys
import textwrap
import uuid

import pytest

from kerasbridge.engines import _assembly, common
from kerasbridge.engines._assembly import AssemblyError, assemble


@pytest.fixture
def make_engine(tmp_path, monkeypatch):
    """make_engine({module: source}) -> the name of an importable package holding them."""
    monkeypatch.syspath_prepend(str(tmp_path))
    created = []

    def make(modules):
        name = "engine_%s" % uuid.uuid4().hex[:8]
        folder = tmp_path / name
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        for module, source in modules.items():
            (folder / ("%s.py" % module)).write_text(textwrap.dedent(source))
        created.append(name)
        return name

    yield make
    for name in list(sys.modules):
        if name.split(".")[0] in created:
            del sys.modules[name]


def test_each_name_comes_from_the_module_defining_it(make_engine):
    package = make_engine(
        {
            "core": "def variable(value): return ('core', value)\n",
            "math": "from .core import variable\ndef abs(x): return ('math', x)\n",
        }
    )
    functions = assemble(package, {})
    assert functions["variable"](1) == ("core", 1)
    assert functions["abs"](2) == ("math", 2)
    assert functions["variable"].__module__ == package + ".core"  # the import is not a definition
    assert functions["UNSUPPORTED"] == {}


def test_common_functions_fill_in_and_an_engine_definition_replaces_them(make_engine):
    package = make_engine({"core": "def set_floatx(value): return 'engine'\n"})
    functions = assemble(package, {})
    assert functions["set_floatx"]("float64") == "engine"
    assert functions["floatx"] is common.floatx
    assert functions["py_sum"] is common.py_sum


def test_only_the_common_functions_named_are_taken_when_asked(make_engine):
    package = make_engine({"core": "def abs(x): return x\n"})
    functions = assemble(package, {}, shared=("py_all",), fallback=lambda name: name)
    assert functions["py_all"] is common.py_all
    assert functions["py_sum"] == "py_sum"  # from the fallback


def test_a_function_defined_in_two_modules_is_refused(make_engine):
    package = make_engine({"core": "def abs(x): return x\n", "math": "def abs(x): return -x\n"})
    with pytest.raises(AssemblyError) as raised:
        assemble(package, {})
    assert str(raised.value) == (
        "abs() is defined in both %s.core and %s.math: an engine defines each function once "
        "(rename the helper or import the function instead)." % (package, package)
    )


def test_a_function_both_defined_and_unsupported_is_refused(make_engine):
    package = make_engine({"nn": "def relu(x): return x\n"})
    with pytest.raises(AssemblyError, match=r"relu\(\) is defined in .*\.nn and also declared"):
        assemble(package, {"relu": "no reason"})


@pytest.mark.parametrize("table", ["{'ctc_decode': 'later'}", "{}"], ids=["filled", "empty"])
def test_unsupported_is_declared_in_the_package_not_in_a_module(make_engine, table):
    package = make_engine({"ctc": "UNSUPPORTED = %s\n" % table})
    with pytest.raises(AssemblyError, match=r"\.ctc declares UNSUPPORTED: declare every"):
        assemble(package, {})


def test_unsupported_names_are_left_out_and_returned(make_engine):
    package = make_engine({"core": "def abs(x): return x\n"})
    functions = assemble(package, {"get_session": "no session"})
    assert "get_session" not in functions
    assert functions["UNSUPPORTED"] == {"get_session": "no session"}


def test_a_module_not_written_yet_is_skipped_but_a_broken_one_fails(make_engine):
    package = make_engine({"core": "def abs(x): return x\n"})
    assert set(assemble(package, {})) >= {"abs", "floatx"}  # no math, nn, rnn, random, ctc
    broken = make_engine({"core": "import a_module_that_does_not_exist\n"})
    with pytest.raises(ImportError, match="a_module_that_does_not_exist"):
        assemble(broken, {})


def test_wrap_applies_to_the_engines_own_functions_only(make_engine):
    package = make_engine({"math": "def abs(x): return x\n"})
    seen = []

    def wrap(module, name, function):
        seen.append((module.__name__, name))
        return lambda *args: ("wrapped", function(*args))

    functions = assemble(package, {}, wrap=wrap)
    assert functions["abs"](3) == ("wrapped", 3)
    assert seen == [(package + ".math", "abs")]
    assert functions["floatx"] is common.floatx


def test_the_standard_modules():
    assert _assembly.STANDARD_MODULES == ("core", "math", "nn", "rnn", "random", "ctc")
