# One fresh R process per engine (helper-engines.R) runs k_ code (the cases of helper-k-cases.R,
# or the user code of test-k-user-code.R) and returns R values only; the tests compare them with
# base R.

# Runs in the fresh process: builds every case; tensor cases are evaluated together by one
# k_function() (each alone when that fails, to tell which); returns list(values, errors).
run_k_cases <- function(cases, data) {
  library(kerasbridge)
  message_of <- function(error) paste(class(error)[[1]], conditionMessage(error), sep = ": ")
  env <- new.env()
  list2env(data, env)
  env$v_data <- data$v
  inputs <- list(
    x = k_placeholder(shape = list(2, 3)), y = k_placeholder(shape = list(2, 3)),
    pos = k_placeholder(shape = list(2, 3)), unit = k_placeholder(shape = list(2, 3)),
    cube = k_placeholder(shape = list(2, 3, 4)), v = k_placeholder(shape = list(3))
  )
  feeds <- list(data$a, data$b, data$pos, data$unit, data$cube, data$v)
  list2env(inputs, env)
  values <- list()
  errors <- list()
  tensors <- list()
  # Last, in this order: they change the engine's state.
  late <- c("set_learning_phase", "clear_session")
  run_case <- function(name) {
    case <- cases[[name]]
    result <- tryCatch(list(eval(case$run, env)), error = message_of)
    if (is.character(result)) {
      errors[[name]] <<- result
    } else if (case$type == "tensor") {
      tensors[[name]] <<- result[[1]]
    } else {
      values[name] <<- list(result[[1]])
    }
  }
  for (name in setdiff(names(cases), late)) {
    run_case(name)
  }
  evaluated <- tryCatch(k_function(unname(inputs), unname(tensors))(feeds), error = message_of)
  if (is.character(evaluated)) {
    for (name in names(tensors)) {
      one <- tryCatch(k_function(unname(inputs), list(tensors[[name]]))(feeds)[[1]],
                      error = message_of)
      if (is.character(one)) errors[[name]] <- one else values[name] <- list(one)
    }
  } else {
    values[names(tensors)] <- evaluated
  }
  for (name in intersect(late, names(cases))) {
    run_case(name)
  }
  list(engine = k_backend(), values = values, errors = errors)
}

# `value` (from Python) has the expected R value and shape (scalars may be 1-d arrays,
# booleans 0/1 on CNTK).
expect_k_value <- function(value, expected, tolerance = 1e-5) {
  if (is.list(expected)) {
    expect_identical(length(value), length(expected))
    for (index in seq_along(expected)) {
      expect_k_value(value[[index]], expected[[index]], tolerance)
    }
    return(invisible())
  }
  if (is.character(expected) || is.null(expected)) {
    expect_identical(as.vector(value), expected)
    return(invisible())
  }
  extents <- function(x) if (is.null(dim(x))) length(x) else dim(x)
  expect_identical(as.integer(extents(value)), as.integer(extents(expected)))
  expect_equal(as.numeric(value), as.numeric(expected), tolerance = tolerance)
}
