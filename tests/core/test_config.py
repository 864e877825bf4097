"""keras.json: location, creation (atomic, never overwriting), validation with clear errors."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from kerasbridge import config
from kerasbridge.engines import BACKENDS
from kerasbridge.errors import ConfigError

from ..conftest import clean_environ, run_python


def environ_for(home, **extra):
    environ = {"HOME": str(home)}
    environ.update(extra)
    return environ


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_location_is_keras_home_else_dot_keras(home, tmp_path):
    assert config.config_dir(environ_for(home)) == str(home / ".keras")
    custom = tmp_path / "custom"
    assert config.config_dir(environ_for(home, KERAS_HOME=" %s " % custom)) == str(custom)
    assert config.config_dir(environ_for(home, KERAS_HOME="")) == str(home / ".keras")


def test_missing_file_is_created_with_the_four_defaults(home):
    path = config.ensure(environ_for(home))
    assert path == str(home / ".keras" / "keras.json")
    with open(path) as handle:
        assert json.load(handle) == {
            "image_data_format": "channels_last",
            "epsilon": 1e-07,
            "floatx": "float32",
            "backend": "tensorflow",
        }
    assert os.listdir(str(home / ".keras")) == ["keras.json"]  # no temporary file left


def test_read_returns_none_for_a_missing_file(home):
    assert config.read(str(home / "nothing.json")) is None


EXISTING = '{"backend":  "Theano",\n "floatx": "float64", "epsilon": 0.001, "my_key": [1, 2]}'


def test_an_existing_file_is_never_rewritten(home):
    path = write(home / ".keras" / "keras.json", EXISTING)
    before = (path.read_bytes(), os.stat(str(path)).st_mtime_ns)
    config.ensure(environ_for(home))
    assert config.read(str(path))["backend"] == "theano"
    assert (path.read_bytes(), os.stat(str(path)).st_mtime_ns) == before


@pytest.mark.slow
def test_an_existing_file_is_byte_identical_after_cli_and_backend_runs(home):
    path = write(home / ".keras" / "keras.json", EXISTING.replace("Theano", "tensorflow"))
    before = (path.read_bytes(), os.stat(str(path)).st_mtime_ns)
    environ = clean_environ(home)
    for code in [
        "import runpy, sys; sys.argv = ['kerasbridge', 'config']; "
        "runpy.run_module('kerasbridge', run_name='__main__')",
        "import kerasbridge.backend",
    ]:
        run_python(code, environ)
    assert (path.read_bytes(), os.stat(str(path)).st_mtime_ns) == before


def test_unknown_keys_are_kept_and_ignored(home):
    path = write(home / ".keras" / "keras.json", EXISTING)
    contents = config.read(str(path))
    assert contents["my_key"] == [1, 2]
    assert contents["floatx"] == "float64" and contents["epsilon"] == 0.001


def test_broken_json_names_file_line_and_column(home):
    path = write(home / ".keras" / "keras.json", '{\n  "floatx": "float32",\n  "epsilon": }\n')
    with pytest.raises(ConfigError) as raised:
        config.read(str(path))
    message = str(raised.value)
    assert str(path) in message and "line 3, column 14" in message
    assert "delete it to get the defaults" in message


@pytest.mark.parametrize(
    "content,expected",
    [
        (
            '{"floatx": 32}',
            'key \'floatx\' must be one of "float16", "float32", "float64", got 32 (int).',
        ),
        (
            '{"floatx": "float8"}',
            'key \'floatx\' must be one of "float16", "float32", "float64", got \'float8\'.',
        ),
        (
            '{"backend": "mxnet"}',
            "key 'backend' must be one of %s, got 'mxnet'."
            % ", ".join('"%s"' % name for name in BACKENDS),
        ),
        (
            '{"image_data_format": "NHWC"}',
            "key 'image_data_format' must be one of "
            '"channels_last", "channels_first", got \'NHWC\'.',
        ),
        (
            '{"epsilon": "small"}',
            "key 'epsilon' must be a small positive number such as 1e-07, got 'small' (str).",
        ),
        (
            '{"epsilon": -1}',
            "key 'epsilon' must be a small positive number such as 1e-07 "
            "(0 < epsilon < 1), got -1.",
        ),
        (
            '{"epsilon": true}',
            "key 'epsilon' must be a small positive number such as 1e-07, got True (bool).",
        ),
        ('["tensorflow"]', "must hold a JSON object such as"),
    ],
    ids=[
        "floatx-type",
        "floatx-value",
        "backend-value",
        "format-value",
        "epsilon-type",
        "epsilon-range",
        "epsilon-bool",
        "not-an-object",
    ],
)
def test_invalid_values_are_config_errors_naming_file_key_value_and_allowed(
    home, content, expected
):
    path = write(home / ".keras" / "keras.json", content)
    with pytest.raises(ConfigError) as raised:
        config.read(str(path))
    assert str(path) in str(raised.value)
    assert expected in str(raised.value)
    assert path.read_text() == content  # an invalid file is left as it is


def test_values_are_trimmed_and_case_insensitive(home):
    path = write(home / ".keras" / "keras.json", '{"backend": " CNTK ", "floatx": "Float16"}')
    contents = config.read(str(path))
    assert (contents["backend"], contents["floatx"]) == ("cntk", "float16")


CREATE = (
    "import os, sys; sys.path.insert(0, %r); from kerasbridge import config; "
    "print(config.ensure(os.environ))"
)


@pytest.mark.slow
def test_fifty_processes_creating_at_once_leave_one_valid_file(tmp_path):
    from ..conftest import BRIDGE

    keras_home = tmp_path / "shared-home"
    environ = dict(os.environ, KERAS_HOME=str(keras_home))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CREATE % BRIDGE],
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(50)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 50, outputs[0][1]
    assert os.listdir(str(keras_home)) == ["keras.json"]
    with open(str(keras_home / "keras.json")) as handle:
        assert json.load(handle) == config.DEFAULTS
    assert {out.decode().strip() for out, _ in outputs} == {str(keras_home / "keras.json")}


READ_ONLY_HOME = 'set -e; mount --bind "$1" "$1"; mount -o remount,bind,ro "$1"; shift; exec "$@"'


def run_with_read_only_home(home, code, environ):
    """Run python code with ``home`` mounted read-only in a private mount namespace
    (root included: EROFS binds everyone)."""
    if not shutil.which("unshare"):
        pytest.skip("util-linux's unshare is missing: cannot make a read-only home")
    command = [
        "unshare",
        "-rm",
        "sh",
        "-c",
        READ_ONLY_HOME,
        "sh",
        str(home),
        sys.executable,
        "-c",
        code,
    ]
    result = subprocess.run(
        command,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=120,
    )
    if "unshare:" in result.stderr or "mount:" in result.stderr:
        pytest.skip("user namespaces are not available here: %s" % result.stderr.strip())
    return result


@pytest.mark.slow
def test_read_only_home_falls_back_to_a_per_user_folder_with_one_warning(home, tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environ = clean_environ(home, TMPDIR=temporary)
    code = (
        "import os, warnings; warnings.simplefilter('always'); from kerasbridge import config;"
        "print(config.ensure(os.environ)); print(config.locate(os.environ))"
    )
    result = run_with_read_only_home(home, code, environ)
    assert result.returncode == 0, result.stderr
    created, located = result.stdout.split()
    assert created == located and created.startswith(str(temporary / "kerasbridge-"))
    assert created.endswith("/keras.json")
    warning_lines = [line for line in result.stderr.splitlines() if "KerasBridgeWarning" in line]
    assert len(warning_lines) == 1
    assert "cannot write %s" % (home / ".keras" / "keras.json") in warning_lines[0]
    assert not (home / ".keras").exists()
    with open(created) as handle:
        assert json.load(handle) == config.DEFAULTS
    assert oct(os.stat(os.path.dirname(created)).st_mode & 0o777) == "0o700"
