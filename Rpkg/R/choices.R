# Choosing the engine (backend) and the implementation before Python starts.

# The allowed values, backend_names and implementation_names, are in R/engines.R, generated
# from the Python package's engine registry, so R can validate without Python.

#' Choose the engine or the implementation before Python starts
#'
#' `use_backend()` chooses the engine ("tensorflow", "theano", "cntk" or "jax")
#' and `use_implementation()` the provider of the backend API: "keras"
#' (kerasbridge's own, every engine) or "tensorflow" (TensorFlow's integrated Keras,
#' `tf_keras`, "tensorflow" engine only). Both must be called before the first
#' [backend()] call. They take precedence over the environment variables
#' `KERAS_BACKEND` and `KERAS_IMPLEMENTATION` and over `keras.json`.
#'
#' Once the backend has started, the engine cannot change in this R session:
#' asking for another one is an error that names the engine in use (asking for
#' the one in use does nothing).
#'
#' @param name The engine: "tensorflow", "theano", "cntk" or "jax"; for
#'   `use_implementation()`, "keras" or "tensorflow".
#' @return `name`, invisibly.
#' @seealso [keras_settings()] to see the choice and where each setting comes
#'   from; [is_backend_available()] to check an engine is installed.
#' @examples
#' \dontrun{
#' library(kerasbridge)
#' use_backend("theano")
#' K <- backend()
#' K$backend()
#' }
#' @export
use_backend <- function(name) {
  name <- check_choice(name, backend_names, "use_backend", "name")
  set_choice("backend", name, "use_backend")
}

#' @rdname use_backend
#' @export
use_implementation <- function(name) {
  name <- check_choice(name, implementation_names, "use_implementation", "name")
  set_choice("implementation", name, "use_implementation")
}

set_choice <- function(setting, value, caller) {
  running <- running_engine()
  if (!is.null(running)) {
    if (!identical(running[[setting]], value)) {
      kb_abort(switch_refused_message(setting, value, caller, running),
               class = "kerasbridge_already_started")
    }
    return(invisible(value))
  }
  .state$choices[[setting]] <- value
  invisible(value)
}

switch_refused_message <- function(setting, value, caller, running) {
  sprintf(paste(
    "%s(\"%s\"): the kerasbridge backend is already running in this R session on the \"%s\"",
    "engine (implementation \"%s\", Python %s), and the %s cannot change once Python has",
    "started. Restart R (in RStudio: Session > Restart R), then call %s(\"%s\") before",
    "backend(), or set %s=%s before starting R."
  ), caller, value, running$backend, running$implementation, running$python, setting, caller,
  value, toupper(paste0("KERAS_", setting)), value)
}

# Validates a choice like Python's settings do: trimmed, case-insensitive.
check_choice <- function(value, allowed, caller, argument) {
  if (is.character(value) && length(value) == 1 && !is.na(value)) {
    normalised <- tolower(trimws(value))
    if (normalised %in% allowed) {
      return(normalised)
    }
  }
  kb_abort(
    sprintf("%s(): `%s` must be one of %s, not %s.", caller, argument, quote_all(allowed),
            describe_value(value)),
    class = "kerasbridge_unknown_choice"
  )
}

# The engine the session is asked for: R's explicit choices, else the environment variables
# (validated here so a typo is reported before any Python starts), else NULL (keras.json or the
# default, resolved by the Python side).
requested_engine <- function() {
  list(
    backend = requested_setting("backend", backend_names),
    implementation = requested_setting("implementation", implementation_names)
  )
}

requested_setting <- function(setting, allowed) {
  chosen <- .state$choices[[setting]]
  if (!is.null(chosen)) {
    return(chosen)
  }
  variable <- toupper(paste0("KERAS_", setting))
  raw <- Sys.getenv(variable)
  if (!nzchar(trimws(raw))) {
    return(NULL)
  }
  normalised <- tolower(trimws(raw))
  if (!normalised %in% allowed) {
    kb_abort(
      sprintf(paste(
        "%s must be one of %s, got \"%s\". Fix it (Sys.setenv(%s = \"%s\")) or unset it",
        "(Sys.unsetenv(\"%s\")) before calling backend()."
      ), variable, quote_all(allowed), raw, variable, allowed[[1]], variable),
      class = "kerasbridge_unknown_choice"
    )
  }
  normalised
}
