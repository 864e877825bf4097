# The engine reference page's tables, built as HTML from docs/reference.py's JSON.

read_reference <- function(path) {
  if (!file.exists(path)) {
    stop(sprintf(paste(
      "%s does not exist. It is built from the conformance reports by",
      "`python docs/reference.py` (docs/render.sh runs it)."
    ), path), call. = FALSE)
  }
  reference <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  if (!identical(reference$format, 1L)) {
    stop(sprintf("%s has format %s; this page reads format 1.", path, format(reference$format)),
         call. = FALSE)
  }
  reference
}

# A raw HTML block: pandoc copies it as it is (no Markdown inside it).
html_block <- function(html, print = FALSE) {
  text <- paste0("\n```{=html}\n", paste(html, collapse = "\n"), "\n```\n")
  if (print) {
    cat(text)
    return(invisible(NULL))
  }
  knitr::asis_output(text)
}

escape <- function(text) {
  text <- gsub("&", "&amp;", text, fixed = TRUE)
  text <- gsub("<", "&lt;", text, fixed = TRUE)
  text <- gsub(">", "&gt;", text, fixed = TRUE)
  gsub("\"", "&quot;", text, fixed = TRUE)
}

tag <- function(name, content, ...) {
  attributes <- list(...)
  attributes <- attributes[!vapply(attributes, is.null, logical(1))]
  shown <- if (length(attributes)) {
    paste0(" ", paste0(names(attributes), "=\"", vapply(attributes, escape, ""), "\""),
           collapse = "")
  } else {
    ""
  }
  paste0("<", name, paste(shown, collapse = ""), ">", paste(content, collapse = ""),
         "</", name, ">")
}

format_difference <- function(value) {
  if (is.null(value)) "" else if (value == 0) "0" else sprintf("%.1e", value)
}

engine_heading <- function(engine) {
  tag("th", engine$title, title = engine$about)
}

# --- the engines table ---------------------------------------------------------------------

engine_summary_table <- function(engines, spec_size) {
  header <- tag("tr", c(tag("th", ""), vapply(engines, engine_heading, character(1))))
  fact <- function(label, value_of) {
    values <- vapply(engines, function(engine) {
      if (!isTRUE(engine$report)) "" else as.character(value_of(engine))
    }, character(1))
    tag("tr", c(tag("th", label, scope = "row"), paste0("<td>", values, "</td>", collapse = "")))
  }
  about <- tag("tr", c(tag("th", "what it is", scope = "row"), vapply(engines, function(engine) {
    tag("td", escape(engine$about))
  }, character(1))))
  rows <- c(
    about,
    fact("libraries", function(e) escape(paste(names(e$libraries), unlist(e$libraries),
                                               collapse = ", "))),
    fact("Python", function(e) e$python),
    fact("supported", function(e) sprintf("%d / %d", e$supported, spec_size)),
    fact("exercised", function(e) e$exercised),
    fact("measured", function(e) e$measured),
    fact("largest difference", function(e) format_difference(e$max_error)),
    fact("tests passed", function(e) e$tests$passed),
    fact("tests failed", function(e) e$tests$failed),
    fact("known divergences", function(e) e$tests$xfailed),
    fact("tests skipped", function(e) e$tests$skipped),
    fact("measured on", function(e) sub("T", " ", sub("Z$", " UTC", e$created)))
  )
  missing <- vapply(engines, function(engine) !isTRUE(engine$report), logical(1))
  if (any(missing)) {
    rows <- c(rows, tag("tr", c(tag("th", "report", scope = "row"), vapply(engines, function(e) {
      tag("td", if (isTRUE(e$report)) "" else "none in this run")
    }, character(1)))))
  }
  tag("table", c(tag("thead", header), tag("tbody", rows)), class = "engines")
}

# --- the function table --------------------------------------------------------------------

