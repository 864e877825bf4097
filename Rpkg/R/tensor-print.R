# Values and descriptions of backend tensors (see ?`tensor-operators`).

tensor_as_array <- function(x, ...) {
  as.array(backend()$eval(x))
}

tensor_as_double <- function(x, ...) {
  as.double(tensor_as_array(x))
}

# <tensor engine="tensorflow" shape=(NA, 3) dtype="float32">
tensor_format <- function(x, ...) {
  description <- .state$tensor_support$describe(x)
  shape <- description[[1]]
  shape <- if (is.null(shape)) "unknown" else {
    extents <- as.integer(unlist(shape))
    paste0("(", paste(ifelse(extents < 0L, "NA", extents), collapse = ", "), ")")
  }
  sprintf("<tensor %s shape=%s dtype=\"%s\">", engine_label(), shape, description[[2]])
}

tensor_print <- function(x, ...) {
  cat(tensor_format(x), "\n", sep = "")
  invisible(x)
}

engine_label <- function() {
  session <- .state$session
  label <- sprintf("engine=\"%s\"", session$backend)
  if (!identical(session$implementation, "keras")) {
    label <- sprintf("%s implementation=\"%s\"", label, session$implementation)
  }
  label
}
