# Tests that start Python run in fresh R processes and only when the runner names the
# interpreters (KERASBRIDGE_TEST_PYTHON, KERASBRIDGE_TEST_CNTK_PYTHON) and NOT_CRAN is true;
# the repository's test command (tests/r/ under pytest) sets all three.
library(testthat)
library(kerasbridge)

test_check("kerasbridge")
