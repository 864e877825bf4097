# Interpreters for the tests that start Python are named by the runner, never guessed:
# KERASBRIDGE_TEST_PYTHON (kerasbridge with TensorFlow, and Theano or PyTensor) and
# KERASBRIDGE_TEST_CNTK_PYTHON (kerasbridge with CNTK, CPython 3.6). Without them, or on CRAN,
# those tests are skipped.
test_python <- function(variable = "KERASBRIDGE_TEST_PYTHON") {
  skip_on_cran()
  path <- Sys.getenv(variable)
  if (!nzchar(path)) {
    skip(paste(variable, "is not set"))
  }
  if (!file.exists(path)) {
    stop(sprintf("%s is set to %s, which does not exist", variable, path))
  }
  path
}

# The interpreter for `engine`, skipping when it lacks kerasbridge's engine module (engines
# are built separately; every engine present is tested).
engine_python <- function(engine) {
  variable <- if (identical(engine, "cntk")) "KERASBRIDGE_TEST_CNTK_PYTHON" else
    "KERASBRIDGE_TEST_PYTHON"
  python <- test_python(variable)
  module <- paste0("kerasbridge.engines.", engine)
  found <- processx::run(python, c("-c", sprintf(
    "import importlib.util, sys; sys.exit(importlib.util.find_spec('%s') is None)", module
  )), error_on_status = FALSE)
  if (found$status != 0) {
    skip(sprintf("%s has no %s", python, module))
  }
  python
}

# Runs `code` (a function) in a fresh R process with the installed kerasbridge. kerasbridge's
# variables are cleared, then `env` is applied; KERAS_HOME points at a private folder so that
# no test reads or writes the user's keras.json.
in_fresh_r <- function(code, env = character(), args = list(), timeout = 1200) {
  settings <- c(KERAS_PYTHON = "", KERAS_BACKEND = "", KERAS_IMPLEMENTATION = "",
                KERAS_HOME = fresh_keras_home())
  settings[names(env)] <- env
  # reticulate takes even an empty RETICULATE_PYTHON as a choice: it must be unset.
  withr::local_envvar(RETICULATE_PYTHON = NA)
  callr::r(code, args = args, libpath = .libPaths(), timeout = timeout,
           env = c(callr::rcmd_safe_env(), settings))
}

fresh_keras_home <- function() {
  home <- tempfile("keras-home-")
  dir.create(home)
  home
}

# Sets up a private KERAS_HOME for the calling test, optionally with a keras.json.
local_keras_home <- function(json = NULL, frame = parent.frame()) {
  home <- withr::local_tempdir("keras-home-", .local_envir = frame)
  if (!is.null(json)) {
    writeLines(json, file.path(home, "keras.json"))
  }
  withr::local_envvar(KERAS_HOME = home, KERAS_PYTHON = NA, KERAS_BACKEND = NA,
                      KERAS_IMPLEMENTATION = NA, .local_envir = frame)
  home
}

# Forgets use_backend()/use_implementation() choices made by the calling test.
local_choices <- function(frame = parent.frame()) {
  saved <- .state$choices
  withr::defer(.state$choices <- saved, envir = frame)
  .state$choices <- list()
}

# The message of the error `expr` signals (a condition object's message, exactly).
error_message <- function(expr) {
  tryCatch({
    expr
    NA_character_
  }, error = function(error) conditionMessage(error))
}

# Signals again a condition caught in a fresh R process, for expect_snapshot(error = TRUE).
resignal <- function(condition) stop(condition)
