test_that("install_kerasbridge() checks its arguments before creating anything", {
  expect_snapshot(install_kerasbridge(file.path(tempdir(), "never"), backend = "mxnet"),
                  error = TRUE)
  expect_snapshot(install_kerasbridge(file.path(tempdir(), "never"), backend = "cntk"),
                  error = TRUE)
  expect_false(dir.exists(file.path(tempdir(), "never")))
})

test_that("the requirement names kerasbridge's extra for the engine", {
  project <- withr::local_tempdir()
  expect_identical(kerasbridge_requirement(project, "theano"),
                   sprintf("%s[pytensor]", normalizePath(project)))
  expect_identical(kerasbridge_requirement("kerasbridge==0.1.0", "cntk"),
                   "kerasbridge==0.1.0[cntk]")
})

test_that("the bundled project is copied whole, ready for pip", {
  copy <- copy_bundled_project()
  withr::defer(unlink(copy, recursive = TRUE))
  expect_true(file.exists(file.path(copy, "pyproject.toml")))
  expect_true(file.exists(file.path(copy, "bridge", "kerasbridge", "__init__.py")))
  expect_true(file.exists(file.path(copy, "bridge", "kerasbridge", "api", "functions.py")))
})

test_that("every engine's extra exists in the bundled pyproject.toml", {
  pyproject <- readLines(system.file("python", "pyproject.toml", package = "kerasbridge"))
  section <- pyproject[seq(grep("^\\[project.optional-dependencies\\]", pyproject),
                           length(pyproject))]
  for (extra in engine_extras) {
    expect_true(any(startsWith(section, paste(extra, "="))), label = extra)
  }
})

test_that("install_kerasbridge() creates a working environment [slow, installs packages]", {
  skip_on_cran()
  if (!identical(Sys.getenv("KERASBRIDGE_TEST_INSTALL"), "true")) {
    skip("set KERASBRIDGE_TEST_INSTALL=true to create a virtualenv and install into it")
  }
  base <- test_python()
  base <- processx::run(base, c("-c", "import sys; print(sys._base_executable)"))$stdout
  envname <- file.path(withr::local_tempdir(), "r-kerasbridge")
  python <- install_kerasbridge(envname, backend = "theano", python = trimws(base))
  expect_identical(python, file.path(envname, "bin", "python"))
  probe <- processx::run(python, c("-c", paste(
    "import kerasbridge, pytensor, numpy;",
    "print(kerasbridge.__version__, int(numpy.__version__.split('.')[0]))"
  )))
  expect_identical(strsplit(trimws(probe$stdout), " ")[[1]], c("0.1.0", "1"))
  withr::local_envvar(KERAS_PYTHON = python)
  expect_true(as.vector(is_backend_available("theano")))
  expect_false(python_started())
})
