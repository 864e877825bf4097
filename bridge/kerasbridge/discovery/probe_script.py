# The interpreter probe. Runs *inside* each candidate interpreter, passed with `python -c`.
#
# Constraints (checked by tests on every pyenv version): standard library only; Python 2.7 to
# 3.13; no f-strings. It never imports the packages it looks for: importing TensorFlow takes
# seconds and runs arbitrary code, while reading metadata takes microseconds. It prints one JSON
# object between two marker lines; everything else the interpreter prints is ignored by the
# reader, which treats the whole output as untrusted.
#
# The module is also imported by the runner (Python 3.6+) for PACKAGES and the markers, so its
# top level holds definitions only.

import json
import os
import platform
import re
import struct
import sys

BEGIN = "<<<kerasbridge-probe:begin>>>"
END = "<<<kerasbridge-probe:end>>>"
PROBE_FORMAT = 1

# Import name -> normalised names of the distributions that provide it (any one will do).
PACKAGES = {
    "kerasbridge": ("kerasbridge",),
    "tensorflow": ("tensorflow", "tensorflow_cpu", "tensorflow_gpu", "tensorflow_intel",
                   "tensorflow_macos", "intel_tensorflow", "tf_nightly", "tf_nightly_cpu"),
    "tf_keras": ("tf_keras", "tf_keras_nightly"),
    "theano": ("theano",),
    "pytensor": ("pytensor",),
    "cntk": ("cntk", "cntk_gpu"),
}

# Files that make a directory a regular package; a bare folder (a namespace package) does not
# count, so a stray `tensorflow/` folder is never taken for TensorFlow.
_PACKAGE_MARKERS = ("__init__.py", "__init__.pyc")
_EXTENSION = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_-]+)?\.(so|pyd)$")
_VERSION_LINE = re.compile(r"^__version__\s*=\s*['\"]([^'\"]{1,64})['\"]", re.M)
_HEADER_LIMIT = 65536


def _text(value):
    """A path or string as text (Python 2 gives bytes); undecodable bytes are replaced."""
    if value is None or isinstance(value, type(u"")):  # noqa: UP003 (str is bytes on 2)
        return value
    return value.decode(sys.getfilesystemencoding() or "utf-8", "replace")


def normalise(name):
    """PEP 503 normalisation, with underscores as dist-info folder names use."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _read_head(path):
    handle = open(path, "rb")
    try:
        return handle.read(_HEADER_LIMIT).decode("utf-8", "replace")
    finally:
        handle.close()


def _metadata_version(path):
    """The Version header of a METADATA / PKG-INFO file, or None."""
    try:
        head = _read_head(path)
    except (IOError, OSError):  # noqa: UP024 (distinct on Python 2)
        return None
    for line in head.splitlines():
        if not line.strip():
            break  # the headers end at the first blank line
        if line.lower().startswith("version:"):
            return line.split(":", 1)[1].strip() or None
    return None


def _source_version(path):
    """`__version__ = "x"` read from a module's source without importing it."""
    try:
        match = _VERSION_LINE.search(_read_head(path))
    except (IOError, OSError):  # noqa: UP024 (distinct on Python 2)
        return None
    return match.group(1) if match else None


def _is_editable(dist_info):
    """PEP 660 editable installs map modules through an import hook, not through sys.path."""
    try:
        with open(os.path.join(dist_info, "direct_url.json")) as handle:
            return bool(json.load(handle).get("dir_info", {}).get("editable"))
    except (IOError, OSError, ValueError, AttributeError):  # noqa: UP024
        return False


def search_path(cwd):
    """sys.path as import would use it, minus the current folder (an empty temporary one, but
    skipped anyway: nothing in the caller's folder may count as installed)."""
    entries = []
    for entry in sys.path:
        if not entry or entry == ".":
            continue
        full = os.path.abspath(entry)
        if os.path.realpath(full) == cwd or full in entries or not os.path.exists(full):
            continue
        entries.append(full)
    return entries


