# R's operators, Math and Summary groups on backend tensors. Once the backend is loaded, S3
# methods are registered for the Python classes of the engine's tensors, which Python names
# (kerasbridge.rsupport); each method calls that module, which builds the result from the
# backend's functions. Written once: no engine has R code of its own.

#' Operators, math and indexing on backend tensors
#'
#' Once [backend()] has started, the tensors and variables of every engine
#' behave like R values:
#'
#' * **Operators**: `+ - * / ^ %% %/%`, unary `-`, `== != < > <= >=` and
#'   `& | !`, between two tensors or a tensor and an R number or array (on
#'   either side). `%%` and `%/%` follow R (the result of `%%` has the sign of
#'   the divisor).
#' * **Math**: `abs sqrt exp log sin cos tanh sign round floor ceiling cumsum
#'   cumprod`, element-wise; `log(x, base)` and `round(x, digits)` too.
#'   `cumsum()` and `cumprod()` run over the elements in R's (column-major)
#'   order and return a 1-D tensor, like R on an array.
#' * **Summary**: `sum prod max min any all range`, reductions over the whole
#'   tensor (and any further arguments), giving a 0-d tensor.
#' * **Indexing**: `x[i, j, ...]`, one index per dimension: positive whole
#'   numbers, ranges such as `2:4`, vectors of them, or nothing for the whole
#'   dimension, with `drop = TRUE` dropping the dimensions of extent 1 as R
#'   does (dimensions of unknown extent are never dropped).
#' * `dim(x)` (`NA` where the extent is unknown), `length(x)`, `as.array(x)`
#'   and `as.numeric(x)` (which evaluate `x`), `t(x)` for 1-D and 2-D tensors,
#'   and `print(x)`, which shows the engine, the shape and the dtype.
#'
#' The result of an operation is a tensor of the same engine; nothing is
#' evaluated until you ask (`as.array()`, `K$eval()`, or a function made with
#' `` K$`function`() ``).
#'
#' @section Types and broadcasting:
#' An R value takes the tensor's dtype when that is of its kind or wider
#' (logical < integer < double): `x * 2` keeps a `float32` tensor `float32`.
#' Otherwise R's promotion applies: an R double with an integer or boolean
#' tensor gives floatx ([K$floatx()][backend]), an R integer with a boolean
#' tensor gives `int32`; two tensors of different dtypes are promoted the same
#' way. As in R, `/` and `^` on integers give floatx, arithmetic on booleans
#' gives integers, and `&`, `|`, `!` take any non-zero value as true.
#'
#' Shapes combine the Keras (NumPy) way, not by R's recycling: a vector is
#' aligned with the *last* dimension, so a 3-vector added to a 2 x 3 matrix
#' is added to each row.
#'
#' @section Engines:
#' Comparisons give boolean tensors; CNTK stores booleans as 0 and 1, which
#' `as.array()` returns as numbers. Element-wise functions follow the
#' engine: `sqrt()` of a negative number is 0 (as in Keras 2), not `NaN`, and
#' `log()` of a negative number is `NaN` (CNTK: a large negative number).
#' Out-of-range indices are found before evaluation only for dimensions of
#' known extent.
#'
#' @examples
#' \dontrun{
#' library(kerasbridge)
#' K <- backend()
#' poisson_loss <- function(y_true, y_pred) {
#'   rate <- 0.5 * (K$abs(y_pred) + y_pred) + 1e-5
#'   K$mean(rate - y_true * log(rate))
#' }
#' y <- K$variable(matrix(c(1, 2, 3, 4), 2))
#' as.array(poisson_loss(y, y * 1.5))
#' x <- K$placeholder(shape = list(NULL, 2L))
#' x[, 2] # the second column: a 1-D tensor
#' }
#' @name tensor-operators
NULL

# Group methods read the operator's name from `.Generic`, which R defines when it dispatches.
utils::globalVariables(".Generic")

math_functions <- c("abs", "sqrt", "exp", "log", "sin", "cos", "tanh", "sign", "round",
                    "floor", "ceiling", "cumsum", "cumprod")

