# R operators, Math/Summary groups, indexing, printing and custom losses on backend tensors
# (test-tensor-*.R, one file a topic). Each topic computes in one fresh R process per engine and
# returns plain R values; the tests compare them with R's own arithmetic on the same arrays.

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

# Runs in the fresh process: starts the backend, then `topic(K, data, extras)`, a self-contained
# function returning a list of R values (conditions included).
run_tensor_topic <- function(topic, data, extras) {
  library(kerasbridge)
  K <- backend()
  c(list(engine = K$backend()), topic(K, data, extras))
}

# Calls `tests(case, session, label)` for every engine, `session()` giving what `topic` (named
# `name`) computed there.
for_each_tensor_engine <- function(name, topic, tests, extras = list()) {
  environment(topic) <- globalenv()  # self-contained: nothing of the test file travels along
  for (case in test_engines) local({
    case <- case
    session <- function() {
      engine_result(case, paste("tensor", name), run_tensor_topic, topic, tensor_data, extras)
    }
    tests(case, session, sprintf("[%s]", case$id))
  })
}

# `value` (from Python) has R's value and shape: scalars may come back as 1-d arrays.
expect_r_value <- function(value, expected, tolerance = 1e-5) {
  extents <- function(v) if (is.null(dim(v))) length(v) else dim(v)
  expect_identical(as.integer(extents(value)), as.integer(extents(expected)))
  expect_equal(as.vector(value), as.vector(expected), tolerance = tolerance)
}

rows_of <- function(vector, rows) matrix(vector, rows, length(vector), byrow = TRUE)
