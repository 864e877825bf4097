# backend() in fresh R processes, one per engine and way of choosing it, each compared with
# R's own arithmetic. Engines not present in the test interpreters are skipped.

engine_cases <- list(
  list(engine = "tensorflow", via = "default", module = "tensorflow"),
  list(engine = "tensorflow", via = "use_implementation", module = "tf_keras"),
  list(engine = "theano", via = "use_backend", module = "theano"),
  list(engine = "theano", via = "environment", module = "theano"),
  list(engine = "cntk", via = "environment", module = "cntk"),
  list(engine = "jax", via = "use_backend", module = "jax")
)

for (case in engine_cases) local({
  engine <- case$engine
  via <- case$via
  session <- function() engine_session(engine, via, engine_python(case$module))
  label <- sprintf("[%s engine, chosen by %s]", engine, via)

  test_that(paste("backend() starts Python once and returns the same object", label), {
    result <- session()
    expect_false(result$started_before)
    expect_true(result$same_object)
    expect_identical(result$engine, engine)
  })

  test_that(paste("the README's placeholders, variable, zeros and ones work", label), {
    result <- session()
    expect_identical(result$shape_fixed, list(2L, 4L, 5L))
    expect_identical(result$shape_free, list(NULL, 4L, 5L))
    expect_identical(result$ndim, 3L)
    expect_identical(dim(result$var), c(3L, 4L, 5L))
    expect_equal(result$var, result$val, tolerance = 1e-6)
    expect_identical(result$zeros, array(0, dim = c(3L, 4L, 5L)))
    expect_identical(result$ones, array(1, dim = c(3L, 4L, 5L)))
  })

  test_that(paste("a function and a gradient give R's values", label), {
    result <- session()
    y <- result$x %*% result$w
    expect_equal(result$f[[1]], y, tolerance = 1e-6)
    # TensorFlow returns the scalar loss as a number, Theano and CNTK as a 0-d array (dim 1).
    expect_equal(as.vector(result$f[[2]]), sum(y^2), tolerance = 1e-6)
    expect_equal(result$f[[3]], 2 * t(result$x) %*% y, tolerance = 1e-6)
  })

  test_that(paste("doubles and NA where integers are needed: the guard's message", label), {
    result <- session()
    expect_snapshot(resignal(result$double_shape), error = TRUE)
    expect_snapshot(resignal(result$na_shape), error = TRUE)
    expect_snapshot(resignal(result$double_ndim), error = TRUE)
  })

  test_that(paste("the guard's errors are classed R conditions tryCatch can dispatch on", label), {
    result <- session()
    for (error in result[c("double_shape", "na_shape", "double_ndim")]) {
      expect_s3_class(error, c("kerasbridge_integer_type_error", "kerasbridge_error", "error"))
    }
    expect_identical(result$dispatched, "kerasbridge_integer_type_error")
  })

  test_that(paste("the engine cannot change once started", label), {
    result <- session()
    implementation <- if (via == "use_implementation") "tensorflow" else "keras"
    expect_identical(result$switch_backend$message, sprintf(paste0(
      "use_backend(\"%s\"): the kerasbridge backend is already running in this R session on ",
      "the \"%s\" engine (implementation \"%s\", Python %s), and the backend cannot change ",
      "once Python has started. Restart R (in RStudio: Session > Restart R), then call ",
      "use_backend(\"%s\") before backend(), or set KERAS_BACKEND=%s before starting R."
    ), result$other, engine, implementation, result$python, result$other, result$other))
    expect_true("kerasbridge_already_started" %in% result$switch_backend$class)
    expect_match(result$switch_implementation$message,
                 sprintf("the \"%s\" engine (implementation \"%s\"", engine, implementation),
                 fixed = TRUE)
    expect_null(result$same_backend)
  })

  test_that(paste("keras_settings() reports the running engine and its sources", label), {
    result <- session()
    settings <- result$settings
    value <- function(name) settings$value[settings$setting == name]
    source <- function(name) settings$source[settings$setting == name]
    expect_identical(value("backend"), engine)
    expect_identical(value("python"), result$python)
    expect_identical(source("python"), "environment variable KERAS_PYTHON")
    # KERAS_HOME starts empty and loading the backend writes the default keras.json; whether
    # the backend setting was resolved before or after that, its value is the default.
    expected_source <- switch(via,
      default = ,
      use_implementation = "^(default|keras\\.json \\(.*keras\\.json\\))$",
      use_backend = "^use_backend\\(\\)$",
      environment = "^environment variable KERAS_BACKEND$"
    )
    expect_match(source("backend"), expected_source)
    if (via == "use_implementation") {
      expect_identical(source("implementation"), "use_implementation()")
    }
  })
})
