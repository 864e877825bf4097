# The Python side: which interpreter backend() binds, binding it with reticulate, and running
# the bundled kerasbridge command line with a bootstrap Python before any interpreter is bound.

# The interpreter for backend(): KERAS_PYTHON when set (checked, never second-guessed), else the
# one discovery selects for the requested engine. A list(path, reason).
python_for_backend <- function(engine) {
  forced <- keras_python_variable()
  if (!is.null(forced)) {
    return(list(path = check_keras_python(forced), reason = "environment variable KERAS_PYTHON"))
  }
  found <- run_discovery(engine$backend, engine$implementation)
  if (is.null(found$selected)) {
    kb_abort(no_python_message(found), class = "kerasbridge_no_python")
  }
  list(path = found$selected, reason = paste("discovery:", found$reason))
}

keras_python_variable <- function() {
  value <- trimws(Sys.getenv("KERAS_PYTHON"))
  if (nzchar(value)) value else NULL
}

# An absolute path to KERAS_PYTHON's executable, or an error saying what is wrong with it. As
# in the Python package's discovery, KERAS_PYTHON may also name an environment folder (its
# bin/python or bin/python3 is used). Symbolic links are kept: a virtualenv's bin/python is a
# link to its base interpreter, and following it would leave the virtualenv.
check_keras_python <- function(value) {
  path <- path.expand(value)
  if (dir.exists(path)) {
    inside <- file.path(path, "bin", c("python", "python3"))
    inside <- inside[file.exists(inside)]
    if (length(inside) == 0) {
      keras_python_problem(value, "a folder without bin/python")
    }
    path <- inside[[1]]
  }
  if (!file.exists(path)) {
    keras_python_problem(value, "which does not exist")
  }
  if (file.access(path, 1) != 0) {
    keras_python_problem(value, "which is not executable")
  }
  absolute_path(path)
}

keras_python_problem <- function(value, problem) {
  kb_abort(
    sprintf(paste(
      "KERAS_PYTHON is set to \"%s\", %s. Set KERAS_PYTHON to the Python executable (or the",
      "folder) of an environment that has kerasbridge (such as",
      "~/.virtualenvs/r-kerasbridge/bin/python, which install_kerasbridge() creates), or unset it",
      "(Sys.unsetenv(\"KERAS_PYTHON\")) to let discovery choose; keras_environments() lists the",
      "candidates."
    ), value, problem),
    class = "kerasbridge_bad_python"
  )
}

absolute_path <- function(path) {
  file.path(normalizePath(dirname(path), mustWork = TRUE), basename(path))
}

python_started <- function() {
  reticulate::py_available(initialize = FALSE)
}

# Binds `python` with reticulate and starts it, unless Python already runs in this session:
# then it must be the same interpreter (reticulate cannot switch).
bind_python <- function(python) {
  if (python_started()) {
    running <- reticulate::py_config()$python
    if (!identical(absolute_path(running), python$path)) {
      kb_abort(sprintf(paste(
        "Python is already running in this R session (%s, started through reticulate before",
        "backend()), but kerasbridge was asked to use %s (%s). reticulate binds one interpreter",
        "per R session: restart R and call backend() before anything else starts Python, or",
        "set KERAS_PYTHON=%s."
      ), running, python$path, python$reason, running), class = "kerasbridge_bad_python")
    }
    return(invisible(python))
  }
  check_reticulate_python(python)
  # reticulate 1.28 lets a Poetry or Pipenv project in the working folder (any pyproject.toml
  # with a [tool] table counts) override use_python(); only RETICULATE_PYTHON comes first.
  # It is set while Python starts, then restored.
  old <- Sys.getenv("RETICULATE_PYTHON", unset = NA)
  Sys.setenv(RETICULATE_PYTHON = python$path)
  on.exit(if (is.na(old)) Sys.unsetenv("RETICULATE_PYTHON") else
    Sys.setenv(RETICULATE_PYTHON = old), add = TRUE)
  reticulate::use_python(python$path, required = TRUE)
  reticulate::py_config()
  invisible(python)
}

# reticulate gives RETICULATE_PYTHON precedence over use_python(), even when it is empty.
check_reticulate_python <- function(python) {
  value <- Sys.getenv("RETICULATE_PYTHON", unset = NA)
  if (is.na(value) || identical(path.expand(value), python$path)) {
    return(invisible())
  }
  kb_abort(sprintf(paste(
    "RETICULATE_PYTHON is set to \"%s\", which makes reticulate ignore the interpreter",
    "kerasbridge chose, %s (%s). Unset it (Sys.unsetenv(\"RETICULATE_PYTHON\")) before",
    "backend(), or set KERAS_PYTHON to the interpreter you want."
  ), value, python$path, python$reason), class = "kerasbridge_bad_python")
}

# The bound interpreter's kerasbridge module, or an error saying how to get it there.
import_kerasbridge <- function(python) {
  tryCatch(
    reticulate::import("kerasbridge", convert = TRUE),
    error = function(error) {
      kb_abort(sprintf(paste(
        "The Python %s (%s) cannot import kerasbridge: %s. Install kerasbridge and an engine",
        "there, use install_kerasbridge() to create an environment that has them, or point",
        "KERAS_PYTHON at one; keras_environments() lists the interpreters found."
      ), python$path, python$reason, one_line(conditionMessage(error))),
      class = "kerasbridge_bad_python", parent = error)
    }
  )
}

one_line <- function(text) {
  gsub("\\s*\n\\s*", " ", trimws(text))
}

# --- the bundled command line, run with a bootstrap Python -----------------------------------