function_table <- function(reference) {
  engines <- reference$engines
  header <- tag("tr", c(tag("th", "function"), vapply(engines, engine_heading, character(1))))
  rows <- vapply(reference$functions, function(fn) {
    cells <- vapply(engines, function(engine) {
      function_cell(fn$cells[[engine$id]], fn$name, engine)
    }, character(1))
    name <- tag("td", c(tag("code", escape(fn$name)), tag("span", escape(fn$doc), class = "doc")),
                class = "fn", id = paste0("fn-", fn$name), title = fn$signature)
    tag("tr", c(name, cells))
  }, character(1))
  tag("table", c(tag("thead", header), tag("tbody", rows)), class = "reference")
}

cell_classes <- c("measured" = "measured", "checked" = "checked", "unsupported" = "unsupported",
                  "failing" = "failing", "diverges" = "diverges",
                  "not exercised" = "not-exercised", "no report" = "no-report")

function_cell <- function(cell, name, engine) {
  status <- cell$status
  notes <- unlist(cell$notes)
  marks <- if (length(notes)) {
    paste0(vapply(notes, function(n) tag("a", n, href = paste0("#note-", n)), character(1)),
           collapse = ",")
  } else {
    ""
  }
  marks <- if (nzchar(marks)) tag("sup", marks) else ""
  count <- tag("span", cell$tests, class = "tests")
  shown <- switch(status,
    "measured" = paste0(format_difference(cell$error), count),
    "checked" = paste0("checked", count),
    "unsupported" = "unsupported",
    "failing" = sprintf("fails (%d)", cell$failed),
    "diverges" = "diverges",
    "not exercised" = "not exercised",
    "no report" = "no report",
    stop(sprintf("unknown status %s of %s on %s", status, name, engine$id), call. = FALSE)
  )
  explanation <- switch(status,
    "measured" = sprintf("%s on %s: largest difference from NumPy %s over %d passing tests",
                         name, engine$title, format_difference(cell$error), cell$tests),
    "checked" = sprintf("%s on %s: called by %d passing tests, no numeric comparison credited",
                        name, engine$title, cell$tests),
    "failing" = sprintf("%s on %s: %d failing tests", name, engine$title, cell$failed),
    sprintf("%s on %s: %s", name, engine$title, status)
  )
  tag("td", paste0(shown, marks), class = paste("cell", cell_classes[[status]]),
      title = explanation, `data-engine` = engine$id, `data-status` = status)
}

# --- notes and failures --------------------------------------------------------------------

notes_list <- function(notes, engines) {
  if (length(notes) == 0) {
    return(tag("p", "No function is unsupported or known to diverge on the measured engines."))
  }
  titles <- setNames(vapply(engines, function(e) e$title, ""),
                     vapply(engines, function(e) e$id, ""))
  items <- vapply(notes, function(note) {
    kind <- if (note$kind == "unsupported") "unsupported" else "known divergence"
    tag("li", paste0(tag("strong", paste0(titles[[note$engine]], ", ", kind, ": ")),
                     escape(note$text)), id = paste0("note-", note$number),
        value = note$number)
  }, character(1))
  tag("ol", items, class = "notes")
}

failing_tests <- function(reference) {
  found <- list()
  for (engine in reference$engines) {
    if (length(engine$failed_tests) > 0) {
      found[[engine$id]] <- unlist(engine$failed_tests)
    }
  }
  found
}

failure_list <- function(failing, engines) {
  titles <- setNames(vapply(engines, function(e) e$title, ""),
                     vapply(engines, function(e) e$id, ""))
  sections <- vapply(names(failing), function(engine) {
    tests <- sort(failing[[engine]])
    paste0(tag("p", tag("strong", sprintf("%s (%d)", titles[[engine]], length(tests)))),
           tag("ul", vapply(tests, function(t) tag("li", tag("code", escape(t))), "")))
  }, character(1))
  paste(sections, collapse = "\n")
}
