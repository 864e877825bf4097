"""Implementation "tensorflow" (tf_keras) specifics: it refuses other backends, runs in graph
mode, keeps tf_keras's config in step with kerasbridge's settings, and adapts tf_keras where it
differs from the spec. It switches eager execution off for its whole process, so everything
runs in child interpreters (the conformance suite covers the API: run it with
KERAS_IMPLEMENTATION=tensorflow)."""

import importlib.util
import json
import math
import os

import pytest

from ..conftest import clean_environ, run_python

# Looked up, not imported: this process may run another implementation.
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tf_keras") is None,
    reason="tf_keras is not installed in this interpreter",
)

PROBE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_tf_keras_probe.py")
LOAD_AND_REPORT_TENSORFLOW = (
    "import sys\n"
    "try:\n"
    "    import kerasbridge.backend\n"
    "except Exception as error:\n"
    "    print(type(error).__name__ + ': ' + str(error))\n"
    "    print('tensorflow imported: %s' % ('tensorflow' in sys.modules))\n"
)


def _report_lines(stdout, count):
    """The last ``count`` lines of a child's stdout: what our code printed. In a long test run
    TensorFlow's import has been seen printing a stray traceback to stdout before them."""
    return stdout.strip().splitlines()[-count:]


def write_keras_json(folder, **values):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "keras.json").write_text(json.dumps(values))
    return folder


@pytest.mark.parametrize("source", ["environment", "keras.json"])
def test_theano_backend_is_a_config_error_before_any_engine_loads(home, source):
    if source == "environment":
        environ = clean_environ(home, KERAS_IMPLEMENTATION="tensorflow", KERAS_BACKEND="theano")
        origin = "KERAS_BACKEND"
    else:
        keras_home = write_keras_json(home / "kh", backend="theano")
        environ = clean_environ(home, KERAS_IMPLEMENTATION="tensorflow", KERAS_HOME=keras_home)
        origin = str(keras_home / "keras.json")
    result = run_python(LOAD_AND_REPORT_TENSORFLOW, environ)
    assert result.returncode == 0, result.stderr
    message, imported = _report_lines(result.stdout, 2)
    assert message.startswith(
        'ConfigError: implementation "tensorflow" (from KERAS_IMPLEMENTATION) supports only '
        'the "tensorflow" backend, but the backend is "theano" (from %s).' % origin
    )
    assert 'Use implementation "keras" for the theano engine' in message
    assert imported == "tensorflow imported: False"


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    """What the probe observes in an interpreter running implementation "tensorflow"."""
    home = tmp_path_factory.mktemp("home")
    keras_home = write_keras_json(home / "kh", floatx="float64")
    environ = clean_environ(
        home, KERAS_IMPLEMENTATION="tensorflow", KERAS_HOME=keras_home, TF_CPP_MIN_LOG_LEVEL=3
    )
    with open(PROBE) as handle:
        result = run_python(handle.read(), environ, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(_report_lines(result.stdout, 1)[0])


@pytest.mark.slow
def test_it_loads_tf_keras_in_graph_mode_with_every_function(seen):
    assert seen["engine"] == ["tensorflow", "tensorflow"]
    assert seen["executing_eagerly"] is False
    assert seen["unsupported"] == []


@pytest.mark.slow
def test_floatx_follows_keras_json_and_every_change(seen):
    assert seen["floatx_from_file"] == ["float64", "float64", "float64", "float64"]
    assert seen["floatx_after_set"] == ["float16", "float16", "float16"]
    assert seen["floatx_after_configure"] == ["float32", "float32"]


@pytest.mark.slow
def test_a_refused_floatx_changes_nothing(seen):
    kind, message = seen["floatx_refused"]
    assert kind == "ConfigError"
    assert (
        message == 'floatx (explicit) must be one of "float16", "float32", "float64", '
        "got 'float8'."
    )
    assert seen["floatx_kept_after_refusal"] == ["float32", "float32"]


@pytest.mark.slow
def test_epsilon_reaches_tf_keras_crossentropy(seen):
    ours, theirs, loss = seen["epsilon"]
    assert ours == theirs == 1e-4
    assert loss == pytest.approx(-math.log(2e-4), rel=1e-4)


@pytest.mark.slow
def test_image_data_format_reaches_tf_keras_conv2d(seen):
    assert seen["conv2d_channels_first"] == [[[[4.0, 4.0], [4.0, 4.0]]]]
    assert seen["image_data_format"] == ["channels_first", "channels_first"]


@pytest.mark.slow
def test_the_guard_refuses_a_float_shape(seen):
    assert seen["guard"] == [
        "IntegerTypeError",
        "placeholder(): shape[0] must be a non-negative integer, got 2.0 (float). "
        "From R, write 2L.",
    ]


@pytest.mark.slow
def test_function_takes_inputs_as_nested_lists(seen):
    loss, gradient = seen["quick_start"]
    assert loss == pytest.approx(1.0)
    assert gradient == [[2.0], [0.0], [0.0]]


@pytest.mark.slow
def test_beam_search_merges_repeated_labels_only_when_asked(seen):
    # Padded to the longest decoded path, as in Keras 2.3.1 (tf_keras pads to the time steps).
    assert seen["beam_merge_False"] == [[0, 0]]
    assert seen["beam_merge_True"] == [[0]]


@pytest.mark.slow
def test_session_run_takes_feeds_as_dict_or_pairs(seen):
    assert seen["session_feeds"] == [[2.0, 4.0], [6.0, 8.0]]


@pytest.mark.slow
def test_function_with_updates_only(seen):
    assert seen["updates_only"] == 2.0


@pytest.mark.slow
def test_keras_json_that_tf_keras_cannot_read_is_a_config_error(home):
    keras_home = write_keras_json(home / "kh", floatx=" Float64")
    environ = clean_environ(
        home, KERAS_IMPLEMENTATION="tensorflow", KERAS_HOME=keras_home, TF_CPP_MIN_LOG_LEVEL=3
    )
    result = run_python(LOAD_AND_REPORT_TENSORFLOW, environ, timeout=300)
    assert result.returncode == 0, result.stderr
    message = _report_lines(result.stdout, 2)[0]
    assert message.startswith(
        'ConfigError: Implementation "tensorflow" could not start: TensorFlow reads %s itself'
        % (keras_home / "keras.json")
    )
    assert '"floatx": "float32"' in message
