test_that("a kerasbridge exception from Python becomes a precise R condition", {
  parsed <- parse_python_error(
    "kerasbridge.errors.IntegerTypeError: ndim must be an integer.\nFrom R, write 2L.\n"
  )
  expect_identical(parsed, list(class = "kerasbridge_integer_type_error",
                                message = "ndim must be an integer.\nFrom R, write 2L."))
  expect_null(parse_python_error("ValueError: something else"))
})

test_that("with_python_errors() rethrows kerasbridge errors and passes others through", {
  error <- tryCatch(
    with_python_errors(stop("kerasbridge.errors.ConfigError: bad floatx\n")),
    error = identity
  )
  expect_s3_class(error, "kerasbridge_config_error")
  expect_s3_class(error, "kerasbridge_error")
  expect_identical(conditionMessage(error), "bad floatx")
  expect_error(with_python_errors(stop("plain")), "^plain$", class = "simpleError")
})

test_that("values are described the r-lib way", {
  expect_identical(describe_value(NULL), "NULL")
  expect_identical(describe_value("a"), "the string \"a\"")
  expect_identical(describe_value(2), "the number 2")
  expect_identical(describe_value(2L), "the number 2L")
  expect_identical(describe_value(NA), "NA")
  expect_identical(describe_value(NA_integer_), "`NA_integer_`")
  expect_identical(describe_value(TRUE), "`TRUE`")
  expect_identical(describe_value(1:3), "an integer vector of length 3")
  expect_identical(describe_value(list(1)), "a list of length 1")
  expect_identical(quote_all(c("a", "b", "c")), "\"a\", \"b\" or \"c\"")
  expect_identical(snake_case("BackendAlreadyLoadedError"), "backend_already_loaded_error")
})

test_that("check_flag() refuses anything but TRUE or FALSE", {
  expect_identical(check_flag(FALSE, "convert", "backend"), FALSE)
  expect_snapshot(check_flag(NA, "convert", "backend"), error = TRUE)
  expect_snapshot(check_flag("yes", "convert", "backend"), error = TRUE)
})
