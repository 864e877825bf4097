"""The engine registry (kerasbridge.engines.ENGINES) is the one list of engine names: settings,
keras.json, the command line, discovery's probe and the R package all take theirs from it."""

import os
import re
import subprocess
import sys

import pytest

from kerasbridge import config, settings
from kerasbridge.discovery import probe
from kerasbridge.engines import BACKENDS, ENGINES, IMPLEMENTATIONS, probe_packages
from kerasbridge.errors import ConfigError

from ..conftest import REPO_ROOT

ENTRIES = sorted(ENGINES)
IDS = ["%s-%s" % key for key in ENTRIES]


@pytest.mark.parametrize("key", ENTRIES, ids=IDS)
def test_an_entry_is_filed_under_its_own_implementation_and_backend(key):
    info = ENGINES[key]
    assert (info.implementation, info.backend) == key
    assert info.module.startswith("kerasbridge.engines.")
    assert info.libraries and all(info.libraries)
    assert set(info.distributions) <= {name for group in info.libraries for name in group}


def test_backends_and_implementations_are_the_registrys():
    assert BACKENDS == ("tensorflow", "theano", "cntk") + BACKENDS[3:]
    assert IMPLEMENTATIONS == ("keras", "tensorflow") + IMPLEMENTATIONS[2:]
    assert config.BACKENDS == BACKENDS
    assert config.IMPLEMENTATIONS == IMPLEMENTATIONS
    assert set(BACKENDS) == {info.backend for info in ENGINES.values()}


@pytest.mark.parametrize("key", ENTRIES, ids=IDS)
def test_every_entry_is_a_valid_setting(key, tmp_path):
    implementation, backend = key
    chosen = settings.resolve(
        {"implementation": implementation, "backend": backend},
        {},
        str(tmp_path / "keras.json"),
    )
    assert (chosen.implementation, chosen.backend) == key
    assert config.validate("backend", backend.upper(), "keras.json") == backend


def test_a_pair_missing_from_the_registry_is_refused_with_what_fits(tmp_path):
    with pytest.raises(ConfigError) as raised:
        settings.resolve(
            {"implementation": "tensorflow", "backend": "cntk"}, {}, str(tmp_path / "keras.json")
        )
    assert str(raised.value) == (
        'implementation "tensorflow" (from explicit) supports only the "tensorflow" backend, '
        'but the backend is "cntk" (from explicit). Use implementation "keras" for the cntk '
        'engine, or choose the "tensorflow" backend.'
    )


def test_an_unknown_backend_lists_the_registrys_backends(tmp_path):
    with pytest.raises(ConfigError) as raised:
        config.validate("backend", "mxnet", "KERAS_BACKEND")
    assert str(raised.value) == "KERAS_BACKEND must be one of %s, got 'mxnet'." % ", ".join(
        '"%s"' % name for name in BACKENDS
    )


@pytest.mark.parametrize("key", ENTRIES, ids=IDS)
def test_the_probe_looks_for_every_library_of_every_entry(key):
    table = probe_packages()
    for group in ENGINES[key].libraries:
        for name in group:
            assert name in table
            assert "%r: %r" % (name, table[name]) in probe.script_text()
    assert table["kerasbridge"] == ("kerasbridge",)


@pytest.mark.parametrize("key", ENTRIES, ids=IDS)
def test_every_entry_names_an_extra_of_pyproject(key):
    with open(os.path.join(REPO_ROOT, "pyproject.toml"), encoding="utf-8") as handle:
        text = handle.read()
    section = text[text.index("[project.optional-dependencies]") :]
    assert re.search(r"^%s = \[" % re.escape(ENGINES[key].extra), section, re.MULTILINE)


def test_the_command_line_offers_the_registrys_backends():
    completed = subprocess.run(
        [sys.executable, "-m", "kerasbridge", "envs", "--backend", "not-an-engine"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        env=dict(os.environ, PYTHONPATH=os.path.join(REPO_ROOT, "bridge")),
        timeout=60,
    )
    assert completed.returncode == 2
    for name in BACKENDS:
        assert "'%s'" % name in completed.stderr


def test_the_r_package_names_are_generated_from_the_registry():
    checked = subprocess.run(
        [sys.executable, os.path.join(REPO_ROOT, "scripts", "generate_r_engines.py"), "--check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout
