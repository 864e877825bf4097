# Indexing, dim(), length() and t() on backend tensors (see ?`tensor-operators`). Indices are
# checked here, with R's rules and messages; Python (kerasbridge.rsupport.subset) takes them with
# the backend's gather, permute_dimensions and squeeze.

index_forms <- paste(
  "In each dimension use positive whole numbers up to its extent (2 or 2L), a range (1:3), a",
  "vector of them (c(1, 3)), or nothing for all of it (x[, 2])."
)

tensor_subset <- function(x, ..., drop = TRUE) {
  if (!is.logical(drop) || length(drop) != 1 || is.na(drop)) {
    kb_abort(sprintf("x[...]: `drop` must be `TRUE` or `FALSE`, not %s.", describe_value(drop)),
             class = "kerasbridge_index_error")
  }
  arguments <- as.list(substitute(list(...)))[-1]
  extents <- tensor_dim(x)
  rank <- length(extents)
  if (length(arguments) == 0 ||
      (length(arguments) == 1 && identical(arguments[[1]], quote(expr = )) && rank != 1)) {
    return(x) # x[]
  }
  if (length(arguments) != rank) {
    kb_abort(index_count_message(length(arguments), rank), class = "kerasbridge_index_error")
  }
  indices <- vector("list", rank)
  for (dimension in seq_len(rank)) {
    if (!identical(arguments[[dimension]], quote(expr = ))) {
      indices[[dimension]] <- check_index(...elt(dimension), dimension, extents[[dimension]])
    }
  }
  kept <- extents
  chosen <- !vapply(indices, is.null, logical(1))
  kept[chosen] <- lengths(indices[chosen])
  dropped <- if (drop) which(!is.na(kept) & kept == 1L) - 1L else integer()
  python_indices <- lapply(indices, function(index) if (is.null(index)) NULL else as.list(index))
  .state$tensor_support$subset(x, python_indices, as.list(dropped))
}

index_count_message <- function(received, rank) {
  if (rank == 0) {
    return(paste(
      "A 0-d tensor (a single number) has no dimensions to index. Use it as it is, or",
      "as.array(x) for its value."
    ))
  }
  letters_used <- c("i", "j", "k", "l", "m", "n")[seq_len(min(rank, 6))]
  form <- paste0("x[", paste(letters_used, collapse = ", "), if (rank > 6) ", ..." else "", "]")
  sprintf(paste(
    "This tensor has %d dimension%s, so `[` needs %d ind%s, one per dimension (%s), but got",
    "%d. Linear indexing is not supported on tensors; to take all of a dimension, leave its",
    "place empty (x[, 2])."
  ), rank, if (rank == 1) "" else "s", rank, if (rank == 1) "ex" else "ices", form, received)
}

# The 0-based positions of a valid index of dimension `dimension` (extent NA when unknown);
# otherwise an error naming the dimension, what it got and the forms allowed.
check_index <- function(index, dimension, extent) {
  problem <- index_problem(index, extent)
  if (!is.null(problem)) {
    kb_abort(sprintf("Dimension %d of the tensor (extent %s) got %s. %s", dimension,
                     if (is.na(extent)) "unknown" else extent, problem, index_forms),
             class = "kerasbridge_index_error")
  }
  as.integer(index) - 1L
}

index_problem <- function(index, extent) {
  if (is.logical(index) && !all(is.na(index))) {
    return(paste("a logical vector; logical masks are not supported on tensors (the shape of",
                 "the result would depend on the values)"))
  }
  if (length(index) > 0 && all(is.na(index))) {
    return("NA; tensors cannot be indexed with NA")
  }
  if (!is.numeric(index) || is.object(index)) {
    return(paste(describe_value(index), "as an index; names are not supported on tensors"))
  }
  if (length(index) == 0) {
    return(paste("an empty index:", describe_value(index)))
  }
  if (anyNA(index)) {
    return("NA; tensors cannot be indexed with NA")
  }
  if (any(!is.finite(index) | index != trunc(index))) {
    return(sprintf("the index %s, which is not a whole number",
                   format(index[!is.finite(index) | index != trunc(index)][[1]])))
  }
  if (any(index == 0)) {
    return("the index 0, but indices start at 1")
  }
  if (any(index < 0)) {
    return(sprintf(paste("the negative index %s; excluding elements with negative indices is",
                         "not supported on tensors"), format(index[index < 0][[1]])))
  }
  if (!is.na(extent) && any(index > extent)) {
    return(sprintf("the index %s, beyond its extent %d", format(index[index > extent][[1]]),
                   extent))
  }
  NULL
}

tensor_dim <- function(x) {
  shape <- .state$tensor_support$shape(x)
  if (is.null(shape) || length(shape) == 0) {
    return(NULL)
  }
  shape <- as.integer(unlist(shape))
  shape[shape < 0L] <- NA_integer_
  shape
}

tensor_length <- function(x) {
  extents <- tensor_dim(x)
  if (is.null(extents)) {
    # A 0-d tensor holds one number; a tensor of unknown rank has an unknown length.
    return(if (is.null(.state$tensor_support$shape(x))) NA_integer_ else 1L)
  }
  size <- prod(as.double(extents))
  if (is.na(size)) NA_integer_ else if (size <= .Machine$integer.max) as.integer(size) else size
}

tensor_t <- function(x) {
  rank <- length(tensor_dim(x))
  if (!rank %in% c(1L, 2L)) {
    kb_abort(sprintf(paste(
      "t() transposes 1-D and 2-D tensors; this one has %d dimension%s. Use",
      "K$permute_dimensions(x, pattern) (0-based axes, e.g. list(1L, 0L, 2L))."
    ), rank, if (rank == 1) "" else "s"), class = "kerasbridge_operator_error")
  }
  .state$tensor_support$transpose(x)
}
