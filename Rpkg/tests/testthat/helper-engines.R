# The engines the R tests compute on, one fresh R process per engine (reticulate binds one
# interpreter per process), chosen by environment variables as a user would. Engines the test
# interpreters lack are skipped, naming what is missing.

test_engines <- list(
  list(id = "tensorflow", module = "tensorflow", library = "tensorflow", engine = "tensorflow",
       env = character()),
  list(id = "tf_keras", module = "tf_keras", library = "tf_keras", engine = "tensorflow",
       env = c(KERAS_IMPLEMENTATION = "tensorflow")),
  list(id = "theano", module = "theano", library = "theano", engine = "theano",
       env = c(KERAS_BACKEND = "theano", KERASBRIDGE_THEANO_LIBRARY = "theano")),
  list(id = "pytensor", module = "theano", library = "pytensor", engine = "theano",
       env = c(KERAS_BACKEND = "theano", KERASBRIDGE_THEANO_LIBRARY = "pytensor")),
  list(id = "cntk", module = "cntk", library = "cntk", engine = "cntk",
       env = c(KERAS_BACKEND = "cntk")),
  list(id = "jax", module = "jax", library = "jax", engine = "jax",
       env = c(KERAS_BACKEND = "jax"))
)

engine_results <- new.env(parent = emptyenv())

# What `runner(...)` returns in a fresh R process on `engine`; run once per R process and `key`.
engine_result <- function(engine, key, runner, ...) {
  python <- engine_python(engine$module)
  found <- processx::run(python, c("-c", sprintf(
    "import importlib.util, sys; sys.exit(importlib.util.find_spec('%s') is None)", engine$library
  )), error_on_status = FALSE)
  if (found$status != 0) {
    skip(sprintf("%s has no %s", python, engine$library))
  }
  cache_key <- paste(key, engine$id)
  if (is.null(engine_results[[cache_key]])) {
    engine_results[[cache_key]] <- in_fresh_r(runner, args = list(...),
                                              env = c(KERAS_PYTHON = python, engine$env))
  }
  engine_results[[cache_key]]
}
