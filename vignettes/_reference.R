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
  notes <- Filter(function(note) note$kind != "keras", notes)
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

# --- parity with Keras 2.3.1 (the differential suite) ----------------------------------------

keras_classes <- c("matches" = "checked", "differs" = "diverges", "fails" = "failing",
                   "no oracle" = "not-exercised", "not compared" = "not-exercised",
                   "no report" = "no-report")

keras_cell <- function(cell, name, engine) {
  status <- cell$status
  notes <- unlist(cell$notes)
  marks <- if (length(notes)) {
    tag("sup", paste0(vapply(notes, function(n) tag("a", n, href = paste0("#note-", n)),
                             character(1)), collapse = ","))
  } else {
    ""
  }
  shown <- switch(status,
    "matches" = paste0("yes", tag("span", cell$cases, class = "tests")),
    "differs" = if (cell$cases > 0) paste0("partly", tag("span", cell$cases, class = "tests"))
                else "no",
    "fails" = sprintf("fails (%d)", cell$failed),
    "no oracle" = "no oracle",
    "not compared" = "",
    "no report" = "no report",
    stop(sprintf("unknown parity status %s of %s on %s", status, name, engine$id), call. = FALSE)
  )
  explanation <- switch(status,
    "matches" = sprintf("%s on %s matches Keras 2.3.1 in %d cases", name, engine$title,
                        cell$cases),
    "differs" = sprintf("%s on %s: %d cases match Keras 2.3.1, %d differ on purpose (see the notes)",
                        name, engine$title, cell$cases, cell$divergent),
    "no oracle" = sprintf("%s: Keras 2.3.1's backends cannot run its cases", name),
    sprintf("%s on %s: %s", name, engine$title, status)
  )
  tag("td", paste0(shown, marks), class = paste("cell", keras_classes[[status]]),
      title = explanation, `data-engine` = engine$id, `data-status` = status)
}

# Only the functions the differential suite compares (the others have no row).
keras_table <- function(reference) {
  engines <- reference$engines
  compared <- Filter(function(fn) {
    any(vapply(fn$keras_2_3_1, function(cell) !cell$status %in% c("not compared", "no report"),
               logical(1)))
  }, reference$functions)
  if (length(compared) == 0) {
    return(tag("p", "No differential report in this run: parity with Keras 2.3.1 is not shown."))
  }
  header <- tag("tr", c(tag("th", "function"), vapply(engines, engine_heading, character(1))))
  rows <- vapply(compared, function(fn) {
    cells <- vapply(engines, function(engine) {
      keras_cell(fn$keras_2_3_1[[engine$id]], fn$name, engine)
    }, character(1))
    tag("tr", c(tag("td", tag("code", escape(fn$name)), class = "fn", title = fn$signature), cells))
  }, character(1))
  # Not class "reference": that names the full function table (tests/docs reads it).
  style <- paste(
    "<style>",
    "table.parity { border-collapse: collapse; }",
    "table.parity td.cell { text-align: right; white-space: nowrap; padding: 0 0.6em; }",
    "table.parity .tests { color: #777; font-size: 0.8em; margin-left: 0.3em; }",
    "table.parity td.checked { background: #eef7ee; }",
    "table.parity td.diverges { background: #fbf3e4; }",
    "table.parity td.failing { background: #fbe9e9; color: #8a1f1f; font-weight: bold; }",
    "table.parity td.not-exercised, table.parity td.no-report { color: #999; }",
    "table.parity sup { font-size: 0.75em; }",
    "</style>"
  )
  paste0(style, tag("table", c(tag("thead", header), tag("tbody", rows)), class = "parity"))
}

keras_counts <- function(engines) {
  facts <- vapply(engines, function(engine) {
    parity <- engine$keras_2_3_1
    if (is.null(parity)) {
      return(sprintf("%s: no differential report", engine$title))
    }
    sprintf("%s: %d cases match, %d differ on purpose, %d fail, %d without an oracle",
            engine$title, parity$cases$passed, parity$cases$xfailed, parity$cases$failed,
            parity$cases$skipped)
  }, character(1))
  tag("ul", vapply(facts, function(f) tag("li", escape(f)), character(1)))
}

keras_notes_list <- function(notes, engines) {
  notes <- Filter(function(note) note$kind == "keras", notes)
  if (length(notes) == 0) {
    return(tag("p", "No case differs from Keras 2.3.1 on purpose on the measured engines."))
  }
  items <- vapply(notes, function(note) {
    cases <- paste0("<code>", vapply(note$cases, escape, ""), "</code>", collapse = ", ")
    engines_named <- paste(unlist(note$engines), collapse = ", ")
    tag("li", paste0(escape(note$text), ". ", tag("em", paste0("Cases: ", cases, " (on ",
                                                               escape(engines_named), ")."))),
        id = paste0("note-", note$number), value = note$number)
  }, character(1))
  tag("ol", items, class = "notes")
}
