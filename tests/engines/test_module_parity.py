"""Each spec function lives in the same module (core, math, nn, rnn, random, ctc) in every
engine of implementation "keras", as Keras 3's backends do. Read from the sources with ``ast``:
no engine is imported, so every engine is checked in every session.

Implementation "tensorflow" (engines/tf_keras) is exempt: it is not an engine with the standard
modules but an adapter over tf_keras, whose own functions serve most names; its modules (ops,
graph, keras2) hold only the few functions it adapts.
"""

import ast
import os

import pytest

from kerasbridge.api import NAMES
from kerasbridge.engines import ENGINES
from kerasbridge.engines._assembly import STANDARD_MODULES

ENGINES_FOLDER = os.path.dirname(
    os.path.abspath(__import__("kerasbridge.engines").engines.__file__)
)
KERAS_ENGINES = sorted(
    info.module.rsplit(".", 1)[1] for info in ENGINES.values() if info.implementation == "keras"
)


def defined_names(path):
    """Names a module defines at its top level: functions, classes and assignments."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def spec_modules(engine):
    """{spec name: [standard modules of the engine defining it]}"""
    found = {}
    for module in STANDARD_MODULES:
        path = os.path.join(ENGINES_FOLDER, engine, module + ".py")
        if not os.path.exists(path):
            continue
        for name in sorted(defined_names(path) & set(NAMES)):
            found.setdefault(name, []).append(module)
    return found


LAYOUT = {engine: spec_modules(engine) for engine in KERAS_ENGINES}


def test_every_keras_engine_of_the_registry_is_read():
    assert {"tensorflow", "theano", "cntk"} <= set(KERAS_ENGINES)
    for engine in KERAS_ENGINES:
        assert os.path.isdir(os.path.join(ENGINES_FOLDER, engine)), engine
        assert LAYOUT[engine], "%s defines no spec function in %s" % (engine, STANDARD_MODULES)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_function_lives_in_the_same_module_in_every_engine(name):
    places = {engine: LAYOUT[engine].get(name) for engine in KERAS_ENGINES}
    defined = {engine: modules for engine, modules in places.items() if modules}
    for engine, modules in defined.items():
        assert len(modules) == 1, "%s defines %s() in %s" % (engine, name, " and ".join(modules))
    assert len({modules[0] for modules in defined.values()}) <= 1, "%s() lives in %s" % (
        name,
        ", ".join("%s.%s" % (engine, modules[0]) for engine, modules in sorted(defined.items())),
    )
