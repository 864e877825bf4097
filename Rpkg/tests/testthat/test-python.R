keras_python_message <- function(value, problem) {
  paste0(
    "KERAS_PYTHON is set to \"", value, "\", ", problem, ". Set KERAS_PYTHON to the Python ",
    "executable (or the folder) of an environment that has kerasbridge (such as ",
    "~/.virtualenvs/r-kerasbridge/bin/python, which install_kerasbridge() creates), or unset it ",
    "(Sys.unsetenv(\"KERAS_PYTHON\")) to let discovery choose; keras_environments() lists the ",
    "candidates."
  )
}

test_that("KERAS_PYTHON pointing nowhere stops backend() before Python starts [fresh R]", {
  skip_on_cran()
  result <- in_fresh_r(function() {
    library(kerasbridge)
    error <- tryCatch(backend(), error = function(error) error)
    list(class = class(error), message = conditionMessage(error),
         started = reticulate::py_available())
  }, env = c(KERAS_PYTHON = "/nowhere/bin/python"))
  expect_identical(result$message,
                   keras_python_message("/nowhere/bin/python", "which does not exist"))
  expect_identical(result$class,
                   c("kerasbridge_bad_python", "kerasbridge_error", "error", "condition"))
  expect_false(result$started)
})

test_that("KERAS_PYTHON naming a folder without Python or a file that cannot run is refused", {
  folder <- withr::local_tempdir()
  expect_identical(error_message(check_keras_python(folder)),
                   keras_python_message(folder, "a folder without bin/python"))
  script <- file.path(folder, "python")
  writeLines("not a program", script)
  Sys.chmod(script, "0644")
  expect_identical(error_message(check_keras_python(script)),
                   keras_python_message(script, "which is not executable"))
})

test_that("KERAS_PYTHON keeps the virtualenv's own path (links are not resolved)", {
  folder <- withr::local_tempdir()
  dir.create(file.path(folder, "bin"))
  link <- file.path(folder, "bin", "python3")
  file.symlink(bootstrap_pythons()[[1]], link)
  expected <- file.path(normalizePath(folder), "bin", "python3")
  expect_identical(check_keras_python(link), expected)
  expect_identical(check_keras_python(folder), expected)
})

test_that("a KERAS_PYTHON without kerasbridge is an error that says how to fix it [fresh R]", {
  skip_on_cran()
  bare <- file.path(withr::local_tempdir(), "bare")
  processx::run(bootstrap_pythons()[[1]], c("-m", "venv", "--without-pip", bare))
  python <- file.path(bare, "bin", "python")
  result <- in_fresh_r(function() {
    library(kerasbridge)
    error <- tryCatch(backend(), error = function(error) error)
    list(class = class(error), message = conditionMessage(error))
  }, env = c(KERAS_PYTHON = python))
  expect_identical(result$class[[1]], "kerasbridge_bad_python")
  expect_identical(result$message, paste0(
    "The Python ", python, " (environment variable KERAS_PYTHON) cannot import kerasbridge: ",
    "ModuleNotFoundError: No module named 'kerasbridge'. Install kerasbridge and an engine ",
    "there, use install_kerasbridge() to create an environment that has them, or point ",
    "KERAS_PYTHON at one; keras_environments() lists the interpreters found."
  ))
})

test_that("the bundled command line runs with a bootstrap Python, without binding Python", {
  local_keras_home('{"floatx": "float64"}')
  output <- jsonlite::fromJSON(run_bridge_command(c("config", "--json")))
  expect_identical(output$settings$floatx[c("value", "source")], list(value = "float64",
    source = paste0("keras.json:", file.path(Sys.getenv("KERAS_HOME"), "keras.json"))))
  expect_false(python_started())
})

test_that("a kerasbridge error from the command line is reported as it is", {
  local_keras_home('{"floatx": "float8"}')
  path <- file.path(Sys.getenv("KERAS_HOME"), "keras.json")
  error <- tryCatch(run_bridge_command(c("config", "--json")), error = identity)
  expect_s3_class(error, "kerasbridge_command_error")
  expect_identical(conditionMessage(error), paste0(
    path, ": key 'floatx' must be one of \"float16\", \"float32\", \"float64\", got 'float8'."
  ))
})

test_that("bootstrap interpreters that cannot run kerasbridge are listed with the reason", {
  folder <- withr::local_tempdir()
  fake <- file.path(folder, "python3")
  writeLines(c("#!/bin/sh", "echo 'Python 2.6 is all I have' >&2", "exit 1"), fake)
  Sys.chmod(fake, "0755")
  withr::local_options(kerasbridge.bootstrap_python = fake)
  expect_identical(bootstrap_pythons()[[1]], fake)
  # Later interpreters still run the command: the fake one is skipped, not fatal.
  expect_type(run_bridge_command(c("config", "--json")), "character")
})

test_that("a RETICULATE_PYTHON that disagrees with kerasbridge's choice is refused [fresh R]", {
  skip_on_cran()
  python <- bootstrap_pythons()[[1]]
  result <- in_fresh_r(function() {
    library(kerasbridge)
    list(message = tryCatch(backend(), error = conditionMessage),
         started = reticulate::py_available())
  }, env = c(KERAS_PYTHON = python, RETICULATE_PYTHON = "/other/bin/python"))
  expect_identical(result$message, paste0(
    "RETICULATE_PYTHON is set to \"/other/bin/python\", which makes reticulate ignore the ",
    "interpreter kerasbridge chose, ", absolute_path(python), " (environment variable ",
    "KERAS_PYTHON). Unset it (Sys.unsetenv(\"RETICULATE_PYTHON\")) before backend(), or set ",
    "KERAS_PYTHON to the interpreter you want."
  ))
  expect_false(result$started)
})

test_that("a Poetry pyproject.toml in the working folder does not take over [fresh R]", {
  python <- test_python()
  project <- withr::local_tempdir()
  writeLines(c("[tool.poetry]", "name = \"other\""), file.path(project, "pyproject.toml"))
  result <- in_fresh_r(function(project, python) {
    setwd(project)
    warnings <- character()
    withCallingHandlers(
      kerasbridge:::bind_python(list(path = python, reason = "test")),
      warning = function(warning) {
        warnings <<- c(warnings, conditionMessage(warning))
        invokeRestart("muffleWarning")
      }
    )
    list(python = reticulate::py_config()$python, warnings = warnings,
         reticulate_python = Sys.getenv("RETICULATE_PYTHON", unset = NA))
  }, args = list(project, python))
  expect_identical(result$python, python)
  expect_identical(result$warnings, character())
  expect_identical(result$reticulate_python, NA_character_)
})

test_that("Python subprocesses do not get the library folders R puts first for itself", {
  prefix <- r_library_path()
  skip_if(!nzchar(prefix), "this R sets no library path of its own")
  withr::local_envvar(LD_LIBRARY_PATH = paste(prefix, "/opt/mine", sep = ":"))
  expect_identical(python_library_path(), "/opt/mine")
  withr::local_envvar(LD_LIBRARY_PATH = prefix)
  expect_identical(python_library_path(), "")
  ssl <- with_python_library_path(system2(
    bootstrap_pythons()[[1]], c("-c", shQuote("import ssl; print('ssl works')")),
    stdout = TRUE, stderr = TRUE
  ))
  expect_identical(ssl, "ssl works")
  expect_identical(Sys.getenv("LD_LIBRARY_PATH"), prefix)
})
