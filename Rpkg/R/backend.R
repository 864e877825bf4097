#' The Keras backend
#'
#' Returns the Keras backend namespace, as in Keras 2: `K <- backend()`, then
#' `K$placeholder()`, `K$variable()`, `K$function()`, `K$gradients()`,
#' `K$eval()` and the rest of the API.
#'
#' The first call starts Python: it uses the interpreter named by
#' `KERAS_PYTHON`, or else the first one discovery finds with kerasbridge and
#' the chosen engine (see [keras_environments()]), binds it with reticulate,
#' applies [use_backend()] / [use_implementation()], and loads the engine.
#' Later calls return the same object at once. The engine cannot change in
#' this R session afterwards.
#'
#' Loading the engine shows only kerasbridge's own output: TensorFlow's
#' start-up log lines are held back (and replayed if loading fails). To see
#' them, set `KERASBRIDGE_ENGINE_LOGS=1` before the first call.
#'
#' The API is strictly typed: where it needs an integer (a shape, an axis,
#' `ndim`), write `2L`; a double such as `2`, or `NA_integer_`, is refused with
#' an error naming the function and the argument.
#'
#' @param convert `TRUE` (the default) converts results to R values where
#'   reticulate can (arrays, numbers, strings); `FALSE` keeps Python objects.
#' An exception that kerasbridge raises in Python reaches R as a condition of
#' class `kerasbridge_error` and a precise subclass named after the exception
#' (`kerasbridge_integer_type_error`, `kerasbridge_config_error`,
#' `kerasbridge_not_supported_error`, ...), with the Python message as its
#' message, so `tryCatch(..., kerasbridge_integer_type_error = ...)` can
#' dispatch on it. Errors of the engine itself pass through as reticulate
#' raises them.
#'
#' @return The backend namespace: the Python module, with the class
#'   `kerasbridge_backend` added so that its functions signal the conditions
#'   above.
#' @examples
#' \dontrun{
#' library(kerasbridge)
#' K <- backend()
#' K$backend()
#' x <- K$placeholder(shape = list(NULL, 3L))
#' w <- K$variable(array(c(1, 2, 3), dim = c(3L, 1L)))
#' f <- K$`function`(list(x), list(K$dot(x, w)))
#' f(list(array(1, dim = c(2L, 3L))))
#' }
#' @export
backend <- function(convert = TRUE) {
  check_flag(convert, "convert", "backend")
  key <- if (convert) "convert" else "keep"
  module <- .state$modules[[key]]
  if (!is.null(module)) {
    return(module)
  }
  if (is.null(.state$session)) {
    start_backend()
  }
  module <- with_python_errors(reticulate::import("kerasbridge.backend", convert = convert))
  module <- as_backend_object(module)
  .state$modules[[key]] <- module
  module
}

# Chooses and binds the interpreter, applies R's explicit choices and loads the engine.
start_backend <- function() {
  engine <- requested_engine()
  python <- if (python_started()) running_python() else python_for_backend(engine)
  bind_python(python)
  kerasbridge <- import_kerasbridge(python)
  explicit <- .state$choices[c("implementation", "backend")]
  explicit <- explicit[!vapply(explicit, is.null, logical(1))]
  if (length(explicit) > 0) {
    with_python_errors(do.call(kerasbridge$configure, explicit))
  }
  with_python_errors(reticulate::import("kerasbridge.backend", convert = FALSE))
  loaded <- kerasbridge$loaded_engine()
  .state$session <- list(
    python = python$path, reason = python$reason,
    implementation = loaded[[1]], backend = loaded[[2]]
  )
  register_tensor_methods_safely()
  invisible(.state$session)
}

# R operators and indexing on tensors (tensor-ops.R) are a convenience: if they cannot be set up,
# the backend still works, and a warning says why.
register_tensor_methods_safely <- function() {
  tryCatch(register_tensor_methods(), error = function(error) {
    warning(sprintf(paste(
      "kerasbridge: R operators and indexing on tensors are unavailable in this session (%s).",
      "Use the backend's functions instead (K$abs(x), K$gather(x, ...))."
    ), one_line(conditionMessage(error))), call. = FALSE)
  })
}

# Python already runs (something used reticulate before backend()): kerasbridge uses it, unless
# KERAS_PYTHON names another interpreter (bind_python() says so).
running_python <- function() {
  running <- reticulate::py_config()$python
  forced <- keras_python_variable()
  if (!is.null(forced)) {
    return(list(path = check_keras_python(forced), reason = "environment variable KERAS_PYTHON"))
  }
  list(path = absolute_path(running), reason = "already running in this R session")
}

# The engine in use, as list(python, implementation, backend), or NULL while the backend is not
# loaded. Also sees a backend loaded through reticulate directly, without backend().
running_engine <- function() {
  if (!is.null(.state$session)) {
    return(.state$session)
  }
  if (!python_started()) {
    return(NULL)
  }
  if (!reticulate::py_eval("'kerasbridge' in __import__('sys').modules")) {
    return(NULL)
  }
  loaded <- reticulate::import("kerasbridge", convert = TRUE)$loaded_engine()
  if (is.null(loaded)) {
    return(NULL)
  }
  list(python = reticulate::py_config()$python,
       implementation = loaded[[1]], backend = loaded[[2]])
}