# Written in Python 2 compatible syntax so that an old interpreter says why it cannot help.
# `-I` isolates it from PYTHONPATH, user site-packages and the current folder; the bundled
# sources are put on the path explicitly (and PYTHONPATH is not set, so discovery's probes of
# other interpreters do not inherit them). `-B`: write no bytecode into the installed package.
bootstrap_launcher <- paste(
  "import sys",
  "if sys.version_info < (3, 6):",
  "    sys.stderr.write('Python %s is too old to run kerasbridge (it needs 3.6 or newer)\\n'",
  "                     % sys.version.split()[0])",
  "    sys.exit(3)",
  "sys.path.insert(0, sys.argv.pop(1))",
  "from kerasbridge.__main__ import main",
  "sys.exit(main(sys.argv[1:]))",
  sep = "\n"
)

bundled_sources <- function() {
  path <- system.file("python", "bridge", package = "kerasbridge")
  if (!nzchar(path) || !file.exists(file.path(path, "kerasbridge", "__init__.py"))) {
    kb_abort(paste(
      "This installation of the kerasbridge R package has no bundled Python sources",
      "(inst/python), so it cannot run discovery. Reinstall it from the kerasbridge repository",
      "(R CMD INSTALL Rpkg runs Rpkg/configure, which bundles them), or set KERAS_PYTHON to the",
      "Python executable of an environment that has kerasbridge."
    ), class = "kerasbridge_no_python")
  }
  path
}

# Interpreters able to run the bundled command line, in the order they are tried.
bootstrap_pythons <- function() {
  candidates <- c(
    getOption("kerasbridge.bootstrap_python"),
    keras_python_variable(),
    unname(Sys.which(c("python3", "python"))),
    "/usr/bin/python3", "/usr/local/bin/python3"
  )
  candidates <- candidates[nzchar(candidates)]
  candidates <- candidates[file.exists(candidates) & !dir.exists(candidates)]
  unique(candidates)
}

# Runs `python -m kerasbridge <arguments>` from the bundled sources with the first bootstrap
# Python that can; returns its standard output. A kerasbridge error (exit status 2: invalid
# setting, bad arguments) is reported as it is; an interpreter that cannot run the command at
# all is skipped, and if none can, the error lists each one with its reason.
run_bridge_command <- function(arguments, timeout = 300) {
  sources <- bundled_sources()
  refused <- character()
  for (python in bootstrap_pythons()) {
    result <- processx::run(
      python, c("-I", "-B", "-c", bootstrap_launcher, sources, arguments),
      error_on_status = FALSE, timeout = timeout,
      env = c("current", LD_LIBRARY_PATH = python_library_path())
    )
    if (identical(result$status, 0L)) {
      return(result$stdout)
    }
    if (identical(result$status, 2L)) {
      kb_abort(sub("^kerasbridge: error: ", "", trimws(result$stderr)),
               class = "kerasbridge_command_error")
    }
    refused <- c(refused, sprintf("  - %s: %s", python, last_line(result$stderr, result$status)))
  }
  kb_abort(c(
    sprintf(paste(
      "No Python could run kerasbridge's discovery (`python -m kerasbridge %s`), which needs",
      "any Python 3.6 or newer before an interpreter is chosen. Tried:"
    ), paste(arguments, collapse = " ")),
    if (length(refused)) refused else "  (none found: no python3 or python on PATH)",
    paste(
      "Install Python 3, set options(kerasbridge.bootstrap_python = \"/path/to/python3\"), or",
      "set KERAS_PYTHON to the Python executable of an environment that has kerasbridge."
    )
  ), class = "kerasbridge_no_python")
}

last_line <- function(text, status) {
  lines <- strsplit(trimws(text), "\n", fixed = TRUE)[[1]]
  if (length(lines) == 0) {
    return(sprintf("exited with status %s and no message", status))
  }
  trimws(lines[[length(lines)]])
}

# --- the environment of Python subprocesses -------------------------------------------------

# LD_LIBRARY_PATH without the folders R puts first for itself (R_HOME/etc/ldpaths). They include
# the system library folder, where a pyenv-built Python started by R would pick up the system's
# libpython of the same minor version instead of its own (seen: pyenv's 3.11.7 loading Debian's
# 3.11.2 library, whose missing symbols break its ssl module, so pip cannot reach an index).
python_library_path <- function() {
  current <- Sys.getenv("LD_LIBRARY_PATH")
  prefix <- r_library_path()
  if (nzchar(prefix) && startsWith(current, prefix)) {
    current <- sub("^:", "", substring(current, nchar(prefix) + 1))
  }
  current
}

r_library_path <- function() {
  if (is.null(.state$r_library_path)) {
    ldpaths <- file.path(R.home("etc"), "ldpaths")
    .state$r_library_path <- if (file.exists(ldpaths)) {
      result <- processx::run("sh", c("-c", ". \"$1\"; printf %s \"$R_LD_LIBRARY_PATH\"",
                                      "sh", ldpaths),
                              env = c("current", R_HOME = R.home(), LD_LIBRARY_PATH = ""),
                              error_on_status = FALSE)
      if (result$status == 0) result$stdout else ""
    } else {
      ""
    }
  }
  .state$r_library_path
}

# Evaluates `expr` (which starts Python programs through system2, as reticulate's virtualenv
# functions do) with LD_LIBRARY_PATH as python_library_path() gives it.
with_python_library_path <- function(expr) {
  old <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  Sys.setenv(LD_LIBRARY_PATH = python_library_path())
  on.exit(if (is.na(old)) Sys.unsetenv("LD_LIBRARY_PATH") else
    Sys.setenv(LD_LIBRARY_PATH = old), add = TRUE)
  expr
}
