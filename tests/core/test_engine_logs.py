"""engine_logs: an engine's start-up output on descriptor 2 is held back, replayed when the
start fails, and shown as it comes with KERASBRIDGE_ENGINE_LOGS=1. Real descriptors (capfd)."""

import os

import pytest

from kerasbridge import engine_logs


def _write_to_descriptor_2(text):
    os.write(2, text.encode())  # as a C++ library does, below Python's sys.stderr


def test_start_up_output_is_held_back(capfd, monkeypatch):
    monkeypatch.delenv(engine_logs.SWITCH, raising=False)
    with engine_logs.quiet_engine_start():
        _write_to_descriptor_2("I0000 cudart_stub.cc:31] Could not find cuda drivers\n")
    _write_to_descriptor_2("after\n")
    assert capfd.readouterr().err == "after\n"


def test_a_failed_start_replays_what_was_held_back(capfd, monkeypatch):
    monkeypatch.delenv(engine_logs.SWITCH, raising=False)
    with pytest.raises(ImportError, match="no engine"):
        with engine_logs.quiet_engine_start():
            _write_to_descriptor_2("the library's own explanation\n")
            raise ImportError("no engine")
    assert capfd.readouterr().err == "the library's own explanation\n"


@pytest.mark.parametrize("value", ["1", "true", " Yes ", "ON"])
def test_the_switch_shows_engine_logs_as_they_come(capfd, monkeypatch, value):
    monkeypatch.setenv(engine_logs.SWITCH, value)
    with engine_logs.quiet_engine_start():
        _write_to_descriptor_2("engine log line\n")
    assert capfd.readouterr().err == "engine log line\n"


@pytest.mark.parametrize("value", ["", "0", "false", "no"])
def test_other_switch_values_keep_the_logs_back(capfd, monkeypatch, value):
    monkeypatch.setenv(engine_logs.SWITCH, value)
    with engine_logs.quiet_engine_start():
        _write_to_descriptor_2("engine log line\n")
    assert capfd.readouterr().err == ""


def test_tensorflow_log_level_is_set_only_where_the_user_set_none(monkeypatch):
    monkeypatch.delenv(engine_logs.SWITCH, raising=False)
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    with engine_logs.quiet_engine_start():
        assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    with engine_logs.quiet_engine_start():
        assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "0"
