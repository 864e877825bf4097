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


def kind(path: str, pyenv_root: Optional[str]) -> str:
    root = bin_folder_root(path)
    if _is_conda(root):
        return "conda"
    if venv_root(path) is not None:
        return "venv"
    if pyenv_root and _is_inside(path, os.path.join(pyenv_root, "versions")):
        return "pyenv"
    return "system"


def identity(path: str) -> str:
    """The de-duplication and cache key of a candidate (see the module docstring)."""
    real = os.path.realpath(path)
    root = venv_root(path)
    if root is None:
        return real
    return "%s::%s" % (os.path.realpath(root), real)


def _is_inside(path: str, folder: str) -> bool:
    folder = os.path.join(os.path.abspath(folder), "")
    return os.path.abspath(path).startswith(folder)
