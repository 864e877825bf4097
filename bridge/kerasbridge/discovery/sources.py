"""Candidate interpreters, in the documented order (docs/discovery-json.md):

1. ``KERAS_PYTHON``   (handled by the caller: it must exist)
2. ``VIRTUAL_ENV``    the active virtual environment
3. ``CONDA_PREFIX``   the active conda environment
4. ``registry``       environments that kerasbridge's setup and installers made, listed one
                      folder a line in $XDG_CONFIG_HOME/kerasbridge/environments.txt
                      (default ~/.config/kerasbridge/environments.txt)
5. ``WORKON_HOME``    every virtualenv in $WORKON_HOME (default ~/.virtualenvs), by name
6. ``conda``          ~/.conda/environments.txt, $CONDA_ENVS_PATH, ~/.conda/envs, and the base
                      and envs/ of anaconda/miniconda/miniforge/mambaforge installs in ~ and /opt
7. ``pyenv``          $PYENV_ROOT (default ~/.pyenv) versions, newest first, and their virtualenvs
8. ``PATH``           python3, python, python3.N, python2 in each absolute PATH folder
9. ``system``         /usr/bin, /usr/local/bin

Only the environment mapping passed in is read (never os.environ), and nothing is run here.
Relative PATH entries (such as ".") are skipped: they name the caller's folder. pyenv's
``shims`` folder is skipped too: shims are shell scripts that re-dispatch to the versions
that source 6 already lists.
"""

import os
import re
from typing import Iterator, List, Mapping, Optional, Tuple

SOURCES = (
    "KERAS_PYTHON",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "registry",
    "WORKON_HOME",
    "conda",
    "pyenv",
    "PATH",
    "system",
)

SYSTEM_FOLDERS = ("/usr/bin", "/usr/local/bin")
CONDA_INSTALL_NAMES = (
    "anaconda",
    "anaconda2",
    "anaconda3",
    "miniconda",
    "miniconda2",
    "miniconda3",
    "miniforge",
    "miniforge3",
    "mambaforge",
    "micromamba",
)
_PYTHON_NAME = re.compile(r"^python([23](\.\d+)?)?$")

Candidate = Tuple[str, str]  # (path as found, source)


def home(environ: Mapping[str, str]) -> str:
    """The user's home from the given environment (HOME), else the password database."""
    value = environ.get("HOME", "").strip()
    if value:
        return value
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, AttributeError):
        return os.path.expanduser("~")


def pyenv_root(environ: Mapping[str, str]) -> str:
    return _expand(environ.get("PYENV_ROOT", "").strip() or "~/.pyenv", environ)


def environment_python(folder: str) -> Optional[str]:
    """The interpreter of an environment folder: bin/python, bin/python3, else the newest
    bin/python3.N. Broken links count (they become candidates with a reason)."""
    binaries = os.path.join(folder, "bin")
    for name in ("python", "python3"):
        path = os.path.join(binaries, name)
        if os.path.lexists(path):
            return path
    versioned = [name for name in _list(binaries) if _PYTHON_NAME.match(name)]
    versioned.sort(key=_version_key, reverse=True)
    return os.path.join(binaries, versioned[0]) if versioned else None


def candidates(environ: Mapping[str, str]) -> List[Candidate]:
    """Every candidate after KERAS_PYTHON, in order, duplicates included (the caller merges)."""
    found = []  # type: List[Candidate]
    for source, folders in (
        ("VIRTUAL_ENV", _variable_folder(environ, "VIRTUAL_ENV")),
        ("CONDA_PREFIX", _variable_folder(environ, "CONDA_PREFIX")),
        ("registry", _environments_txt(registry_file(environ))),
        ("WORKON_HOME", _children(_workon_home(environ))),
        ("conda", _conda_folders(environ)),
        ("pyenv", _pyenv_folders(environ)),
    ):
        for folder in folders:
            path = environment_python(folder)
            if path is not None:
                found.append((path, source))
    # A folder reached twice (/bin and /usr/bin on merged-/usr systems; a system folder also on
    # PATH) only repeats its candidates: each real folder is listed once, first source wins.
    seen = {os.path.realpath(os.path.join(pyenv_root(environ), "shims"))}
    for source, folders in (("PATH", _path_folders(environ)), ("system", list(SYSTEM_FOLDERS))):
        for folder in folders:
            real = os.path.realpath(folder)
            if real not in seen:
                seen.add(real)
                found.extend((path, source) for path in _pythons_in([folder]))
    return found


