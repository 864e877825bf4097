"""examples/demo.R, the main job's R half, run as a user would with Rscript."""

import re
import sys

import pytest

from .conftest import REPO_ROOT, RSCRIPT, run

pytestmark = [pytest.mark.r, pytest.mark.slow]


def test_demo_r_prints_a_function_and_a_gradient(r_test_environ, tmp_path):
    environ = dict(
        r_test_environ,
        KERAS_PYTHON=sys.executable,
        KERAS_HOME=str(tmp_path),
    )
    # As a user runs it: no log level chosen, engine logs not asked for.
    environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    environ.pop("KERASBRIDGE_ENGINE_LOGS", None)
    completed = run(
        [RSCRIPT, REPO_ROOT / "examples" / "demo.R"], cwd=str(REPO_ROOT), env=environ, timeout=600
    )
    output = completed.stdout
    assert completed.returncode == 0, output
    assert "on the tensorflow engine" in output
    assert "placeholder list(NULL, 3L)  variable list(3L, 1L) float32" in output
    assert "x %*% w          = 1 5" in output
    assert "mean((x %*% w)^2) = 13" in output
    assert "d loss / d w     = 1 5 5" in output
    assert "gradient matches R: TRUE" in output
    assert (
        "strict integers: placeholder(): shape[0] must be a non-negative integer, got 2.0 "
        "(float). From R, write 2L. [kerasbridge_integer_type_error]"
    ) in output
    assert "Warning" not in output, output
    assert not ENGINE_LOG_LINE.search(output), output


# What TensorFlow's C++ start-up writes (absl, glog-style "I0000 00:00:... file.cc:31] ..."):
# stdout and stderr are one stream here, so none of it may appear.
ENGINE_LOG_LINE = re.compile(r"absl::InitializeLog|^[IWEF]\d{4} \d\d:\d\d:", re.MULTILINE)
