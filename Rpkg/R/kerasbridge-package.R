#' kerasbridge: the classic Keras backend API for R
#'
#' `library(kerasbridge); K <- backend()` gives the Keras 2 backend API
#' (`K$placeholder()`, `K$variable()`, `K$function()`, `K$gradients()` and the
#' rest) on TensorFlow, Theano (or PyTensor) or CNTK, through the kerasbridge
#' Python package and reticulate.
#'
#' @section Choosing the engine and the interpreter:
#' Call [use_backend()] or [use_implementation()], or set `KERAS_BACKEND` /
#' `KERAS_IMPLEMENTATION`, before the first [backend()] call. `KERAS_PYTHON`
#' names the Python to use; without it, discovery scans the interpreters on the
#' machine ([keras_environments()]) and picks the first that fits.
#' [keras_settings()] shows every setting with where its value comes from.
#'
#' @section Integers:
#' The backend API is strictly typed: write `2L`, not `2`, where it needs an
#' integer (shapes, axes, `ndim`). A double or `NA_integer_` there is an error
#' that names the function and the argument.
#' @keywords internal
"_PACKAGE"

# The session's state. `choices`: what use_backend()/use_implementation() asked for (NULL =
# not asked). `session`: once the backend is loaded, the interpreter and engine in use.
# `modules`: the imported backend namespace, by conversion mode.
.state <- new.env(parent = emptyenv())
.state$choices <- list()
.state$session <- NULL
.state$modules <- list()
