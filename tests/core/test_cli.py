"""`python -m kerasbridge config` prints every setting with its source."""

import json

from ..conftest import clean_environ, run_python

RUN_CLI = (
    "import runpy, sys; sys.argv = ['kerasbridge'] + %r; "
    "runpy.run_module('kerasbridge', run_name='__main__', alter_sys=True)"
)


def cli(home, arguments, **environ):
    return run_python(RUN_CLI % (arguments,), clean_environ(home, **environ))


def test_config_prints_each_setting_with_its_source(home):
    (home / ".keras").mkdir()
    (home / ".keras" / "keras.json").write_text('{"floatx": "float64"}')
    result = cli(home, ["config"], KERAS_BACKEND="theano")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows[0] == ["implementation", "keras", "default"]
    assert rows[1] == ["backend", "theano", "env:KERAS_BACKEND"]
    assert rows[2] == ["floatx", "float64", "keras.json:%s" % (home / ".keras" / "keras.json")]
    assert rows[6] == ["keras.json:", str(home / ".keras" / "keras.json")]


def test_config_json(home):
    result = cli(home, ["config", "--json"], KERAS_PYTHON="/opt/python3")
    payload = json.loads(result.stdout)
    assert payload["settings"]["python"] == {"value": "/opt/python3", "source": "env:KERAS_PYTHON"}
    assert payload["settings"]["epsilon"] == {"value": 1e-07, "source": "default"}
    assert payload["config_path"] == str(home / ".keras" / "keras.json")


def test_config_error_is_one_clear_line_and_exit_code_2(home):
    result = cli(home, ["config"], KERAS_IMPLEMENTATION="pytorch")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        'kerasbridge: error: KERAS_IMPLEMENTATION must be one of "keras", "tensorflow", '
        "got 'pytorch'."
    )


def test_no_command_shows_usage(home):
    result = cli(home, [])
    assert result.returncode == 2
    assert "usage: python -m kerasbridge" in result.stderr


def test_a_reader_that_went_away_is_not_an_error(home):
    import os
    import subprocess
    import sys

    from ..conftest import BRIDGE

    read_end, write_end = os.pipe()
    os.close(read_end)  # like `... | head` once head has exited: every write fails with EPIPE
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kerasbridge", "config"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=clean_environ(home),
            cwd=BRIDGE,
            universal_newlines=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
