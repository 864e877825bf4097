"""Settings: precedence explicit > environment variable > keras.json > default, with sources."""

import json

import pytest

from kerasbridge import settings
from kerasbridge.engines import BACKENDS
from kerasbridge.errors import BackendAlreadyLoadedError, ConfigError


def keras_json(home, **values):
    folder = home / ".keras"
    folder.mkdir(exist_ok=True)
    (folder / "keras.json").write_text(json.dumps(values))
    return str(folder / "keras.json")


# (setting, explicit value, environment variable and value, keras.json value, default)
CASES = [
    ("backend", "cntk", ("KERAS_BACKEND", "theano"), "cntk", "tensorflow"),
    ("implementation", "tensorflow", ("KERAS_IMPLEMENTATION", "tensorflow"), None, "keras"),
    ("python", "/opt/py/bin/python", ("KERAS_PYTHON", "/usr/bin/python3"), None, None),
    ("floatx", "float16", None, "float64", "float32"),
    ("epsilon", 0.5, None, 0.001, 1e-07),
    ("image_data_format", "channels_first", None, "channels_first", "channels_last"),
]
IDS = [case[0] for case in CASES]
# implementation and python are not read from keras.json: they choose what to load, before loading.
FILE_CASES = [case for case in CASES if case[3] is not None]
ENV_CASES = [case for case in CASES if case[2] is not None]


def resolve(home, explicit=None, environ=None):
    environ = dict(environ or {}, HOME=str(home))
    return settings.resolve(explicit, environ)


@pytest.mark.parametrize("name,explicit,env,in_file,default", CASES, ids=IDS)
def test_default_when_nothing_is_set(home, name, explicit, env, in_file, default):
    resolved = resolve(home)
    assert resolved[name] == settings.Setting(name, default, "default")


@pytest.mark.parametrize(
    "name,explicit,env,in_file,default", FILE_CASES, ids=[case[0] for case in FILE_CASES]
)
def test_keras_json_beats_the_default(home, name, explicit, env, in_file, default):
    path = keras_json(home, **{name: in_file})
    assert resolve(home)[name] == settings.Setting(name, in_file, "keras.json:" + path)


@pytest.mark.parametrize(
    "name,explicit,env,in_file,default", ENV_CASES, ids=[case[0] for case in ENV_CASES]
)
def test_environment_beats_keras_json(home, name, explicit, env, in_file, default):
    variable, value = env
    keras_json(home, backend="tensorflow" if name == "implementation" else "cntk")
    resolved = resolve(home, environ={variable: value})
    assert resolved[name] == settings.Setting(name, value, "env:" + variable)


@pytest.mark.parametrize("name,explicit,env,in_file,default", CASES, ids=IDS)
def test_explicit_beats_everything(home, name, explicit, env, in_file, default):
    if in_file is not None:
        keras_json(home, **{name: in_file})
    environ = {env[0]: env[1]} if env else {}
    resolved = resolve(home, explicit={name: explicit}, environ=environ)
    assert resolved[name] == settings.Setting(name, explicit, "explicit")


@pytest.mark.parametrize("raw", [" Theano", "THEANO", "theano\n"])
def test_environment_values_are_trimmed_and_case_insensitive(home, raw):
    assert resolve(home, environ={"KERAS_BACKEND": raw}).backend == "theano"


def test_an_empty_environment_variable_means_unset(home):
    keras_json(home, backend="cntk")
    assert resolve(home, environ={"KERAS_BACKEND": "  "})["backend"].source.startswith(
        "keras.json:"
    )


def test_keras_home_moves_keras_json(home, tmp_path):
    custom = tmp_path / "elsewhere"
    custom.mkdir()
    (custom / "keras.json").write_text('{"floatx": "float16"}')
    resolved = resolve(home, environ={"KERAS_HOME": str(custom)})
    assert resolved["floatx"].source == "keras.json:%s" % (custom / "keras.json")


def test_unknown_environment_value_names_the_variable(home):
    with pytest.raises(ConfigError) as raised:
        resolve(home, environ={"KERAS_BACKEND": "mxnet"})
    assert str(raised.value) == "KERAS_BACKEND must be one of %s, got 'mxnet'." % ", ".join(
        '"%s"' % name for name in BACKENDS
    )


def test_the_tensorflow_implementation_refuses_another_backend(home):
    with pytest.raises(ConfigError) as raised:
        resolve(home, environ={"KERAS_IMPLEMENTATION": "tensorflow", "KERAS_BACKEND": "theano"})
    message = str(raised.value)
    assert 'implementation "tensorflow" (from KERAS_IMPLEMENTATION)' in message
    assert 'backend is "theano" (from KERAS_BACKEND)' in message


def test_python_paths_are_made_absolute(home):
    resolved = resolve(home, environ={"KERAS_PYTHON": "~/envs/a/bin/python"})
    assert resolved.python == str(
        home / "envs" / "a" / "bin" / "python"
    ) or resolved.python.endswith("/envs/a/bin/python")


def test_settings_as_dict_and_text(home):
    resolved = resolve(home, environ={"KERAS_BACKEND": "theano"})
    assert resolved.as_dict()["backend"] == {"value": "theano", "source": "env:KERAS_BACKEND"}
    lines = str(resolved).splitlines()
    assert lines[1].split() == ["backend", "theano", "env:KERAS_BACKEND"]
    assert lines[5].split() == ["python", "(discovery)", "default"]


def test_unknown_setting_is_refused():
    with pytest.raises(ConfigError, match="unknown setting 'flotx'"):
        settings.validate("flotx", "float32", "flotx")


def test_switching_engine_after_load_is_refused(monkeypatch):
    monkeypatch.setattr(settings, "_loaded_engine", ("keras", "tensorflow"))
    monkeypatch.setattr(settings, "_explicit", {})
    monkeypatch.setattr(settings, "_current", None)
    with pytest.raises(BackendAlreadyLoadedError) as raised:
        settings.configure(backend="theano")
    assert 'already loaded with implementation "keras" and backend "tensorflow"' in str(
        raised.value
    )
    assert "KERAS_BACKEND=theano" in str(raised.value)
    settings.configure(backend="tensorflow")  # the engine in use: accepted


def test_implementation_and_python_are_not_read_from_keras_json(home):
    keras_json(home, implementation="tensorflow", python="/x/bin/python")
    resolved = resolve(home)
    assert resolved["implementation"].source == resolved["python"].source == "default"
