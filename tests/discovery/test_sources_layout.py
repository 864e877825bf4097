"""Candidate sources come in the documented order; kinds come from marker files; identity
merges the names of one interpreter but keeps venvs apart from their base."""

import os
import subprocess

import pytest

from kerasbridge.discovery import layout, sources

from .conftest import VERSIONS, make_venv, pyenv_python

pytestmark = pytest.mark.discovery


def listed(environ):
    return [(path, source) for path, source in sources.candidates(environ) if source != "system"]


def test_order_of_sources(world, tmp_path):
    conda_envs = tmp_path / "conda-envs"
    conda_envs.mkdir()
    os.symlink(os.path.dirname(os.path.dirname(world.conda)), str(conda_envs / "kb-conda"))
    environ = world.environ(
        VIRTUAL_ENV=os.path.dirname(os.path.dirname(world.active)),
        CONDA_PREFIX=os.path.dirname(os.path.dirname(world.conda)),
        WORKON_HOME=world.workon,
        CONDA_ENVS_PATH=str(conda_envs),
        PYENV_ROOT=VERSIONS[:-9],
        PATH=os.path.dirname(world.tf311),
    )
    found = listed(environ)
    order = [source for _, source in found]
    assert order == sorted(order, key=sources.SOURCES.index)
    assert order[:3] == ["VIRTUAL_ENV", "CONDA_PREFIX", "WORKON_HOME"]
    assert {"conda", "pyenv", "PATH"} <= set(order)
    assert found[0][0] == world.active


def test_kerasbridge_registry_comes_after_the_active_environments(world, tmp_path):
    config_home = tmp_path / "config"
    (config_home / "kerasbridge").mkdir(parents=True)
    registered = os.path.dirname(os.path.dirname(world.tf311))
    (config_home / "kerasbridge" / "environments.txt").write_text(
        "%s\n%s\nrelative/ignored\n" % (registered, tmp_path / "deleted-env")
    )
    environ = world.environ(
        CONDA_PREFIX=os.path.dirname(os.path.dirname(world.conda)),
        XDG_CONFIG_HOME=str(config_home),
        WORKON_HOME=world.workon,
    )
    found = listed(environ)
    assert [source for _, source in found][:3] == ["CONDA_PREFIX", "registry", "WORKON_HOME"]
    assert found[1] == (os.path.join(registered, "bin", "python"), "registry")
    assert sources.registry_file(environ) == str(config_home / "kerasbridge" / "environments.txt")


def test_workon_home_defaults_to_dot_virtualenvs(world, tmp_path):
    home = tmp_path / "home"
    make_venv(str(home / ".virtualenvs" / "one"), "3.12.1")
    environ = world.environ(HOME=str(home), WORKON_HOME=None)
    assert listed(environ) == [
        (str(home / ".virtualenvs" / "one" / "bin" / "python"), "WORKON_HOME")
    ]


def test_conda_registry_installs_and_envs_path(world, tmp_path):
    home = tmp_path / "home"
    (home / ".conda").mkdir(parents=True)
    env_folder = os.path.dirname(os.path.dirname(world.conda))
    (home / ".conda" / "environments.txt").write_text("%s\n\nrelative/ignored\n" % env_folder)
    install = home / "miniforge3"
    (install / "conda-meta").mkdir(parents=True)
    (install / "bin").mkdir()
    os.symlink(world.conda, str(install / "bin" / "python"))
    (install / "envs").mkdir()
    os.symlink(env_folder, str(install / "envs" / "linked"))
    found = listed(world.environ(HOME=str(home)))
    assert found == [
        (world.conda, "conda"),
        (str(install / "bin" / "python"), "conda"),
        (str(install / "envs" / "linked" / "bin" / "python"), "conda"),
    ]


def test_pyenv_versions_newest_first_and_pyenv_virtualenvs(world, tmp_path):
    root = tmp_path / "pyenv"
    (root / "versions").mkdir(parents=True)
    for version in ("3.9.18", "3.10.13", "2.7.18"):
        os.symlink(os.path.join(VERSIONS, version), str(root / "versions" / version))
    folder = root / "versions" / "3.12.1"
    make_venv(str(folder / "envs" / "proj"), "3.12.1")
    (folder / "bin").mkdir()
    os.symlink(pyenv_python("3.12.1"), str(folder / "bin" / "python"))
    found = [path for path, _ in listed(world.environ(PYENV_ROOT=str(root)))]
    assert found == [
        str(folder / "bin" / "python"),
        str(folder / "envs" / "proj" / "bin" / "python"),
        str(root / "versions" / "3.10.13" / "bin" / "python"),
        str(root / "versions" / "3.9.18" / "bin" / "python"),
        str(root / "versions" / "2.7.18" / "bin" / "python"),
    ]


def test_path_skips_relative_entries_shims_and_non_interpreters(world, tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ("python3.9", "python3", "python3-config", "pythonw", "python", "python3.12"):
        os.symlink(pyenv_python("3.9.18"), str(folder / name))
    shims = tmp_path / "pyenv" / "shims"
    shims.mkdir(parents=True)
    os.symlink(pyenv_python("3.9.18"), str(shims / "python"))
    environ = world.environ(
        PATH=".:relative:%s:%s" % (shims, folder), PYENV_ROOT=str(tmp_path / "pyenv")
    )
    assert [os.path.basename(path) for path, _ in listed(environ)] == [
        "python3",
        "python",
        "python3.12",
        "python3.9",
    ]


def test_system_folders_come_last(world):
    found = sources.candidates(world.environ())
    assert all(source == "system" for _, source in found)
    assert all(os.path.dirname(path) in sources.SYSTEM_FOLDERS for path, _ in found)


# --- layout --------------------------------------------------------------------------------


def test_kinds(world):
    assert layout.kind(world.active, None) == "venv"
    assert layout.kind(world.conda, None) == "conda"
    assert (
        layout.kind(os.path.join(VERSIONS, "3.9.18", "bin", "python3.9"), os.path.dirname(VERSIONS))
        == "pyenv"
    )
    assert layout.kind("/usr/bin/python3", os.path.dirname(VERSIONS)) == "system"


def test_identity_keeps_venvs_apart_from_their_base(world):
    base = os.path.realpath(world.tf311)
    assert layout.identity(world.tf311) != layout.identity(world.cntk311)
    assert layout.identity(world.tf311) != layout.identity(base)
    assert layout.identity(world.tf311) == layout.identity(world.tf311 + "3")  # bin/python3


def test_identity_of_a_link_to_a_venv_python_is_the_base_as_python_itself_decides(world, tmp_path):
    link = tmp_path / "python3"
    os.symlink(world.tf311, str(link))
    assert layout.identity(str(link)) == layout.identity(os.path.realpath(world.tf311))
    prefix = subprocess.check_output([str(link), "-c", "import sys; print(sys.prefix)"])
    assert prefix.decode().strip() == os.path.join(VERSIONS, "3.11.7")
