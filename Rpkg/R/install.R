#' Create a Python environment for kerasbridge
#'
#' Creates a virtualenv (with reticulate) and installs into it the kerasbridge
#' Python package bundled with this R package, with the engine `backend`. It
#' runs only when called, never when the package loads, and it does not start
#' Python in this R session. Discovery finds environments under
#' `~/.virtualenvs` (or `WORKON_HOME`), so [backend()] uses the new one without
#' further setup.
#'
#' The engine's packages are the extras declared by the Python package:
#' "tensorflow" installs TensorFlow 2.21 with tf-keras, "theano" installs
#' PyTensor, "cntk" installs CNTK 2.7, which exists only for CPython 3.6 (pass
#' such an interpreter as `python`), "jax" installs JAX (0.6.2 with NumPy 1, up to
#' 0.12 with NumPy 2). With reticulate older than 1.38, NumPy is
#' kept below 2, the newest NumPy those versions can convert.
#'
#' @param envname The virtualenv's name (created under `~/.virtualenvs`) or a
#'   path to create it at.
#' @param backend The engine to install: "tensorflow", "theano", "cntk" or "jax".
#' @param python The Python executable to create the virtualenv from; `NULL`
#'   lets reticulate choose.
#' @param source Where pip finds kerasbridge: `NULL` for the copy bundled with
#'   this R package, or a folder holding kerasbridge's `pyproject.toml`, or a
#'   pip requirement.
#' @return The path of the new environment's Python, invisibly.
#' @examples
#' \dontrun{
#' python <- install_kerasbridge("r-kerasbridge", backend = "tensorflow")
#' Sys.setenv(KERAS_PYTHON = python)
#' }
#' @export
install_kerasbridge <- function(envname = "r-kerasbridge", backend = "tensorflow",
                                python = NULL, source = NULL) {
  backend <- check_choice(backend, backend_names, "install_kerasbridge", "backend")
  if (identical(backend, "cntk") && is.null(python)) {
    kb_abort(paste(
      "install_kerasbridge(backend = \"cntk\"): CNTK 2.7 has wheels only for CPython 3.6, so",
      "pass `python`, the path of a Python 3.6 executable (such as",
      "~/.pyenv/versions/3.6.15/bin/python)."
    ), class = "kerasbridge_argument_error")
  }
  requirement <- kerasbridge_requirement(source, backend)
  with_python_library_path({
    reticulate::virtualenv_create(envname, python = python, packages = NULL)
    reticulate::virtualenv_install(envname, packages = c(requirement, numpy_requirement()),
                                   ignore_installed = FALSE)
  })
  invisible(reticulate::virtualenv_python(envname))
}

# engine_extras, the Python package's extra for each engine (pyproject.toml,
# [project.optional-dependencies]), is in R/engines.R, generated from the engine registry.

kerasbridge_requirement <- function(source, backend) {
  extra <- engine_extras[[backend]]
  if (is.null(source)) {
    source <- copy_bundled_project()
  }
  if (dir.exists(source)) {
    return(sprintf("%s[%s]", normalizePath(source), extra))
  }
  sprintf("%s[%s]", source, extra)
}

# pip builds a local project in its folder; the installed R package may be read-only, so the
# bundled project is copied to a temporary folder first.
copy_bundled_project <- function() {
  bundled_sources()
  project <- system.file("python", package = "kerasbridge")
  target <- tempfile("kerasbridge-python-")
  dir.create(target)
  file.copy(list.files(project, full.names = TRUE, all.files = TRUE, no.. = TRUE), target,
            recursive = TRUE)
  target
}

numpy_requirement <- function() {
  if (utils::packageVersion("reticulate") < "1.38") "numpy<2" else character()
}
