# R benchmarks of the kerasbridge R package, in one run:
#   1. per call through reticulate: K$abs(x) vs tf$abs(x) on the same eager tensor;
#   2. time to the first backend() vs to reticulate::import("tensorflow"), each in fresh R
#      processes started alternately (reticulate binds one interpreter per process).
#
#   KERAS_PYTHON=.venv/bin/python Rscript bench/r_backend.R [runs] [calls]
#
# bench/r_backend.py installs the package into a private library and runs this; it prints a
# Markdown report (recorded in bench/results/r.md).
arguments <- commandArgs(trailingOnly = TRUE)
runs <- if (length(arguments) >= 1) as.integer(arguments[[1]]) else 7L
calls <- if (length(arguments) >= 2) as.integer(arguments[[2]]) else 2000L
python <- Sys.getenv("KERAS_PYTHON")
if (!nzchar(python)) stop("Set KERAS_PYTHON to the Python with kerasbridge and TensorFlow.")

# --- cold start, in fresh processes ----------------------------------------------------------

cold_start_code <- list(
  backend = "library(kerasbridge); K <- backend()",
  tensorflow = paste0("library(reticulate); use_python(Sys.getenv('KERAS_PYTHON'), ",
                      "required = TRUE); tf <- import('tensorflow')"),
  discovery = paste0("Sys.setenv(VIRTUAL_ENV = dirname(dirname(Sys.getenv('KERAS_PYTHON')))); ",
                     "Sys.unsetenv('KERAS_PYTHON'); library(kerasbridge); K <- backend()")
)

# Seconds from the start of the R code to the object being ready, measured inside the child:
# wall time, and the process's CPU time (R and the Python it embeds, all threads), which other
# processes on a loaded machine disturb less.
time_cold_start <- function(code) {
  script <- sprintf(paste0(
    "started <- Sys.time(); cpu <- proc.time(); %s; cpu <- proc.time() - cpu; ",
    "cat(sprintf('seconds=%%.3f cpu=%%.3f\\n', as.numeric(Sys.time() - started, units = 'secs'), ",
    "cpu[['user.self']] + cpu[['sys.self']]))"
  ), code)
  result <- processx::run("Rscript", c("-e", script), error_on_status = FALSE,
                          env = c("current", TF_CPP_MIN_LOG_LEVEL = "3"))
  if (result$status != 0) stop("cold start failed: ", result$stdout, result$stderr)
  c(wall = as.numeric(sub(".*seconds=([0-9.]+).*", "\\1", result$stdout)),
    cpu = as.numeric(sub(".*cpu=([0-9.]+).*", "\\1", result$stdout)))
}

cold <- list(backend = numeric(), tensorflow = numeric(), discovery = numeric())
cold_cpu <- cold
for (run in seq_len(runs)) {
  for (name in names(cold_start_code)) {
    timing <- time_cold_start(cold_start_code[[name]])
    cold[[name]] <- c(cold[[name]], timing[["wall"]])
    cold_cpu[[name]] <- c(cold_cpu[[name]], timing[["cpu"]])
  }
}

# --- per call, in this process ------------------------------------------------------------------

library(kerasbridge)
K <- backend()
tf <- reticulate::import("tensorflow")
x <- tf$constant(array(seq(-1, 1, length.out = 12), dim = c(3L, 4L)))
stopifnot(isTRUE(all.equal(as.array(K$eval(K$abs(x))), abs(array(seq(-1, 1, length.out = 12),
                                                                   dim = c(3L, 4L))))))

# Microseconds per call of each call: the best of 7 interleaved batches of `calls` calls (the
# machine's noise hits every call alike; the best batch is the least disturbed).
per_call <- function(functions) {
  for (call in functions) call()
  best <- rep(Inf, length(functions))
  for (round in seq_len(7)) {
    for (index in seq_along(functions)) {
      call <- functions[[index]]
      started <- proc.time()[["elapsed"]]
      for (i in seq_len(calls)) call()
      seconds <- proc.time()[["elapsed"]] - started
      best[[index]] <- min(best[[index]], seconds / calls * 1e6)
    }
  }
  stats::setNames(best, names(functions))
}

