# R operators, Math/Summary groups, indexing, printing and custom losses on backend tensors
# (test-tensor-*.R, one file a topic). Each topic computes in one fresh R process per engine and
# returns plain R values; the tests compare them with R's own arithmetic on the same arrays.
# Engines absent from the test interpreters are skipped.

tensor_cases <- list(
  list(id = "tensorflow", module = "tensorflow", library = "tensorflow",
       implementation = NULL, backend = NULL, env = character()),
  list(id = "tf_keras", module = "tf_keras", library = "tf_keras",
       implementation = "tensorflow", backend = NULL, env = character()),
  list(id = "theano", module = "theano", library = "theano", implementation = NULL,
       backend = "theano", env = c(KERASBRIDGE_THEANO_LIBRARY = "theano")),
  list(id = "pytensor", module = "theano", library = "pytensor", implementation = NULL,
       backend = "theano", env = c(KERASBRIDGE_THEANO_LIBRARY = "pytensor")),
  list(id = "cntk", module = "cntk", library = "cntk", implementation = NULL, backend = NULL,
       env = c(KERAS_BACKEND = "cntk"))
)

# The arrays every engine computes with (chosen so that float32 holds them and their quotients
# exactly where floor() decides: %% and %/% then agree with R to the last bit).
tensor_data <- list(
  a = matrix(c(-7.5, -2, 5.25, 0.5, 3, 1.5), 2),
  b = matrix(c(2, -2, -1.5, 0.5, 0.75, 0.5), 2),
  z = matrix(c(0, 1, -2, 0, 3.5, 0), 2),
  v = c(10, -20, 0.5),
  i = matrix(c(7L, -7L, 5L, -5L, 9L, 4L), 2),
  halves = matrix(c(-2.5, -1.5, 0.5, 1.5, 2.5, 1.26), 2),
  positive = matrix(c(0.25, 1, 2.5, 4, 9, 16), 2),
  cube = array(seq_len(24) / 4, dim = c(2L, 3L, 4L)),
  counts = matrix(c(0, 1, 4, 2, 0, 7), 3),
  predictions = matrix(c(-0.5, 1.2, 3.9, 2.1, 0.3, 6.5), 3),
  gpd = matrix(c(0.1, -0.3, 0.7, 0.2, 0.45, 0.05), 3),
  exceedances = matrix(c(0.4, 2.3, 1.1), 3)
)

# Runs in the fresh process: starts the backend on the case's engine, then `topic(K, data,
# extras)`, a self-contained function returning a list of R values (conditions included).
run_tensor_topic <- function(setup, topic, data, extras) {
  library(kerasbridge)
  if (!is.null(setup$backend)) use_backend(setup$backend)
  if (!is.null(setup$implementation)) use_implementation(setup$implementation)
  K <- backend()
  c(list(engine = K$backend()), topic(K, data, extras))
}

tensor_results <- new.env(parent = emptyenv())

# What `topic` (named `name`) computed on `case`'s engine; computed once per R process.
tensor_session <- function(name, case, topic, extras = list()) {
  python <- engine_python(case$module)
  found <- processx::run(python, c("-c", sprintf(
    "import importlib.util, sys; sys.exit(importlib.util.find_spec('%s') is None)", case$library
  )), error_on_status = FALSE)
  if (found$status != 0) {
    skip(sprintf("%s has no %s", python, case$library))
  }
  key <- paste(name, case$id)
  if (is.null(tensor_results[[key]])) {
    environment(topic) <- globalenv()  # self-contained: nothing of the test file travels along
    tensor_results[[key]] <- in_fresh_r(
      run_tensor_topic,
      args = list(case[c("backend", "implementation")], topic, tensor_data, extras),
      env = c(KERAS_PYTHON = python, case$env)
    )
  }
  tensor_results[[key]]
}

# Calls `tests(case, session, label)` for every engine, `session()` giving `topic`'s results.
for_each_tensor_engine <- function(name, topic, tests, extras = list()) {
  for (case in tensor_cases) local({
    case <- case
    tests(case, function() tensor_session(name, case, topic, extras), sprintf("[%s]", case$id))
  })
}

# `value` (from Python) has R's value and shape: scalars may come back as 1-d arrays.
expect_r_value <- function(value, expected, tolerance = 1e-5) {
  extents <- function(v) if (is.null(dim(v))) length(v) else dim(v)
  expect_identical(as.integer(extents(value)), as.integer(extents(expected)))
  expect_equal(as.vector(value), as.vector(expected), tolerance = tolerance)
}

rows_of <- function(vector, rows) matrix(vector, rows, length(vector), byrow = TRUE)
