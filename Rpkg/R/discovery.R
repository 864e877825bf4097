# Discovery from R: runs the Python package's discovery with a bootstrap Python (no interpreter
# is bound, nothing is installed) and presents its result.

# The parsed JSON of `python -m kerasbridge envs --json` (schema 1).
run_discovery <- function(backend = NULL, implementation = NULL) {
  arguments <- c("envs", "--json",
                 if (!is.null(backend)) c("--backend", backend),
                 if (!is.null(implementation)) c("--implementation", implementation))
  output <- run_bridge_command(arguments)
  parsed <- tryCatch(
    jsonlite::fromJSON(output, simplifyVector = FALSE),
    error = function(error) {
      kb_abort(sprintf("Discovery printed something that is not JSON (%s): %s",
                       one_line(conditionMessage(error)), substr(output, 1, 200)),
               class = "kerasbridge_discovery_error")
    }
  )
  if (!identical(parsed$schema, 1L)) {
    kb_abort(sprintf(paste(
      "Discovery answered with schema %s, and this version of the R package reads schema 1.",
      "Install the R package and the Python package from the same kerasbridge version."
    ), format(parsed$schema)), class = "kerasbridge_discovery_error")
  }
  parsed
}

#' The Python interpreters kerasbridge can find
#'
#' Runs kerasbridge's discovery (with any Python on the machine; it binds no
#' interpreter and installs nothing) and returns every candidate it examined,
#' in the order it looks at them: `KERAS_PYTHON`, the active virtualenv and
#' conda environment, virtualenvs under `WORKON_HOME`, conda environments,
#' pyenv versions, `PATH` and common system locations. The first candidate with
#' kerasbridge and the chosen engine is the one [backend()] binds.
#'
#' @param backend,implementation The engine and implementation to judge the
#'   candidates for; `NULL` means the current choice ([use_backend()],
#'   `KERAS_BACKEND`, `keras.json`, default "tensorflow").
#' @return A data frame with one row per candidate: `path`, `kind` (venv,
#'   conda, pyenv or system), `version` (of Python), the versions of the
#'   packages that matter (`kerasbridge`, `tensorflow`, `tf_keras`, `theano`,
#'   `pytensor`, `cntk`, `jax`, `jaxlib`; `NA` when absent), `verdict` ("selected", "usable" or
#'   "rejected"), `reason`, `source` (where it was found) and `realpath`.
#'   Attributes `selected` (a path or `NULL`) and `reason` give the outcome.
#' @examples
#' \dontrun{
#' envs <- keras_environments()
#' envs[, c("path", "version", "tensorflow", "verdict")]
#' }
#' @export
keras_environments <- function(backend = NULL, implementation = NULL) {
  engine <- requested_engine_or(backend, implementation, "keras_environments")
  found <- run_discovery(engine$backend, engine$implementation)
  environments_table(found)
}

# package_columns is in R/engines.R, generated from the engine registry.

environments_table <- function(found) {
  candidates <- found$candidates
  text <- function(candidate, field) {
    value <- candidate[[field]]
    if (is.null(value)) NA_character_ else as.character(value)
  }
  column <- function(field) vapply(candidates, text, character(1), field = field)
  package <- function(name) {
    vapply(candidates, function(candidate) text(candidate$packages, name), character(1))
  }
  table <- data.frame(
    path = column("path"), kind = column("kind"), version = column("version"),
    stringsAsFactors = FALSE
  )
  for (name in package_columns) {
    table[[name]] <- package(name)
  }
  table$verdict <- column("verdict")
  table$reason <- column("reason")
  table$source <- column("source")
  table$realpath <- column("realpath")
  attr(table, "selected") <- found$selected
  attr(table, "reason") <- found$reason
  table
}

#' Is an engine available?
#'
#' Says whether an interpreter with kerasbridge and the engine `name` can be
#' found, without starting Python in this session (discovery runs in a
#' separate process). When `KERAS_PYTHON` is set, only that interpreter counts,
#' since it is the one [backend()] would bind.
#'
#' @param name The engine: "tensorflow", "theano", "cntk" or "jax".
#' @param implementation "keras" or "tensorflow"; `NULL` means the current
#'   choice.
#' @return `TRUE` or `FALSE`, with the reason (discovery's) as attribute
#'   `reason`.
#' @examples
#' \dontrun{
#' if (is_backend_available("theano")) use_backend("theano")
#' }
#' @export
is_backend_available <- function(name, implementation = NULL) {
  name <- check_choice(name, backend_names, "is_backend_available", "name")
  engine <- requested_engine_or(name, implementation, "is_backend_available")
  forced <- keras_python_variable()
  if (!is.null(forced)) {
    problem <- tryCatch({
      check_keras_python(forced)
      NULL
    }, kerasbridge_bad_python = conditionMessage)
    if (!is.null(problem)) {
      return(structure(FALSE, reason = problem))
    }
  }
  # With KERAS_PYTHON set, discovery selects it or nothing.
  found <- run_discovery(name, engine$implementation)
  structure(!is.null(found$selected), reason = found$reason)
}

requested_engine_or <- function(backend, implementation, caller) {
  engine <- requested_engine()
  if (!is.null(backend)) {
    engine$backend <- check_choice(backend, backend_names, caller, "backend")
  }
  if (!is.null(implementation)) {
    engine$implementation <- check_choice(implementation, implementation_names, caller,
                                          "implementation")
  }
  engine
}

# The error backend() gives when no interpreter fits: what was looked for, each candidate with
# why it was refused, and what to do.
no_python_message <- function(found) {
  wanted <- sprintf("kerasbridge and the \"%s\" engine (implementation \"%s\")",
                    found$backend, found$implementation)
  candidates <- found$candidates
  scanned <- if (length(candidates) == 0) {
    "Scanned no interpreters."
  } else {
    c(sprintf("Scanned %d interpreter%s:", length(candidates),
              if (length(candidates) == 1) "" else "s"),
      vapply(candidates, describe_candidate, character(1)))
  }
  c(
    sprintf("No Python interpreter with %s was found: %s", wanted, found$reason),
    scanned,
    sprintf(paste(
      "Create one with install_kerasbridge(backend = \"%s\"), or set KERAS_PYTHON to the Python",
      "executable of an environment that has kerasbridge and the engine."
    ), found$backend)
  )
}

describe_candidate <- function(candidate) {
  version <- if (is.null(candidate$version)) "version unknown" else
    paste("Python", candidate$version)
  sprintf("  - %s (%s, %s): %s", candidate$path, candidate$kind, version, candidate$reason)
}
