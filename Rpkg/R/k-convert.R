# R conventions for the k_ functions (k-functions.R, generated from the API spec). Every k_
# function hands its arguments to k_call(), which converts each one by what the spec declares
# about it (k_parameters, k_integer_kinds: written into k-functions.R by the generator from
# bridge/kerasbridge/api), then calls the backend function through with_python_errors().
#
# * integer kinds (shapes, sizes, counts...): whole doubles become integers; a non-whole number,
#   NA, a value below the kind's minimum or a non-number is refused, naming function, argument
#   and value;
# * axes (axis, axes, reduction_axes, pattern): 1-based as in R keras 2, negative counts from
#   the end, 0 is refused; shifted to Keras's 0-based axes;
# * indices (k_gather): R numbers are 1-based positions, shifted to 0-based;
# * everything else: R vectors of length other than 1 become 1-D arrays (a vector is a 1-D
#   array for R users, where reticulate would make a Python list), also inside plain lists.
# Python objects (tensors, shapes) are passed through as they are: the engine takes them.

# `convert = FALSE` keeps the result a Python object: the updates (Python (variable, value)
# tuples on Theano) must reach k_function() as they are, not as R lists.
k_call <- function(name, arguments, dots = list(), convert = TRUE) {
  caller <- paste0("k_", name)
  declared <- k_parameters[[name]]
  for (argument in names(arguments)) {
    declaration <- declared[[argument]]
    value <- arguments[[argument]]
    arguments[argument] <- list(if (is.null(declaration)) {
      k_value(value)
    } else {
      k_convert(value, declaration, caller, argument)
    })
  }
  python_function <- k_python_function(name, convert) # starts the backend if needed
  for (argument in intersect(names(declared), names(arguments))) {
    arguments[argument] <- list(k_tuples(arguments[[argument]]))
  }
  with_python_errors(do.call(python_function, c(arguments, lapply(dots, k_value))))
}

# The backend's function `name`, looked up once per session.
k_python_function <- function(name, convert = TRUE) {
  key <- if (convert) name else paste0(name, "/python")
  cached <- .state$k_functions[[key]]
  if (!is.null(cached)) {
    return(cached)
  }
  python_function <- backend(convert = convert)[[name]]
  .state$k_functions[[key]] <- python_function
  python_function
}

# Lists of integers as Python tuples, as Keras code expects them (tf_keras adds tuples).
k_tuples <- function(value) {
  if (is.list(value) && !is.object(value)) {
    return(reticulate::tuple(lapply(value, k_tuples)))
  }
  value
}

k_is_python <- function(value) {
  inherits(value, "python.builtin.object")
}

# An R value as Keras expects it: vectors of length other than 1 as 1-D arrays, lists element
# by element; anything else (numbers, strings, arrays, functions, Python objects) as it is.
k_value <- function(value) {
  if (is.list(value) && !is.object(value)) {
    converted <- lapply(value, k_value)
    attributes(converted) <- attributes(value)
    return(converted)
  }
  if ((is.numeric(value) || is.logical(value)) && !is.object(value) && is.null(dim(value)) &&
      length(value) != 1) {
    return(as.array(value))
  }
  value
}

# One declared argument: `declaration` is list(kind = <name in k_integer_kinds> or NULL,
# nullable = TRUE/FALSE, role = "integer", "axis" or "index").
k_convert <- function(value, declaration, caller, argument) {
  if (k_is_python(value)) {
    return(value)
  }
  if (is.null(value)) {
    if (isTRUE(declaration$nullable)) {
      return(NULL)
    }
    k_refuse(caller, argument, value, k_expected(declaration))
  }
  if (identical(declaration$role, "index")) {
    return(k_indices(value, caller, argument))
  }
  if (is.character(value) && !is.null(declaration$choices)) {
    return(value) # one of the strings it also takes: the Python guard checks which
  }
  kind <- k_integer_kinds[[declaration$kind]]
  switch(kind$form,
    scalar = k_scalar(value, declaration, kind, caller, argument),
    either = if (is.atomic(value) && length(value) == 1) {
      k_scalar(value, declaration, kind, caller, argument)
    } else {
      k_sequence(value, declaration, kind, caller, argument)
    },
    sequence = k_sequence(value, declaration, kind, caller, argument),
    nested = k_nested(value, declaration, kind, caller, argument)
  )
}

k_scalar <- function(value, declaration, kind, caller, argument) {
  if (!is.atomic(value) || length(value) != 1) {
    k_refuse(caller, argument, value, k_expected(declaration))
  }
  k_integer(value, declaration, kind, caller, argument)
}

