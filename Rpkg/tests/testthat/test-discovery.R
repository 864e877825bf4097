# A discovery result as `python -m kerasbridge envs --json` prints it (schema 1).
nothing_fits <- list(
  schema = 1L, implementation = "keras", backend = "theano", selected = NULL,
  reason = "no candidate has kerasbridge with theano or pytensor",
  candidates = list(
    list(path = "/home/u/.virtualenvs/old/bin/python", realpath = "/usr/bin/python3.11",
         source = "WORKON_HOME", kind = "venv", version = "3.11.2",
         packages = list(kerasbridge = "0.1.0", tensorflow = "2.21.0", tf_keras = NULL,
                         theano = NULL, pytensor = NULL, cntk = NULL),
         verdict = "rejected", reason = "has kerasbridge but neither theano nor pytensor"),
    list(path = "/usr/bin/python3", realpath = "/usr/bin/python3.11", source = "PATH",
         kind = "system", version = NULL,
         packages = list(kerasbridge = NULL, tensorflow = NULL, tf_keras = NULL, theano = NULL,
                         pytensor = NULL, cntk = NULL),
         verdict = "rejected", reason = "timed out after 20 s")
  )
)

test_that("the 'no usable Python' message lists every candidate and why it was refused", {
  expect_identical(no_python_message(nothing_fits), c(
    paste0("No Python interpreter with kerasbridge and the \"theano\" engine (implementation ",
           "\"keras\") was found: no candidate has kerasbridge with theano or pytensor"),
    "Scanned 2 interpreters:",
    paste0("  - /home/u/.virtualenvs/old/bin/python (venv, Python 3.11.2): has kerasbridge but ",
           "neither theano nor pytensor"),
    "  - /usr/bin/python3 (system, version unknown): timed out after 20 s",
    paste0("Create one with install_kerasbridge(backend = \"theano\"), or set KERAS_PYTHON to ",
           "the Python executable of an environment that has kerasbridge and the engine.")
  ))
  empty <- nothing_fits
  empty$candidates <- list()
  expect_identical(no_python_message(empty)[[2]], "Scanned no interpreters.")
})

test_that("the discovery table is a data frame with one row per candidate", {
  table <- environments_table(nothing_fits)
  expect_s3_class(table, "data.frame")
  expect_identical(names(table), c("path", "kind", "version", package_columns, "verdict",
                                   "reason", "source", "realpath"))
  expect_identical(table$path, c("/home/u/.virtualenvs/old/bin/python", "/usr/bin/python3"))
  expect_identical(table$version, c("3.11.2", NA))
  expect_identical(table$kerasbridge, c("0.1.0", NA))
  expect_identical(table$tensorflow, c("2.21.0", NA))
  expect_identical(table$verdict, c("rejected", "rejected"))
  expect_null(attr(table, "selected"))
  expect_identical(attr(table, "reason"), nothing_fits$reason)
})

# --- with the real discovery (no Python starts in this process) ---------------------------

# An environment where discovery finds only what the test puts there: an empty home, no
# virtualenv or conda folders, no pyenv, and PATH holding only `bin`.
local_empty_machine <- function(bin, frame = parent.frame()) {
  home <- withr::local_tempdir("home-", .local_envir = frame)
  withr::local_envvar(
    HOME = home, KERAS_HOME = file.path(home, ".keras"), PATH = bin,
    WORKON_HOME = file.path(home, "venvs"), PYENV_ROOT = file.path(home, "pyenv"),
    CONDA_ENVS_PATH = NA, CONDA_PREFIX = NA, VIRTUAL_ENV = NA, KERAS_PYTHON = NA,
    KERAS_BACKEND = NA, KERAS_IMPLEMENTATION = NA, .local_envir = frame
  )
  home
}

test_that("keras_environments() finds the active virtualenv and selects it", {
  python <- test_python()
  withr::local_options(kerasbridge.bootstrap_python = python)
  local_keras_home()
  withr::local_envvar(VIRTUAL_ENV = dirname(dirname(python)))
  table <- keras_environments()
  expect_identical(attr(table, "selected"), python)
  row <- table[table$path == python, ]
  expect_identical(nrow(row), 1L)
  expect_identical(row$verdict, "selected")
  expect_identical(row$kind, "venv")
  expect_false(is.na(row$kerasbridge))
  expect_false(is.na(row$tensorflow))
  expect_false(python_started())
})

test_that("is_backend_available() asks discovery and does not start Python", {
  python <- test_python()
  local_keras_home()
  withr::local_envvar(KERAS_PYTHON = python)
  expect_true(as.vector(is_backend_available("tensorflow")))
  expect_match(attr(is_backend_available("tensorflow"), "reason"), "^forced by KERAS_PYTHON")
  cntk <- is_backend_available("cntk")
  expect_false(as.vector(cntk))
  expect_match(attr(cntk, "reason"), paste0("^KERAS_PYTHON=", python, " does not fit"))
  withr::local_envvar(KERAS_PYTHON = "/nowhere/python")
  nowhere <- is_backend_available("tensorflow")
  expect_false(as.vector(nowhere))
  expect_match(attr(nowhere, "reason"), "^KERAS_PYTHON is set to \"/nowhere/python\"")
  expect_false(python_started())
})

test_that("no usable Python: backend() lists what was scanned and why [fresh R]", {
  python <- test_python()
  bare <- file.path(withr::local_tempdir(), "bare")
  processx::run(python, c("-m", "venv", "--without-pip", bare))
  local_empty_machine(paste(file.path(bare, "bin"), "/usr/bin", "/bin", sep = ":"))
  result <- in_fresh_r(function(bootstrap) {
    options(kerasbridge.bootstrap_python = bootstrap)
    library(kerasbridge)
    error <- tryCatch(backend(), error = identity)
    list(class = class(error), message = conditionMessage(error),
         started = reticulate::py_available())
  }, args = list(python))
  lines <- strsplit(result$message, "\n", fixed = TRUE)[[1]]
  expect_identical(result$class[[1]], "kerasbridge_no_python")
  expect_false(result$started)
  expect_match(lines[[1]], paste0(
    "^No Python interpreter with kerasbridge and the \"tensorflow\" engine \\(implementation ",
    "\"keras\"\\) was found: "
  ))
  expect_match(lines[[2]], "^Scanned [0-9]+ interpreters?:$")
  bare_line <- grep(file.path(bare, "bin", "python"), lines, fixed = TRUE, value = TRUE)
  expect_length(bare_line, 1)
  expect_match(bare_line, "kerasbridge")
  expect_identical(lines[[length(lines)]], paste0(
    "Create one with install_kerasbridge(backend = \"tensorflow\"), or set KERAS_PYTHON to ",
    "the Python executable of an environment that has kerasbridge and the engine."
  ))
})

test_that("without KERAS_PYTHON, backend() binds the interpreter discovery selects [fresh R]", {
  python <- engine_python("tensorflow")
  result <- in_fresh_r(function(bootstrap) {
    options(kerasbridge.bootstrap_python = bootstrap)
    library(kerasbridge)
    K <- backend()
    list(engine = K$backend(), python = reticulate::py_config()$python,
         settings = keras_settings(), two = K$eval(K$ones(shape = list(2L))) * 2)
  }, args = list(python), env = c(VIRTUAL_ENV = dirname(dirname(python))))
  expect_identical(result$engine, "tensorflow")
  expect_identical(result$python, python)
  expect_identical(result$two, array(2, dim = 2L))
  python_row <- result$settings[result$settings$setting == "python", ]
  expect_identical(python_row$value, python)
  expect_match(python_row$source, "^discovery: ")
})
