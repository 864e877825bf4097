test_that("use_backend() and use_implementation() record a valid choice, normalised", {
  local_choices()
  expect_identical(use_backend(" Theano "), "theano")
  expect_identical(use_implementation("KERAS"), "keras")
  expect_identical(.state$choices, list(backend = "theano", implementation = "keras"))
  expect_identical(requested_engine(), list(backend = "theano", implementation = "keras"))
  expect_false(python_started())
})

test_that("an unknown backend or implementation name is refused with the allowed values", {
  local_choices()
  expect_snapshot(use_backend("tensorfow"), error = TRUE)
  expect_snapshot(use_backend(2), error = TRUE)
  expect_snapshot(use_backend(c("theano", "cntk")), error = TRUE)
  expect_snapshot(use_implementation(NA_character_), error = TRUE)
  expect_error(use_backend("not-an-engine"), class = "kerasbridge_unknown_choice")
  expect_identical(.state$choices, list())
})

test_that("the allowed names agree with the Python package's", {
  script <- paste(
    "import json, sys; sys.path.insert(0, sys.argv[1]); from kerasbridge import config;",
    "print(json.dumps([config.BACKENDS, config.IMPLEMENTATIONS]))"
  )
  output <- processx::run(bootstrap_pythons()[[1]], c("-I", "-c", script, bundled_sources()))
  python <- jsonlite::fromJSON(output$stdout)
  expect_identical(python[[1]], backend_names)
  expect_identical(python[[2]], implementation_names)
})

test_that("environment variables are validated before Python starts", {
  local_choices()
  local_keras_home()
  withr::local_envvar(KERAS_BACKEND = "Theano ", KERAS_IMPLEMENTATION = "")
  expect_identical(requested_engine(), list(backend = "theano", implementation = NULL))
  use_backend("cntk")
  expect_identical(requested_engine()$backend, "cntk")
})

test_that("an unknown KERAS_BACKEND stops backend() before Python starts [fresh R]", {
  skip_on_cran()
  result <- in_fresh_r(function() {
    library(kerasbridge)
    message <- tryCatch(backend(), error = function(error) conditionMessage(error))
    list(message = message, started = reticulate::py_available())
  }, env = c(KERAS_BACKEND = "mxnet"))
  expect_identical(result$message, paste0(
    "KERAS_BACKEND must be one of ", quote_all(backend_names), ", got \"mxnet\". ",
    "Fix it (Sys.setenv(KERAS_BACKEND = \"tensorflow\")) or unset it ",
    "(Sys.unsetenv(\"KERAS_BACKEND\")) before calling backend()."
  ))
  expect_false(result$started)
})

test_that("use_backend(\"nope\") in a fresh session names the allowed engines [fresh R]", {
  skip_on_cran()
  message <- in_fresh_r(function() {
    library(kerasbridge)
    tryCatch(use_backend("nope"), error = function(error) conditionMessage(error))
  })
  expect_identical(message, paste0(
    "use_backend(): `name` must be one of ", quote_all(backend_names), ", ",
    "not the string \"nope\"."
  ))
})

test_that("implementation \"tensorflow\" with another engine stops before Python [fresh R]", {
  skip_on_cran()
  python <- test_python()
  result <- in_fresh_r(function(bootstrap) {
    options(kerasbridge.bootstrap_python = bootstrap)
    library(kerasbridge)
    use_implementation("tensorflow")
    use_backend("theano")
    error <- tryCatch(backend(), error = identity)
    list(class = class(error), message = conditionMessage(error),
         started = reticulate::py_available())
  }, args = list(python))
  expect_identical(result$message, paste0(
    "implementation \"tensorflow\" (from explicit) supports only the \"tensorflow\" backend, but ",
    "the backend is \"theano\" (from explicit). Use implementation \"keras\" for the theano ",
    "engine, or choose the \"tensorflow\" backend."
  ))
  expect_identical(result$class[[1]], "kerasbridge_command_error")
  expect_false(result$started)
})