# A list of integers (NULL elements where the kind allows them): an R list or vector, or one
# number taken as a list of one.
k_sequence <- function(value, declaration, kind, caller, argument) {
  if (!(is.list(value) || is.atomic(value)) || is.object(value) && !is.numeric(value)) {
    k_refuse(caller, argument, value, k_expected(declaration))
  }
  elements <- as.list(value)
  names(elements) <- NULL
  for (index in seq_along(elements)) {
    element <- elements[[index]]
    where <- sprintf("%s[[%d]]", argument, index)
    if (k_is_python(element)) {
      next
    }
    if (is.null(element) && isTRUE(kind$none_elements)) {
      next
    }
    if (is.null(element) || !is.atomic(element) || length(element) != 1) {
      k_refuse(caller, where, element, k_element_expected(declaration, kind))
    }
    elements[index] <- list(k_integer(element, declaration, kind, caller, where))
  }
  elements
}

# A list of pairs (paddings): list(c(1, 1), c(2, 2)), or a matrix with one pair per row.
k_nested <- function(value, declaration, kind, caller, argument) {
  if (is.matrix(value) && is.numeric(value)) {
    value <- lapply(seq_len(nrow(value)), function(row) value[row, ])
  }
  if (!is.list(value)) {
    k_refuse(caller, argument, value, k_expected(declaration))
  }
  rows <- unname(value)
  for (index in seq_along(rows)) {
    if (!k_is_python(rows[[index]])) {
      rows[index] <- list(k_sequence(rows[[index]], declaration, kind, caller,
                                     sprintf("%s[[%d]]", argument, index)))
    }
  }
  rows
}

# One number that must be whole: the integer Keras gets (an axis shifted to 0-based).
k_integer <- function(value, declaration, kind, caller, where) {
  is_axis <- identical(declaration$role, "axis")
  expected <- k_element_expected(declaration, kind)
  if (!is.numeric(value) || is.object(value)) {
    k_refuse(caller, where, value, expected)
  }
  if (is.na(value) || !is.finite(value) || value != trunc(value)) {
    k_refuse(caller, where, value, expected)
  }
  if (abs(value) > .Machine$integer.max) {
    k_refuse(caller, where, value, paste(expected, "no larger than", .Machine$integer.max))
  }
  if (identical(declaration$role, "position")) {
    if (value == 0) {
      kb_abort(sprintf(paste(
        "%s(): `%s` got 0, but positions are 1-based in R: 1 is the first element. Write",
        "%s = 1 for the first element."
      ), caller, where, where), class = "kerasbridge_argument_error")
    }
    if (value < 1) {
      k_refuse(caller, where, value, expected)
    }
    return(as.integer(value) - 1L)
  }
  if (is_axis) {
    if (value == 0) {
      kb_abort(sprintf(paste(
        "%s(): `%s` got 0, but axes are 1-based in R: 1 is the first axis, 2 the second, and",
        "-1 the last. Write %s = 1 for the first axis."
      ), caller, where, where), class = "kerasbridge_argument_error")
    }
    minimum <- kind$minimum
    if (!is.null(minimum) && value < minimum + 1) {
      k_refuse(caller, where, value, expected)
    }
    return(if (value > 0) as.integer(value) - 1L else as.integer(value))
  }
  if (!is.null(kind$minimum) && value < kind$minimum) {
    k_refuse(caller, where, value, expected)
  }
  as.integer(value)
}

# Indices given as R numbers (k_gather): 1-based positions, as an integer array of 0-based ones.
k_indices <- function(value, caller, argument) {
  expected <- "positive whole numbers (1-based positions) or an integer tensor"
  if (is.list(value) && !is.object(value)) {
    value <- unlist(value)
  }
  if (!is.numeric(value) || is.object(value) || length(value) == 0) {
    k_refuse(caller, argument, value, expected)
  }
  bad <- is.na(value) | !is.finite(value) | value != trunc(value) | value < 1 |
    value > .Machine$integer.max
  if (any(bad)) {
    first <- value[bad][[1]]
    if (!is.na(first) && first == 0) {
      kb_abort(sprintf(paste(
        "%s(): `%s` holds 0, but indices are 1-based in R: 1 is the first element. Add 1 to",
        "0-based indices, or pass them as an integer tensor (used as it is)."
      ), caller, argument), class = "kerasbridge_argument_error")
    }
    k_refuse(caller, argument, first, expected)
  }
  shifted <- as.integer(value) - 1L
  if (is.null(dim(value))) {
    return(if (length(value) == 1) shifted else as.array(shifted))
  }
  dim(shifted) <- dim(value)
  shifted
}

