"""What a candidate path is: its environment folder, its kind, and its identity.

Kinds come from marker files, never from running anything: ``conda-meta/`` marks a conda
environment, ``pyvenv.cfg`` a venv (or virtualenv >= 20), a folder under pyenv's ``versions/``
a pyenv build; everything else is "system".

Identity: candidates are de-duplicated by the real path of the executable, *plus* the real
path of the venv they belong to. A venv's ``bin/python`` is a symlink to its base interpreter,
so the real path alone would merge every venv into its base; but Python decides that it runs
in a venv from the ``pyvenv.cfg`` next to the path it was started as, so the venv folder is
part of what the interpreter is.
"""

import os
from typing import Optional

KINDS = ("venv", "conda", "pyenv", "system")


def bin_folder_root(path: str) -> str:
    """The environment folder of ``<root>/bin/python``."""
    return os.path.dirname(os.path.dirname(path))


def venv_root(path: str) -> Optional[str]:
    """The venv folder a path starts as (pyvenv.cfg next to it or one level up), or None."""
    folder = os.path.dirname(path)
    for root in (folder, os.path.dirname(folder)):
        if os.path.isfile(os.path.join(root, "pyvenv.cfg")):
            return root
    if os.path.isfile(os.path.join(folder, "activate_this.py")) and not _is_conda(folder):
        return os.path.dirname(folder)  # virtualenv < 20 (no pyvenv.cfg)
    return None


def _is_conda(root: str) -> bool:
    return os.path.isdir(os.path.join(root, "conda-meta"))


def kind(path: str, pyenv_root: Optional[str], venv: Optional[str] = "?") -> str:
    """``venv``: venv_root(path) when the caller has it already."""
    root = bin_folder_root(path)
    if _is_conda(root):
        return "conda"
    if (venv_root(path) if venv == "?" else venv) is not None:
        return "venv"
    if pyenv_root and _is_inside(path, os.path.join(pyenv_root, "versions")):
        return "pyenv"
    return "system"


def identity(path: str, resolver: Optional["Resolver"] = None, venv: Optional[str] = "?") -> str:
    """The de-duplication and cache key of a candidate (see the module docstring).
    ``venv``: venv_root(path) when the caller has it already."""
    resolve = (resolver or Resolver()).realpath
    real = resolve(path)
    root = venv_root(path) if venv == "?" else venv
    if root is None:
        return real
    return "%s::%s" % (resolve(root), real)


class Resolver(object):
    """os.path.realpath with the folders it resolved remembered, for one scan.

    os.path.realpath is pure Python and checks every component of every path again; a scan
    resolves hundreds of paths sharing a few dozen folders. Links are followed up to
    MAX_LINKS deep; a longer chain (a loop) resolves to itself, and the probe's precheck
    reports the loop.
    """

    MAX_LINKS = 40

    def __init__(self) -> None:
        self._folders = {"/": "/"}  # folder as given -> real path

    def realpath(self, path: str) -> str:
        return self._resolve(os.path.abspath(path), 0)

    def _resolve(self, path: str, depth: int) -> str:
        if path in self._folders:
            return self._folders[path]
        parent, name = os.path.split(path)
        here = os.path.join(self._resolve(parent, depth), name)
        resolved = here
        if os.path.islink(here):
            if depth >= self.MAX_LINKS:
                return path
            try:
                target = os.readlink(here)
            except OSError:
                return here
            resolved = self._resolve(
                os.path.normpath(os.path.join(os.path.dirname(here), target)), depth + 1
            )
        self._folders[path] = resolved
        return resolved


def _is_inside(path: str, folder: str) -> bool:
    folder = os.path.join(os.path.abspath(folder), "")
    return os.path.abspath(path).startswith(folder)
