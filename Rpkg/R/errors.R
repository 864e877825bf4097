# Errors signalled by the package: R conditions of class `kerasbridge_error` (plus a precise
# subclass), whose message says what was expected, what was received and what to do.

kb_abort <- function(message, class = NULL, parent = NULL) {
  condition <- structure(
    class = c(class, "kerasbridge_error", "error", "condition"),
    list(message = paste(message, collapse = "\n"), call = NULL, parent = parent)
  )
  stop(condition)
}

# Evaluates `expr`, turning an exception of the kerasbridge Python package into a kerasbridge R
# error with the Python message as it is (reticulate prefixes the class and adds a newline).
# Any other error passes through untouched.
with_python_errors <- function(expr) {
  tryCatch(expr, error = function(error) {
    parsed <- parse_python_error(conditionMessage(error))
    if (is.null(parsed)) {
      stop(error)
    }
    kb_abort(parsed$message, class = parsed$class, parent = error)
  })
}

# "kerasbridge.errors.ConfigError: text\n" -> list(class = "kerasbridge_config_error",
# message = "text"); NULL for a message that is not a kerasbridge exception.
parse_python_error <- function(message) {
  pattern <- "^kerasbridge\\.errors\\.([A-Za-z]+): "
  match <- regmatches(message, regexec(pattern, message))[[1]]
  if (length(match) == 0) {
    return(NULL)
  }
  text <- substring(message, nchar(match[[1]]) + 1)
  list(
    class = paste0("kerasbridge_", snake_case(match[[2]])),
    message = sub("\n+$", "", text)
  )
}

snake_case <- function(name) {
  tolower(gsub("([a-z0-9])([A-Z])", "\\1_\\2", name))
}

# A short description of an R value for error messages, r-lib style: `the string "x"`,
# `the number 2`, `NULL`, `a character vector of length 2`.
describe_value <- function(value) {
  if (is.null(value)) {
    return("NULL")
  }
  if (length(value) == 1 && is.atomic(value)) {
    if (is.na(value)) {
      return(if (is.logical(value)) "NA" else paste0("`", deparse(value), "`"))
    }
    if (is.character(value)) {
      return(sprintf("the string \"%s\"", value))
    }
    if (is.logical(value)) {
      return(sprintf("`%s`", value))
    }
    if (is.numeric(value)) {
      return(sprintf("the number %s", deparse(value)))
    }
  }
  kind <- if (is.list(value)) "list" else paste(typeof(value), "vector")
  sprintf("%s %s of length %d", article(kind), kind, length(value))
}

article <- function(word) {
  if (grepl("^[aeiou]", word)) "an" else "a"
}

quote_all <- function(values) {
  quoted <- sprintf("\"%s\"", values)
  if (length(quoted) < 2) {
    return(quoted)
  }
  paste(paste(quoted[-length(quoted)], collapse = ", "), "or", quoted[[length(quoted)]])
}

check_flag <- function(value, argument, caller) {
  if (!is.logical(value) || length(value) != 1 || is.na(value)) {
    kb_abort(
      sprintf("%s(): `%s` must be `TRUE` or `FALSE`, not %s.", caller, argument,
              describe_value(value)),
      class = "kerasbridge_argument_error"
    )
  }
  value
}
