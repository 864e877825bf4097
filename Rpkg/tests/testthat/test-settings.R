test_that("keras_settings() gives each value with its source, without starting Python", {
  local_choices()
  home <- local_keras_home('{"floatx": "float64", "epsilon": 0.001}')
  withr::local_envvar(KERAS_IMPLEMENTATION = "keras")
  use_backend("theano")
  settings <- keras_settings()
  expect_s3_class(settings, "kerasbridge_settings")
  expect_identical(settings$setting, c("implementation", "backend", "floatx", "epsilon",
                                       "image_data_format", "python"))
  expect_identical(settings$value, c("keras", "theano", "float64", "0.001", "channels_last",
                                     NA))
  json <- sprintf("keras.json (%s)", file.path(home, "keras.json"))
  expect_identical(settings$source, c(
    "environment variable KERAS_IMPLEMENTATION", "use_backend()", json, json, "default",
    "chosen by discovery when backend() starts (see keras_environments())"
  ))
  expect_identical(attr(settings, "config_path"), file.path(home, "keras.json"))
  expect_false(attr(settings, "started"))
  expect_false(python_started())
})

test_that("keras_settings() shows KERAS_PYTHON as the interpreter when it is set", {
  local_choices()
  local_keras_home()
  withr::local_envvar(KERAS_PYTHON = "/opt/env/bin/python")
  settings <- keras_settings()
  expect_identical(settings$value[[6]], "/opt/env/bin/python")
  expect_identical(settings$source[[6]], "environment variable KERAS_PYTHON")
})

test_that("keras_settings() prints one line per setting", {
  local_choices()
  home <- local_keras_home()
  use_implementation("tensorflow")
  lines <- format(keras_settings())
  expect_identical(lines[[1]], "<kerasbridge settings> Python not started yet")
  expect_identical(lines[[2]], sprintf("  %-18s %-24s  %s", "implementation", "tensorflow",
                                       "use_implementation()"))
  expect_identical(lines[[7]], sprintf("  %-18s %-24s  %s", "python", "(not chosen yet)",
    "chosen by discovery when backend() starts (see keras_environments())"))
  expect_identical(lines[[8]], paste0("keras.json: ", file.path(home, "keras.json")))
  expect_output(print(keras_settings()),
                sprintf("  %-18s %-24s  %s", "backend", "tensorflow", "default"), fixed = TRUE)
})

test_that("keras_settings() does not create keras.json", {
  local_choices()
  home <- local_keras_home()
  keras_settings()
  expect_false(file.exists(file.path(home, "keras.json")))
})

test_that("long values widen the value column", {
  table <- settings_table(list(python = list(value = strrep("p", 30), source = "env:KERAS_PYTHON")),
                          "/k/keras.json", started = FALSE)
  lines <- format(table)
  expect_identical(lines[[7]], paste0("  python             ", strrep("p", 30),
                                      "  environment variable KERAS_PYTHON"))
  expect_identical(lines[[2]], paste0("  implementation     ", "(not chosen yet)",
                                      strrep(" ", 14), "  NA"))
})