# --- the sources ---------------------------------------------------------------------------


def registry_file(environ: Mapping[str, str]) -> str:
    """kerasbridge's list of environments it made (e.g. .venv-cntk for CNTK), one folder a line,
    kept like conda's environments.txt; setup and the R installer append to it."""
    config_home = environ.get("XDG_CONFIG_HOME", "").strip()
    base = _expand(config_home, environ) if config_home else os.path.join(home(environ), ".config")
    return os.path.join(base, "kerasbridge", "environments.txt")


def _variable_folder(environ: Mapping[str, str], name: str) -> List[str]:
    value = environ.get(name, "").strip()
    return [_expand(value, environ)] if value else []


def _workon_home(environ: Mapping[str, str]) -> str:
    return _expand(environ.get("WORKON_HOME", "").strip() or "~/.virtualenvs", environ)


def _conda_folders(environ: Mapping[str, str]) -> Iterator[str]:
    user = home(environ)
    yield from _environments_txt(os.path.join(user, ".conda", "environments.txt"))
    for folder in environ.get("CONDA_ENVS_PATH", "").split(os.pathsep):
        if folder.strip():
            yield from _children(_expand(folder.strip(), environ))
    yield from _children(os.path.join(user, ".conda", "envs"))
    for install in _conda_installs(environ, user):
        yield install
        yield from _children(os.path.join(install, "envs"))


def _conda_installs(environ: Mapping[str, str], user: str) -> Iterator[str]:
    conda_exe = environ.get("CONDA_EXE", "").strip()
    if conda_exe:
        yield os.path.dirname(os.path.dirname(_expand(conda_exe, environ)))
    for parent in (user, "/opt"):
        for name in CONDA_INSTALL_NAMES:
            folder = os.path.join(parent, name)
            if os.path.isdir(os.path.join(folder, "conda-meta")):
                yield folder


def _environments_txt(path: str) -> List[str]:
    """A registry of environments (conda's, kerasbridge's): one absolute folder per line."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read(1 << 20).splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and os.path.isabs(line.strip())]


def _pyenv_folders(environ: Mapping[str, str]) -> Iterator[str]:
    versions = os.path.join(pyenv_root(environ), "versions")
    names = sorted(_list(versions), key=_version_key, reverse=True)
    for name in names:
        folder = os.path.join(versions, name)
        yield folder
        yield from _children(os.path.join(folder, "envs"))  # pyenv-virtualenv


def _path_folders(environ: Mapping[str, str]) -> List[str]:
    return [entry for entry in environ.get("PATH", "").split(os.pathsep) if os.path.isabs(entry)]


def _pythons_in(folders) -> Iterator[str]:
    for folder in folders:
        names = [
            name for name in _list(folder) if name.startswith("python") and _PYTHON_NAME.match(name)
        ]
        # python3 and python first (what a shell would run), then versioned names, newest first
        names.sort(
            key=lambda name: (
                name not in ("python3", "python"),
                name != "python3",
                [-part for part in _version_key(name)],
            )
        )
        for name in names:
            yield os.path.join(folder, name)


# --- small helpers -------------------------------------------------------------------------


def _children(folder: str) -> List[str]:
    return [os.path.join(folder, name) for name in sorted(_list(folder))]


def _list(folder: str) -> List[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _expand(path: str, environ: Mapping[str, str]) -> str:
    if path == "~" or path.startswith("~/"):
        path = home(environ) + path[1:]
    return os.path.abspath(path)


def _version_key(name: str) -> Tuple[int, ...]:
    """Numbers in a name, for "newest first" sorting (3.10 after 3.9)."""
    return tuple(int(number) for number in re.findall(r"\d+", name))
