# R benchmark of R operators on backend tensors, in one run: per call, `x * y` through the S3
# methods of the kerasbridge R package vs a direct call of the backend function
# (`K$maximum(x, y)`: the spec has no multiply) and TensorFlow's `tf$multiply(x, y)`, on the same
# eager tensors; plus indexing and the same calls timed inside Python.
#
#   KERAS_PYTHON=.venv/bin/python Rscript bench/r_ops.R [calls]
#
# bench/r_ops.py installs the package into a private library and runs this; it prints a
# Markdown report (recorded in bench/results/r-ops.md).
arguments <- commandArgs(trailingOnly = TRUE)
calls <- if (length(arguments) >= 1) as.integer(arguments[[1]]) else 2000L
if (!nzchar(Sys.getenv("KERAS_PYTHON"))) {
  stop("Set KERAS_PYTHON to the Python with kerasbridge and TensorFlow.")
}

library(kerasbridge)
K <- backend()
tf <- reticulate::import("tensorflow")
a <- matrix(seq(-1, 1, length.out = 12), 3)
b <- matrix(seq(2, 3, length.out = 12), 3)
x <- K$constant(a)
y <- K$constant(b)
stopifnot(isTRUE(all.equal(as.array(x * y), a * b, tolerance = 1e-6)))
stopifnot(isTRUE(all.equal(as.vector(as.array(x[, 2])), a[, 2], tolerance = 1e-6)))

# Microseconds per call: the median of 5 batches of `calls` calls.
per_call <- function(call) {
  call()
  batches <- vapply(seq_len(5), function(batch) {
    started <- Sys.time()
    for (i in seq_len(calls)) call()
    as.numeric(Sys.time() - started, units = "secs") / calls * 1e6
  }, numeric(1))
  stats::median(batches)
}

operate <- kerasbridge:::.state$tensor_support$operate
k_maximum <- K$maximum
tf_multiply <- tf$multiply
tf_gather <- tf$gather
timings <- c(
  "x * y (R operator)" = per_call(function() x * y),
  "x * 2 (R operator, R number)" = per_call(function() x * 2),
  "K$maximum(x, y)" = per_call(function() K$maximum(x, y)),
  "k_maximum(x, y), k_maximum <- K$maximum" = per_call(function() k_maximum(x, y)),
  "tf$multiply(x, y)" = per_call(function() tf$multiply(x, y)),
  "tf_multiply(x, y), tf_multiply <- tf$multiply" = per_call(function() tf_multiply(x, y)),
  "operate(\"*\", x, y), the Python function x * y calls" =
    per_call(function() operate("*", x, y)),
  "x[, 2] (R indexing)" = per_call(function() x[, 2]),
  "tf_gather(x, 1L, axis = 1L), tf_gather <- tf$gather" =
    per_call(function() tf_gather(x, 1L, axis = 1L))
)

python_side <- reticulate::py_run_string(sprintf(paste(
  "import statistics, timeit, tensorflow as tf",
  "from kerasbridge import backend as K, rsupport",
  "x, y = r.x, r.y",
  "def us(f): return statistics.median(timeit.repeat(f, number=%d, repeat=5)) / %d * 1e6",
  "operate_us = us(lambda: rsupport.operate('*', x, y))",
  "operator_us = us(lambda: x * y)",
  "maximum_us = us(lambda: K.maximum(x, y))",
  "multiply_us = us(lambda: tf.multiply(x, y))",
  "subset_us = us(lambda: rsupport.subset(x, [None, [1]], [1]))",
  sep = "\n"
), calls, calls), convert = TRUE)
timings[["rsupport.operate('*', x, y) timed in Python"]] <- python_side$operate_us
timings[["x * y timed in Python"]] <- python_side$operator_us
timings[["K.maximum(x, y) timed in Python"]] <- python_side$maximum_us
timings[["tf.multiply(x, y) timed in Python"]] <- python_side$multiply_us
timings[["rsupport.subset(x, [None, [1]], [1]) timed in Python"]] <- python_side$subset_us

load <- tryCatch(readLines("/proc/loadavg", n = 1), error = function(error) "unknown")
cat(sprintf("R %s, reticulate %s, Python %s, TensorFlow %s, %d cores, load average %s\n\n",
            getRversion(), utils::packageVersion("reticulate"), reticulate::py_config()$version,
            tf$`__version__`, parallel::detectCores(), load))
cat(sprintf(paste("Per call, median of 5 batches of %d calls, eager 3x4 float32 tensors",
                  "(kerasbridge engine \"%s\"):\n\n"), calls, K$backend()))
cat("| call | us per call | ratio to tf$multiply(x, y) |\n|---|---:|---:|\n")
for (name in names(timings)) {
  cat(sprintf("| `%s` | %.1f | %.2f |\n", name, timings[[name]],
              timings[[name]] / timings[["tf$multiply(x, y)"]]))
}