def _module_in_directory(directory, names, name):
    """Where `import name` would find a module in this folder, or None."""
    if name in names:
        package = os.path.join(directory, name)
        for marker in _PACKAGE_MARKERS:
            if os.path.isfile(os.path.join(package, marker)):
                return os.path.join(package, marker)
    if name + ".py" in names:
        return os.path.join(directory, name + ".py")
    for entry in names:
        if entry.startswith(name + ".") and _EXTENSION.match(entry):
            return os.path.join(directory, entry)
    return None


def _distributions_in_directory(directory, names):
    """{normalised distribution name: metadata file} for dist-info and egg-info entries."""
    found = {}
    for entry in names:
        if entry.endswith(".dist-info"):
            metadata = os.path.join(directory, entry, "METADATA")
        elif entry.endswith(".egg-info"):
            metadata = os.path.join(directory, entry)
            if os.path.isdir(metadata):
                metadata = os.path.join(metadata, "PKG-INFO")
        else:
            continue
        name = normalise(entry.rsplit(".", 1)[0].split("-", 1)[0])
        if name not in found and os.path.isfile(metadata):
            found[name] = metadata
    return found


def scan(entries):
    """For each import name in PACKAGES: the first module location and metadata file."""
    modules = {}
    distributions = {}
    for directory in entries:
        try:
            names = set(os.listdir(directory))
        except (IOError, OSError):  # noqa: UP024 (distinct on Python 2)
            continue  # a zip or an unreadable folder: ignored
        for name in PACKAGES:
            if name not in modules:
                location = _module_in_directory(directory, names, name)
                if location is not None:
                    modules[name] = location
        for dist, metadata in _distributions_in_directory(directory, names).items():
            distributions.setdefault(dist, metadata)
    return modules, distributions


def describe_packages(entries):
    modules, distributions = scan(entries)
    packages = {}
    for name in sorted(PACKAGES):
        metadata = None
        for dist in PACKAGES[name]:
            if dist in distributions:
                metadata = distributions[dist]
                break
        location = modules.get(name)
        if location is None and metadata is not None and _is_editable(os.path.dirname(metadata)):
            location = "(editable install)"
        if location is None:
            packages[name] = None  # metadata without a module is a broken install: not importable
            continue
        version = _metadata_version(metadata) if metadata else None
        version_file = metadata
        if version is None and location.endswith(".py"):
            version, version_file = _source_version(location), location
        packages[name] = {
            "version": version or "unknown",
            "location": _text(location),
            "version_file": _text(version_file),
        }
    return packages


def _implementation_name():
    implementation = getattr(sys, "implementation", None)
    if implementation is not None:
        return implementation.name
    return platform.python_implementation().lower()


def _library():
    """Whether Python is built as a shared library, and that library's path when it exists."""
    try:
        import sysconfig
    except ImportError:
        return False, None
    shared = bool(sysconfig.get_config_var("Py_ENABLE_SHARED"))
    directory = sysconfig.get_config_var("LIBDIR") or ""
    name = sysconfig.get_config_var("LDLIBRARY") or ""
    path = os.path.join(directory, name)
    return shared, (_text(path) if shared and name and os.path.exists(path) else None)


def _user_site():
    try:
        import site
        return _text(site.getusersitepackages()) if site.ENABLE_USER_SITE else None
    except Exception:
        return None


def collect():
    cwd = os.path.realpath(os.getcwd())
    entries = search_path(cwd)
    shared, library = _library()
    return {
        "probe_format": PROBE_FORMAT,
        "version": platform.python_version(),
        "implementation_name": _implementation_name(),
        "architecture": platform.machine(),
        "pointer_bits": struct.calcsize("P") * 8,
        "executable": _text(sys.executable) or None,
        "prefix": _text(sys.prefix),
        "base_prefix": _text(getattr(sys, "base_prefix", getattr(sys, "real_prefix", sys.prefix))),
        "shared_library": shared,
        "libpython": library,
        "platform": sys.platform,
        "path": [_text(entry) for entry in entries],
        "user_site": _user_site(),
        "packages": describe_packages(entries),
    }


def main():
    try:
        body = json.dumps(collect(), sort_keys=True)
    except Exception as error:  # report, do not crash: the reader turns this into a reason
        body = json.dumps({"probe_error": "%s: %s" % (type(error).__name__, error)})
    sys.stdout.write("\n" + BEGIN + "\n" + body + "\n" + END + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