# Registers the methods for the engine's tensor classes and keeps the Python functions they call
# (a cached function costs a quarter of a `module$name` lookup per call). Called by
# start_backend(); a failure leaves the backend usable, with a warning.
register_tensor_methods <- function() {
  support <- reticulate::import("kerasbridge.rsupport", convert = TRUE)
  classes <- support$tensor_classes()
  functions <- c("operate", "unary", "math", "summary", "subset", "shape", "describe",
                 "transpose", "is_tensor")
  .state$tensor_support <- lapply(functions, function(name) support[[name]])
  names(.state$tensor_support) <- functions
  .state$tensor_classes <- unlist(classes)
  namespace <- topenv(environment(register_tensor_methods))
  methods <- tensor_methods()
  for (class in .state$tensor_classes) {
    for (generic in names(methods)) {
      registerS3method(generic, class, methods[[generic]], envir = namespace)
    }
  }
  invisible(.state$tensor_classes)
}

tensor_methods <- function() {
  list(
    Ops = tensor_ops, Math = tensor_math, Summary = tensor_summary, "[" = tensor_subset,
    dim = tensor_dim, length = tensor_length, as.array = tensor_as_array,
    as.double = tensor_as_double, t = tensor_t, format = tensor_format, print = tensor_print
  )
}

is_tensor <- function(value) {
  inherits(value, .state$tensor_classes)
}

tensor_ops <- function(e1, e2) {
  support <- .state$tensor_support
  if (missing(e2)) {
    return(support$unary(.Generic, e1))
  }
  support$operate(.Generic, tensor_operand(e1, .Generic), tensor_operand(e2, .Generic))
}

tensor_math <- function(x, ...) {
  name <- .Generic
  if (!name %in% math_functions) {
    kb_abort(sprintf(paste(
      "%s() is not available on backend tensors. Available: %s. Compose others from the",
      "backend's functions (K$...) and these."
    ), name, paste0(math_functions, "()", collapse = ", ")), class = "kerasbridge_operator_error")
  }
  extra <- list(...)
  digits <- 0L
  base <- NULL
  if (name == "round" && length(extra) > 0) {
    digits <- check_digits(extra[[1]])
  }
  if (name == "log" && length(extra) > 0) {
    base <- check_base(extra[[1]])
  }
  .state$tensor_support$math(name, x, digits = digits, base = base)
}

tensor_summary <- function(..., na.rm = FALSE) {
  if (!identical(na.rm, FALSE)) {
    kb_abort(sprintf(paste(
      "%s(): `na.rm` must be `FALSE` on backend tensors, not %s: tensors hold no NA. Leave",
      "`na.rm` out."
    ), .Generic, describe_value(na.rm)), class = "kerasbridge_operator_error")
  }
  values <- lapply(list(...), tensor_operand, operator = paste0(.Generic, "()"))
  .state$tensor_support$summary(.Generic, values)
}

# An operand as Python should receive it: a tensor as it is; an R number as a scalar; an R
# vector as a 1-D array; an R array as it is. Anything else is an error.
tensor_operand <- function(value, operator) {
  if (is_tensor(value)) {
    return(value)
  }
  if (!(is.numeric(value) || is.logical(value)) || (is.object(value) && !is.array(value)) ||
      length(value) == 0) {
    kb_abort(sprintf(paste(
      "`%s` on a backend tensor needs a tensor, a number, or a numeric or logical vector or",
      "array on the other side, not %s. Convert it first, e.g. with as.numeric()."
    ), operator, describe_operand(value)), class = "kerasbridge_operator_error")
  }
  if (anyNA(value) && !all(is.nan(value[is.na(value)]))) {
    kb_abort(sprintf(paste(
      "`%s` on a backend tensor got an R value with NA: tensors have no NA. Replace NA",
      "first (NaN is allowed in doubles)."
    ), operator), class = "kerasbridge_operator_error")
  }
  if (is.null(dim(value))) {
    if (length(value) == 1) {
      return(as.vector(value))
    }
    return(as.array(as.vector(value)))
  }
  value
}

describe_operand <- function(value) {
  if (inherits(value, "python.builtin.object")) {
    return(sprintf("a Python object of class %s", class(value)[[1]]))
  }
  describe_value(value)
}

check_digits <- function(digits) {
  if (!is.numeric(digits) || length(digits) != 1 || is.na(digits) ||
      digits != trunc(digits)) {
    kb_abort(sprintf(
      "round(): `digits` must be one whole number such as 2, not %s.", describe_value(digits)
    ), class = "kerasbridge_operator_error")
  }
  as.integer(digits)
}

check_base <- function(base) {
  if (!is.numeric(base) || length(base) != 1 || is.na(base) || base <= 0) {
    kb_abort(sprintf(
      "log(): `base` must be one positive number such as 10, not %s.", describe_value(base)
    ), class = "kerasbridge_operator_error")
  }
  as.double(base)
}