k_expected <- function(declaration) {
  if (identical(declaration$role, "index")) {
    return("positive whole numbers (1-based positions) or an integer tensor")
  }
  kind <- k_integer_kinds[[declaration$kind]]
  element <- k_element_expected(declaration, kind)
  text <- switch(kind$form,
    scalar = element,
    either = paste0(element, ", or a vector or list of them"),
    sequence = paste0("a vector or list of elements each ", element),
    nested = paste0("a list of pairs (vectors of 2), each element ", element)
  )
  if (isTRUE(declaration$nullable)) paste(text, "or NULL") else text
}

k_element_expected <- function(declaration, kind) {
  minimum <- kind$minimum
  if (identical(declaration$role, "position")) {
    text <- "a positive whole number (positions are 1-based: 1 is the first element)"
  } else if (identical(declaration$role, "axis")) {
    text <- if (!is.null(minimum) && minimum >= 0) {
      "a positive whole number (axes are 1-based: 1 is the first axis)"
    } else {
      "a whole number other than 0 (axes are 1-based: 1 is the first axis, -1 the last)"
    }
  } else if (is.null(minimum)) {
    text <- "a whole number"
  } else if (minimum == 0) {
    text <- "a non-negative whole number"
  } else if (minimum == 1) {
    text <- "a positive whole number"
  } else {
    text <- sprintf("a whole number >= %d", minimum)
  }
  if (isTRUE(kind$none_elements)) paste(text, "or NULL") else text
}

k_refuse <- function(caller, where, value, expected) {
  kb_abort(sprintf("%s(): `%s` must be %s, not %s.", caller, where, expected,
                   describe_value(value)), class = "kerasbridge_argument_error")
}

#' The k_ functions: the Keras backend with R conventions
#'
#' Every function of the backend (`K$sum()`, `K$placeholder()`, ...) also exists as
#' `k_<name>()` (`k_sum()`, `k_placeholder()`, ...), written the way R keras 2 code writes them.
#' They call the same backend as [backend()], on every engine, and differ from `K$...` only in
#' how they take R values:
#'
#' * **Axes are 1-based**: `axis = 1` is the first axis, `axis = -1` the last (negative axes
#'   count from the end, as in Keras); `axis = 0` is an error. This holds for every axis-like
#'   argument: `axis`, `axes` ([k_batch_dot()], [k_reverse()]), `reduction_axes`, and the
#'   `pattern` of [k_permute_dimensions()]. The positions given to [k_gather()] as R numbers and
#'   the `start` of [k_slice()] are 1-based too (an integer tensor given to `k_gather()` is used
#'   as it is).
#' * **Whole doubles are integers**: shapes, sizes, counts and seeds accept `3` as well as `3L`
#'   (`k_placeholder(shape = list(NULL, 4, 5))`). A number that is not whole, `NA`, or a value
#'   below what the argument allows (a negative size) is refused with an error naming the
#'   function, the argument and the value. (`K$...` stays strictly typed.)
#' * **R values convert as R users expect**: an R vector is a 1-D array, a matrix or array keeps
#'   its dimensions, `NULL` is `None`, a list stays a list (of tensors, say), and an R function
#'   can be given where the backend calls a function ([k_rnn()], [k_map_fn()], [k_foldl()]).
#'
#' Results are backend tensors, which work with R's operators, math functions and indexing
#' (see [tensor-operators]), or R values (`k_eval()`, `k_int_shape()`, `k_get_value()`). Values
#' that are positions, such as the result of [k_argmax()], are 0-based as in Keras and R keras;
#' so are the class indices taken by [k_one_hot()], [k_in_top_k()] and
#' [k_sparse_categorical_crossentropy()].
#'
#' Python errors reach R as conditions of class `kerasbridge_error`; an argument refused by the
#' R conventions above has class `kerasbridge_argument_error`.
#'
#' @examplesIf is_backend_available("tensorflow")
#' x <- k_variable(matrix(1:6, 2))
#' k_eval(k_sum(x, axis = 1)) # column sums
#' k_eval(k_sum(x, axis = -1)) # row sums
#' k_int_shape(k_placeholder(shape = list(NULL, 3)))
#' try(k_sum(x, axis = 0))
#' try(k_placeholder(shape = list(NULL, 2.5)))
#' @name k_functions
NULL
