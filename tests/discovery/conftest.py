"""Real interpreters for discovery tests, built once per session.

Venvs are made from pyenv's CPythons with ``-m venv --without-pip``; engines are *stand-ins*:
a package folder with ``__version__`` plus a dist-info with METADATA, which is all discovery
reads (it never imports what it looks for). The conda environment has conda's layout: a
``conda-meta`` folder and its own interpreter (a copy of pyenv's 3.9 launcher, which finds its
prefix from its own location) with the standard library linked in. Python 3.6-compatible.
"""

import os
import shutil
import stat
import subprocess
import sys

import pytest

PYENV_ROOT = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
VERSIONS = os.path.join(PYENV_ROOT, "versions")
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pyenv_python(version):
    """The executable of a pyenv version such as "3.11.7", or skip the test."""
    short = ".".join(version.split(".")[:2])
    path = os.path.join(VERSIONS, version, "bin", "python" + short)
    if not os.path.exists(path):
        pytest.skip("pyenv's CPython %s is not installed at %s" % (version, path))
    return path


def installed_pyenv_versions():
    try:
        names = os.listdir(VERSIONS)
    except OSError:
        return []
    return sorted(name for name in names if name[0].isdigit())


def site_packages(env):
    lib = os.path.join(env, "lib")
    (name,) = [entry for entry in os.listdir(lib) if entry.startswith("python")]
    return os.path.join(lib, name, "site-packages")


def add_stand_in(env, name, version, module=True, metadata=True):
    """A package discovery will report: module folder and/or dist-info with a version."""
    target = site_packages(env)
    if module:
        folder = os.path.join(target, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "__init__.py"), "w") as handle:
            handle.write('__version__ = "%s"\nraise ImportError("a stand-in")\n' % version)
    if metadata:
        dist = os.path.join(target, "%s-%s.dist-info" % (name, version))
        os.makedirs(dist, exist_ok=True)
        with open(os.path.join(dist, "METADATA"), "w") as handle:
            handle.write(
                "Metadata-Version: 2.1\nName: %s\nVersion: %s\n\nA stand-in.\n" % (name, version)
            )


def make_venv(folder, version, packages=()):
    python = pyenv_python(version)
    subprocess.check_call([python, "-m", "venv", "--without-pip", folder])
    for name, package_version in packages:
        add_stand_in(folder, name, package_version)
    return os.path.join(folder, "bin", "python")


def make_conda_env(folder, version, packages=()):
    """conda's layout: conda-meta/, bin/pythonX.Y (its own copy), lib/pythonX.Y/ linking the
    base's standard library, and a real site-packages of its own."""
    base = os.path.join(VERSIONS, version)
    short = ".".join(version.split(".")[:2])
    pyenv_python(version)
    os.makedirs(os.path.join(folder, "conda-meta"))
    with open(os.path.join(folder, "conda-meta", "history"), "w") as handle:
        handle.write("==> 2026-11-29 00:00:00 <==\n")
    os.makedirs(os.path.join(folder, "bin"))
    executable = os.path.join(folder, "bin", "python" + short)
    shutil.copy2(os.path.join(base, "bin", "python" + short), executable)
    os.symlink("python" + short, os.path.join(folder, "bin", "python"))
    stdlib = os.path.join(base, "lib", "python" + short)
    own = os.path.join(folder, "lib", "python" + short)
    os.makedirs(os.path.join(own, "site-packages"))
    for entry in os.listdir(stdlib):
        if entry != "site-packages":
            os.symlink(os.path.join(stdlib, entry), os.path.join(own, entry))
    for name, package_version in packages:
        add_stand_in(folder, name, package_version)
    return os.path.join(folder, "bin", "python")


def write_script(path, text, mode=0o755):
    """A fake interpreter (fault injection only)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)
    os.chmod(path, mode)
    return path


class World(object):
    """Environments for a whole session; ``environ()`` gives a hermetic environment."""

    def __init__(self, root):
        self.root = root
        self.home = os.path.join(root, "home")
        self.workon = os.path.join(root, "workon")
        self.empty_pyenv = os.path.join(root, "no-pyenv")
        os.makedirs(self.home)
        os.makedirs(self.empty_pyenv)
        kb = ("kerasbridge", "0.1.0")
        self.tf311 = make_venv(
            os.path.join(self.workon, "a-kb-tf-311"), "3.11.7", [kb, ("tensorflow", "2.21.0")]
        )
        self.cntk311 = make_venv(
            os.path.join(self.workon, "b-kb-cntk-311"), "3.11.7", [kb, ("cntk", "2.7.post2")]
        )
        self.cntk36 = make_venv(
            os.path.join(self.workon, "c-kb-cntk-36"), "3.6.15", [kb, ("cntk", "2.7.post2")]
        )
        self.pytensor38 = make_venv(
            os.path.join(self.workon, "d-pytensor-38"), "3.8.18", [("pytensor", "2.30.3")]
        )
        self.theano313 = make_venv(
            os.path.join(self.workon, "e-kb-theano-313"), "3.13.0", [kb, ("theano", "1.0.5")]
        )
        self.active = make_venv(
            os.path.join(root, "active"),
            "3.9.18",
            [kb, ("tensorflow", "2.21.0"), ("tf_keras", "2.21.0")],
        )
        odd = os.path.join(root, "envs with spaces", "\u00fcn\u00efc\u00f8d\u00e9 env")
        self.odd = make_venv(odd, "3.10.13", [kb, ("tensorflow", "2.20.0")])
        self.conda = make_conda_env(
            os.path.join(root, "conda", "envs", "kb-conda"), "3.9.18", [kb, ("pytensor", "2.30.3")]
        )

    def environ(self, **overrides):
        """Only what is given: HOME is the session's empty home, no pyenv unless asked."""
        environ = {
            "HOME": self.home,
            "PATH": "",
            "PYENV_ROOT": self.empty_pyenv,
            "WORKON_HOME": os.path.join(self.root, "no-workon"),
            "LANG": "C.UTF-8",
        }
        environ.update(overrides)
        return {key: str(value) for key, value in environ.items() if value is not None}


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    return World(str(tmp_path_factory.mktemp("discovery-world")))


@pytest.fixture
def cache_dir(tmp_path):
    return str(tmp_path / "cache")


def by_path(result):
    return {candidate.path: candidate for candidate in result.candidates}


def executable_bit_cleared(path):
    os.chmod(path, os.stat(path).st_mode & ~(stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH))


PYTHON = sys.executable
