# The interpreter probe. Runs *inside* each candidate interpreter, passed with `python -c`.
#
# Constraints (checked by tests on every pyenv version): standard library only; Python 2.7 to
# 3.13; no f-strings. It never imports the packages it looks for: importing TensorFlow takes
# seconds and runs arbitrary code, while reading metadata takes microseconds. It prints one JSON
# object between two marker lines; everything else the interpreter prints is ignored by the
# reader, which treats the whole output as untrusted.
#
# Start-up time is most of a probe's cost, so it imports only os, sys and sysconfig: `platform`,
# `re` and `json` would each add 13-18 ms of CPU on Python 3.11 (measured), more than the
# interpreter's own start. Hence string operations instead of regular expressions, and a small
# JSON writer.
#
# The module is also imported by the runner (Python 3.6+) for the markers, so its top level
# holds definitions only.

import os
import sys

BEGIN = "<<<kerasbridge-probe:begin>>>"
END = "<<<kerasbridge-probe:end>>>"
PROBE_FORMAT = 1

# Import name -> normalised names of the distributions that provide it (any one will do). The
# table comes from the engine registry (kerasbridge.engines.probe_packages): probe.script_text()
# replaces the line below with it when the probe is launched, so a new engine's libraries are
# looked for without an edit here. Run on its own, the probe looks for kerasbridge only.
PACKAGES = {"kerasbridge": ("kerasbridge",)}  # replaced at launch

# Files that make a directory a regular package; a bare folder (a namespace package) does not
# count, so a stray `tensorflow/` folder is never taken for TensorFlow.
_PACKAGE_MARKERS = ("__init__.py", "__init__.pyc")
_EXTENSIONS = (".so", ".pyd")
_HEADER_LIMIT = 65536


def _text(value):
    """A path or string as text (Python 2 gives bytes); undecodable bytes are replaced."""
    if value is None or isinstance(value, type("")):  # noqa: UP003 (str is bytes on 2)
        return value
    return value.decode(sys.getfilesystemencoding() or "utf-8", "replace")


def normalise(name):
    """PEP 503 normalisation, with underscores as dist-info folder names use."""
    name = name.lower().replace("-", "_").replace(".", "_")
    while "__" in name:
        name = name.replace("__", "_")
    return name


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
        head = _read_head(path)
    except (IOError, OSError):  # noqa: UP024 (distinct on Python 2)
        return None
    for line in head.splitlines():
        if not line.startswith("__version__"):
            continue
        value = line[len("__version__") :].strip()
        if value.startswith("="):
            value = value[1:].strip()
            if value[:1] in ("'", '"') and value.find(value[0], 1) > 1:
                return value[1 : value.find(value[0], 1)][:64]
    return None


def _is_editable(dist_info):
    """PEP 660 editable installs map modules through an import hook, not through sys.path."""
    try:
        text = _read_head(os.path.join(dist_info, "direct_url.json"))
    except (IOError, OSError):  # noqa: UP024
        return False
    return '"editable":true' in "".join(text.split())


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
        if entry.startswith(name + ".") and _is_extension(entry[len(name) :]):
            return os.path.join(directory, entry)
    return None


def _is_extension(suffix):
    """ ".so", ".pyd" or an ABI-tagged ".cpython-311-x86_64-linux-gnu.so"."""
    return suffix.endswith(_EXTENSIONS) and suffix.count(".") <= 2


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
    modules = {}  # type: dict
    distributions = {}  # type: dict
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
    packages = {}  # type: dict
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
    import platform  # Python 2 only

    return platform.python_implementation().lower()


def _python_version():
    """As platform.python_version() prints it: 3.11.7, 3.14.0a1, 3.13.0rc2."""
    info = sys.version_info
    text = "%d.%d.%d" % (info[0], info[1], info[2])
    if info[3] != "final":
        text += {"alpha": "a", "beta": "b", "candidate": "rc"}.get(info[3], "") + str(info[4])
    return text


def _machine():
    if hasattr(os, "uname"):
        return os.uname()[4]
    import platform  # Windows

    return platform.machine()


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
        "version": _python_version(),
        "implementation_name": _implementation_name(),
        "architecture": _machine(),
        "pointer_bits": 64 if sys.maxsize > 2**32 else 32,
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


def to_json(value):
    """JSON text, ASCII only (any locale can print it), for the few types collect() returns."""
    if value is None or value is True or value is False:
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(to_json(item) for item in value) + "]"
    if isinstance(value, dict):
        items = sorted((_text(key), item) for key, item in value.items())
        return "{" + ", ".join(_quote(key) + ": " + to_json(item) for key, item in items) + "}"
    return _quote(_text(value))


def _quote(text):
    out = ['"']
    for character in text:
        code = ord(character)
        if character in ('"', "\\"):
            out.append("\\" + character)
        elif 0x20 <= code < 0x7F:
            out.append(character)
        elif code > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
            code -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)))
        else:
            out.append("\\u%04x" % code)
    out.append('"')
    return "".join(out)


def main():
    try:
        body = to_json(collect())
    except Exception as error:  # report, do not crash: the reader turns this into a reason
        body = to_json({"probe_error": "%s: %s" % (type(error).__name__, error)})
    sys.stdout.write("\n" + BEGIN + "\n" + body + "\n" + END + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
