"""The R package's testthat suite, one Rscript per test file (tests/testthat/test-<topic>.R).

Files whose tests start Python (in fresh R processes) or run discovery are marked slow.
"""

import subprocess

import pytest

from .conftest import RPKG, RSCRIPT

TESTTHAT = RPKG / "tests" / "testthat"
SLOW_TOPICS = {"backend", "choices", "discovery", "python"}
SLOW_PREFIXES = ("tensor-", "k-")  # topics computing on every engine in fresh R processes

RUN_FILE = r"""
path <- commandArgs(trailingOnly = TRUE)[[1]]
results <- as.data.frame(testthat::test_file(
  path, package = "kerasbridge", load_package = "installed", reporter = "summary"
))
failed <- sum(results$failed > 0 | results$error)
cat(sprintf("\ntestthat %s: %d tests, %d failed, %d skipped\n", basename(path), nrow(results),
            failed, sum(results$skipped)))
quit(status = if (failed > 0) 1 else 0)
"""


def _topics():
    for path in sorted(TESTTHAT.glob("test-*.R")):
        topic = path.stem[len("test-") :]
        slow = topic in SLOW_TOPICS or topic.startswith(SLOW_PREFIXES)
        marks = [pytest.mark.r] + ([pytest.mark.slow] if slow else [])
        yield pytest.param(topic, marks=marks, id=topic)


@pytest.mark.parametrize("topic", list(_topics()))
def test_testthat_file(topic, r_test_environ):
    completed = subprocess.run(
        [RSCRIPT, "-e", RUN_FILE, str(TESTTHAT / ("test-%s.R" % topic))],
        cwd=str(TESTTHAT),
        env=r_test_environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=1800,
    )
    assert completed.returncode == 0, completed.stdout
    assert "0 failed" in completed.stdout.splitlines()[-1], completed.stdout
