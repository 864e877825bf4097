# Shared by the vignettes, sourced by each one's hidden setup chunk.
#
# - knitr options: every chunk runs; an error stops the render unless the chunk says error = TRUE
#   (used only to show a deliberate error).
# - the "process" chunk engine: runs a chunk in a new R or Python process (one engine per
#   process: reticulate binds one Python per R session), with extra environment variables, and
#   shows the chunk's code and what the process printed.

knitr::opts_chunk$set(collapse = TRUE, comment = "#>", error = FALSE, message = TRUE,
                      warning = TRUE)
options(width = 100)

# Each chunk's time goes to the render's log (stderr), not to the page: the docs target must
# stay within its time budget, and this shows where the time goes.
knitr::knit_hooks$set(timing = function(before, options) {
  if (before) {
    .chunk_started <<- Sys.time()
  } else {
    cat(sprintf("chunk %-24s %5.1f s\n", options$label,
                as.numeric(difftime(Sys.time(), .chunk_started, units = "secs"))),
        file = stderr())
  }
  invisible(NULL)
})
knitr::opts_chunk$set(timing = TRUE)

# Python programs started from R must not see the library folders R puts first in
# LD_LIBRARY_PATH: a pyenv-built Python would load the system's libpython of the same minor
# version instead of its own. The R package knows R's folders; ask it.
Sys.setenv(LD_LIBRARY_PATH = kerasbridge:::python_library_path())

# Chunk options of the process engine:
#   language  "r" (Rscript, the default) or "python"
#   python    the interpreter, for language = "python"
#   env       named character vector of environment variables for the process
#   preamble  code run before the chunk's code, not shown (e.g. loading the package)
#   note      the comment shown above the code (default: how the process is started)
#   show_code FALSE shows the note alone (for a script already shown by an earlier chunk)
process_engine <- function(options) {
  language <- if (is.null(options$language)) "r" else options$language
  env <- if (is.null(options$env)) character() else options$env
  script <- tempfile(fileext = if (language == "r") ".R" else ".py")
  on.exit(unlink(script), add = TRUE)
  writeLines(c(options$preamble, options$code), script)
  if (language == "r") {
    program <- file.path(R.home("bin"), "Rscript")
    shown_program <- "Rscript"
  } else {
    program <- options$python
    shown_program <- options$python
  }
  started <- Sys.time()
  result <- if (options$eval) {
    processx::run(program, script, env = c("current", env), error_on_status = FALSE,
                  timeout = 600)
  }
  seconds <- as.numeric(difftime(Sys.time(), started, units = "secs"))
  note <- options$note
  if (is.null(note)) {
    assignments <- if (length(env)) paste0(names(env), "=", env, collapse = " ") else ""
    note <- sprintf("%s: %s%s script",
                    if (isFALSE(options$show_code)) "The script above, in a new process"
                    else "In a new process",
                    if (nzchar(assignments)) paste0(assignments, " ") else "", shown_program)
  }
  options$code <- c(paste("#", note), if (!isFALSE(options$show_code)) options$code)
  output <- if (is.null(result)) "" else result$stdout
  if (!is.null(result) && result$status != 0) {
    failure <- sprintf("The process exited with status %d after %.0f s.\n%s\n%s",
                       result$status, seconds, result$stdout, result$stderr)
    if (!isTRUE(options$error)) {
      stop(failure, call. = FALSE)
    }
    output <- paste0(output, result$stderr)
  }
  options$engine <- language  # for highlighting
  knitr::engine_output(options, options$code, sub("\n$", "", output))
}
knitr::knit_engines$set(process = process_engine)

# Where this checkout lives (the vignettes are knitted with the repository as working folder).
repository_path <- function(...) {
  normalizePath(file.path(getwd(), ...), mustWork = FALSE)
}
