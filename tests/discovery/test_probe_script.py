"""The probe script, run inside real interpreters (Python 2.7 to 3.13), finds packages from
metadata and source without importing them, and never counts the caller's folder."""

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasbridge.discovery import probe, probe_script
from kerasbridge.engines import probe_packages

from .conftest import add_stand_in, installed_pyenv_versions, make_venv, pyenv_python

pytestmark = pytest.mark.discovery


@pytest.mark.parametrize("version", installed_pyenv_versions() or ["3.11.7"])
def test_probe_runs_on_every_pyenv_version(version):
    python = pyenv_python(version)
    result = probe.probe(python, {"PATH": "", "LANG": "C.UTF-8"}, timeout=20)
    assert result["version"] == version
    assert result["implementation_name"] == "cpython"
    assert result["architecture"] == os.uname().machine
    assert result["prefix"] == os.path.dirname(os.path.dirname(python))
    assert result["shared_library"] is True  # every pyenv build on this machine kind
    assert os.path.isfile(result["libpython"])
    assert set(result["packages"]) == set(probe_packages())
    assert {"kerasbridge", "tensorflow", "tf_keras", "theano", "pytensor", "cntk"} <= set(
        result["packages"]
    )


def test_versions_come_from_metadata_and_nothing_is_imported(world):
    # The stand-ins raise ImportError when imported: a version proves it was read, not imported.
    result = probe.probe(world.active, {}, timeout=20)
    packages = result["packages"]
    assert packages["tensorflow"]["version"] == "2.21.0"
    assert packages["tf_keras"]["version"] == "2.21.0"
    assert packages["tensorflow"]["version_file"].endswith("tensorflow-2.21.0.dist-info/METADATA")
    assert packages["cntk"] is None


@pytest.fixture(scope="module")
def odd_installs(tmp_path_factory):
    """One venv with each unusual install kind."""
    env = str(tmp_path_factory.mktemp("odd") / "env")
    python = make_venv(env, "3.12.1")
    site = os.path.join(env, "lib", "python3.12", "site-packages")
    add_stand_in(env, "kerasbridge", "9.9.9", metadata=False)  # like a .pth development install
    add_stand_in(env, "cntk", "2.7", module=False)  # metadata left behind, module gone
    os.makedirs(os.path.join(site, "tensorflow"))  # a bare folder: a namespace package
    with open(os.path.join(site, "theano.py"), "w") as handle:
        handle.write("VERSION = 1\n")  # a module without any version
    editable = os.path.join(site, "pytensor-3.0.0.dist-info")
    os.makedirs(editable)
    with open(os.path.join(editable, "METADATA"), "w") as handle:
        handle.write("Name: pytensor\nVersion: 3.0.0\n")
    with open(os.path.join(editable, "direct_url.json"), "w") as handle:
        json.dump({"url": "file:///src/pytensor", "dir_info": {"editable": True}}, handle)
    return python


def test_module_without_metadata_reports_its_source_version(odd_installs):
    packages = probe.probe(odd_installs, {}, timeout=20)["packages"]
    assert packages["kerasbridge"]["version"] == "9.9.9"
    assert packages["kerasbridge"]["version_file"].endswith("kerasbridge/__init__.py")


def test_metadata_without_module_is_not_importable(odd_installs):
    assert probe.probe(odd_installs, {}, timeout=20)["packages"]["cntk"] is None


def test_bare_folder_is_not_a_package(odd_installs):
    assert probe.probe(odd_installs, {}, timeout=20)["packages"]["tensorflow"] is None


def test_module_without_version_is_unknown(odd_installs):
    assert probe.probe(odd_installs, {}, timeout=20)["packages"]["theano"]["version"] == "unknown"


def test_editable_install_through_an_import_hook_counts(odd_installs):
    pytensor = probe.probe(odd_installs, {}, timeout=20)["packages"]["pytensor"]
    assert pytensor == {
        "version": "3.0.0",
        "location": "(editable install)",
        "version_file": pytensor["version_file"],
    }


def test_tensorflow_folder_in_the_callers_folder_is_never_tensorflow(world, tmp_path, monkeypatch):
    fake = tmp_path / "tensorflow"
    fake.mkdir()
    (fake / "__init__.py").write_text('__version__ = "6.6.6"\n')
    (tmp_path / "tensorflow-6.6.6.dist-info").mkdir()
    (tmp_path / "tensorflow-6.6.6.dist-info" / "METADATA").write_text("Version: 6.6.6\n")
    monkeypatch.chdir(str(tmp_path))
    # even when PYTHONPATH names the folder, or "." does
    environ = {"PYTHONPATH": "%s:." % tmp_path, "PYTHONSTARTUP": str(fake / "__init__.py")}
    result = probe.probe(world.cntk36, environ, timeout=20)
    assert result["packages"]["tensorflow"] is None
    assert str(tmp_path) not in result["path"]


def test_probe_environment_is_sanitised():
    child = probe.clean_environment(
        {
            "PYTHONPATH": "/x",
            "PYTHONHOME": "/y",
            "PYTHONSTARTUP": "/z",
            "PYTHONINSPECT": "1",
            "HOME": "/h",
        }
    )
    assert child == {"HOME": "/h", "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_the_probes_own_json_writer_round_trips(value):
    text = probe_script.to_json(value)
    assert text.isascii() if hasattr(text, "isascii") else all(ord(c) < 128 for c in text)
    assert json.loads(text) == value


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Theano", "theano"),
        ("tf-keras", "tf_keras"),
        ("tf.keras__x", "tf_keras_x"),
        ("TensorFlow-CPU", "tensorflow_cpu"),
    ],
)
def test_normalise(name, expected):
    assert probe_script.normalise(name) == expected
