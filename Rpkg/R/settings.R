#' kerasbridge's settings and where each comes from
#'
#' Shows every setting (implementation, backend, floatx, epsilon,
#' image_data_format, python) with its value and its source: a call such as
#' [use_backend()], an environment variable, `keras.json`, or the default.
#' Precedence is in that order. Before Python starts the values are read by a
#' separate Python process (nothing starts in this session); afterwards they
#' are those of the running backend.
#'
#' @return A data frame of class `kerasbridge_settings` with columns `setting`,
#'   `value` and `source` (attributes: `config_path`, the `keras.json` that
#'   applies, and `started`, whether the backend is running).
#' @examples
#' \dontrun{
#' keras_settings()
#' }
#' @export
keras_settings <- function() {
  running <- .state$session
  if (is.null(running)) {
    payload <- jsonlite::fromJSON(run_bridge_command(c("config", "--json")),
                                  simplifyVector = FALSE)
    resolved <- payload$settings
    config_path <- payload$config_path
    for (name in names(.state$choices)) {
      resolved[[name]] <- list(value = .state$choices[[name]], source = "explicit")
    }
    python <- python_setting_before_start()
  } else {
    current <- reticulate::import("kerasbridge", convert = TRUE)$get_settings()
    resolved <- current$as_dict()
    config_path <- current$config_path
    python <- list(value = running$python, source = running$reason)
  }
  resolved$python <- python
  settings_table(resolved, config_path, started = !is.null(running))
}

setting_names <- c("implementation", "backend", "floatx", "epsilon", "image_data_format",
                   "python")

python_setting_before_start <- function() {
  forced <- keras_python_variable()
  if (!is.null(forced)) {
    return(list(value = forced, source = "env:KERAS_PYTHON"))
  }
  list(value = NULL, source = "discovery")
}

settings_table <- function(resolved, config_path, started) {
  value_of <- function(name) {
    value <- resolved[[name]]$value
    if (is.null(value)) NA_character_ else format(value)
  }
  source_of <- function(name) {
    describe_source(name, resolved[[name]]$source)
  }
  table <- data.frame(
    setting = setting_names,
    value = vapply(setting_names, value_of, character(1), USE.NAMES = FALSE),
    source = vapply(setting_names, source_of, character(1), USE.NAMES = FALSE),
    stringsAsFactors = FALSE
  )
  structure(table, class = c("kerasbridge_settings", "data.frame"),
            config_path = config_path, started = started)
}

# Python's source codes ("explicit", "env:NAME", "keras.json:PATH", "default") in words.
describe_source <- function(name, source) {
  if (is.null(source)) {
    return(NA_character_)
  }
  if (identical(source, "explicit")) {
    caller <- c(backend = "use_backend()", implementation = "use_implementation()")[name]
    return(if (is.na(caller)) "set in this session" else unname(caller))
  }
  if (identical(source, "discovery")) {
    return("chosen by discovery when backend() starts (see keras_environments())")
  }
  if (startsWith(source, "env:")) {
    return(paste("environment variable", substring(source, 5)))
  }
  if (startsWith(source, "keras.json:")) {
    return(sprintf("keras.json (%s)", substring(source, 12)))
  }
  source
}

#' @export
format.kerasbridge_settings <- function(x, ...) {
  status <- if (isTRUE(attr(x, "started"))) {
    engine <- .state$session
    sprintf("backend running: \"%s\" engine, implementation \"%s\"", engine$backend,
            engine$implementation)
  } else {
    "Python not started yet"
  }
  values <- ifelse(is.na(x$value), "(not chosen yet)", x$value)
  width <- max(24, nchar(values))
  rows <- sprintf("  %-18s %s  %s", x$setting, formatC(values, width = -width), x$source)
  c(sprintf("<kerasbridge settings> %s", status), rows,
    sprintf("keras.json: %s", attr(x, "config_path")))
}

#' @export
print.kerasbridge_settings <- function(x, ...) {
  writeLines(format(x, ...))
  invisible(x)
}
