"""The 60 environments the discovery benchmark scans: real venvs made from pyenv's CPythons
3.6 to 3.11, with stand-in packages (a module with
``__version__`` plus a dist-info), built once into a folder that is reused while it is complete.
"""

import os
import shutil
import subprocess
from typing import List

# Not 3.12+: reticulate 1.28's probe (config/config.py) compares `sys.version < '3.4'` as
# strings, imports the `imp` module that 3.12 removed, and py_discover_config() then stops with
# an error. kerasbridge handles 3.12/3.13 (see tests/discovery), but the comparison needs a world
# both can scan.
VERSIONS = ("3.6.15", "3.7.16", "3.8.18", "3.9.18", "3.10.13", "3.11.7")
COUNT = 60
_MARKER = ".complete-v3"


def pyenv_versions() -> str:
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    return os.path.join(root, "versions")


def build(folder: str) -> List[str]:
    """The environments' folders, building whatever is missing (about 15 s the first time)."""
    workon = os.path.join(folder, "workon")
    names = ["env-%02d" % index for index in range(COUNT)]
    if not os.path.exists(os.path.join(folder, _MARKER)):
        shutil.rmtree(workon, ignore_errors=True)
        os.makedirs(workon)
        for index, name in enumerate(names):
            _build_one(os.path.join(workon, name), index)
        open(os.path.join(folder, _MARKER), "w").close()
    return [os.path.join(workon, name) for name in names]


def _build_one(env: str, index: int) -> None:
    version = VERSIONS[index % len(VERSIONS)]
    short = ".".join(version.split(".")[:2])
    base = os.path.join(pyenv_versions(), version)
    subprocess.check_call(
        [os.path.join(base, "bin", "python" + short), "-m", "venv", "--without-pip", env]
    )
    site = os.path.join(env, "lib", "python" + short, "site-packages")
    for name, version_text, every in (
        ("kerasbridge", "0.1.0", 2),
        ("tensorflow", "2.21.0", 3),
        ("pytensor", "2.30.3", 4),
        ("cntk", "2.7.post2", 5),
    ):
        if index % every == 0:
            _stand_in(site, name, version_text)


def _stand_in(site: str, name: str, version: str) -> None:
    os.makedirs(os.path.join(site, name))
    with open(os.path.join(site, name, "__init__.py"), "w") as handle:
        handle.write('__version__ = "%s"\n' % version)
    dist = os.path.join(site, "%s-%s.dist-info" % (name, version))
    os.makedirs(dist)
    with open(os.path.join(dist, "METADATA"), "w") as handle:
        handle.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version))