k_abs <- K$abs
tf_abs <- tf$abs
timings <- per_call(list(
  "K$abs(x)" = function() K$abs(x),
  "tf$abs(x)" = function() tf$abs(x),
  "k_abs(x), k_abs <- K$abs" = function() k_abs(x),
  "tf_abs(x), tf_abs <- tf$abs" = function() tf_abs(x),
  "backend() again (cached)" = function() backend()
))

# The same calls timed inside Python (timeit), to separate reticulate's share.
python_side <- reticulate::py_run_string(sprintf(paste(
  "import statistics, timeit, tensorflow as tf",
  "from kerasbridge import backend as K",
  "x = r.x",
  "k_us = statistics.median(timeit.repeat(lambda: K.abs(x), number=%d, repeat=5)) / %d * 1e6",
  "tf_us = statistics.median(timeit.repeat(lambda: tf.abs(x), number=%d, repeat=5)) / %d * 1e6",
  sep = "\n"
), calls, calls, calls, calls), convert = TRUE)
timings[["K.abs(x) timed in Python"]] <- python_side$k_us
timings[["tf.abs(x) timed in Python"]] <- python_side$tf_us

# --- report --------------------------------------------------------------------------------------

python_version <- reticulate::py_config()$version
cores <- parallel::detectCores()
load <- tryCatch(readLines("/proc/loadavg", n = 1), error = function(error) "unknown")
cat(sprintf("R %s, reticulate %s, Python %s, TensorFlow %s, %d cores, load average %s\n\n",
            getRversion(), utils::packageVersion("reticulate"), python_version,
            tf$`__version__`, cores, load))

cat(sprintf("Per call, best of 7 interleaved batches of %d calls, on an eager 3x4 tensor:\n\n",
            calls))
cat("| call | us per call | ratio to tf$abs(x) |\n|---|---:|---:|\n")
for (name in names(timings)) {
  cat(sprintf("| `%s` | %.1f | %.2f |\n", name, timings[[name]],
              timings[[name]] / timings[["tf$abs(x)"]]))
}

cat(sprintf("\nTime to first use in a fresh R process (%d runs each, alternated; seconds):\n\n",
            runs))
cat("| code | median | min | max | runs |\n|---|---:|---:|---:|---|\n")
for (name in names(cold)) {
  values <- cold[[name]]
  cat(sprintf("| `%s` | %.2f | %.2f | %.2f | %s |\n", cold_start_code[[name]],
              stats::median(values), min(values), max(values),
              paste(sprintf("%.2f", values), collapse = ", ")))
}
cat(sprintf("\nRatio of medians, backend() / import(\"tensorflow\"): %.2f; of the best runs: %.2f\n",
            stats::median(cold$backend) / stats::median(cold$tensorflow),
            min(cold$backend) / min(cold$tensorflow)))
cat(sprintf(paste0("CPU time of the same runs (R and embedded Python), best: backend() %.2f s, ",
                   "import(\"tensorflow\") %.2f s, discovery %.2f s; ratio %.2f\n"),
            min(cold_cpu$backend), min(cold_cpu$tensorflow), min(cold_cpu$discovery),
            min(cold_cpu$backend) / min(cold_cpu$tensorflow)))

# --- the figures of issue 16, for bench/run.py's table (bench/summary.py's format) ---------------

summary_line <- function(what, ours, reference, unit) {
  ratio <- ours / reference
  cat(sprintf(paste0('SUMMARY {"what": "%s", "ours": "%.1f %s", "reference": "%.1f %s", ',
                     '"ratio": %.3f, "target": "<= 1.05x", "met": %s}\n'),
              what, ours, unit, reference, unit, ratio, if (ratio <= 1.05) "true" else "false"))
}
summary_line("R: K$abs(x) vs tf$abs(x) per call through reticulate",
             timings[["K$abs(x)"]], timings[["tf$abs(x)"]], "us")
summary_line(sprintf("R: first backend() vs import(tensorflow), CPU, best of %d fresh processes",
                     runs),
             min(cold_cpu$backend) * 1000, min(cold_cpu$tensorflow) * 1000, "ms")
