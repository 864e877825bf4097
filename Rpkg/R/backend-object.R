# The object backend() returns is the Python module itself, with one more class,
# "kerasbridge_backend", whose `$` and `[[` hand out its functions wrapped so that an exception
# of the kerasbridge Python package reaches R as a classed condition (kerasbridge_error and a
# precise subclass such as kerasbridge_integer_type_error, see errors.R) that tryCatch() can
# dispatch on. Other Python errors pass through as reticulate raised them. Each wrapper is
# made once per function and kept with the module.

as_backend_object <- function(module) {
  class(module) <- unique(c("kerasbridge_backend", class(module)))
  attr(module, "kerasbridge_functions") <- new.env(parent = emptyenv())
  module
}

#' @export
`$.kerasbridge_backend` <- function(x, name) {
  known <- attr(x, "kerasbridge_functions", exact = TRUE)[[name]]
  if (!is.null(known)) {
    return(known)
  }
  remember_backend_member(x, name, NextMethod())
}

#' @export
`[[.kerasbridge_backend` <- function(x, name) {
  known <- attr(x, "kerasbridge_functions", exact = TRUE)[[name]]
  if (!is.null(known)) {
    return(known)
  }
  remember_backend_member(x, name, NextMethod())
}

remember_backend_member <- function(module, name, member) {
  if (!is.function(member)) {
    return(member)
  }
  wrapper <- signalling_kerasbridge_errors(member)
  assign(name, wrapper, envir = attr(module, "kerasbridge_functions", exact = TRUE))
  wrapper
}

# A function calling `python_function` whose kerasbridge errors become kerasbridge conditions.
# It keeps the Python function's class and attributes, so printing and help() still show the
# Python function.
signalling_kerasbridge_errors <- function(python_function) {
  force(python_function)
  wrapper <- function(...) with_python_errors(python_function(...))
  attributes(wrapper) <- attributes(python_function)
  wrapper
}
