# Every spec function through its k_ function, on every engine, against base R (the cases are
# in helper-k-cases.R; helper-k-session.R runs them in one fresh R process per engine).

for (engine in test_engines) local({
  engine <- engine
  session <- function() engine_result(engine, "k cases", run_k_cases, k_cases, k_data)
  for (name in names(k_cases)) local({
    name <- name
    case <- k_cases[[name]]
    test_that(sprintf("%s [%s]", name, engine$id), {
      result <- session()
      expect_null(result$errors[[name]])
      value <- result$values[[name]]
      reference <- c(k_data, list(engine = result$engine))
      expected <- eval(case$expected, c(reference, list(value = value)),
                       environment(correlate2d))
      if (case$type == "check") {
        expect_true(isTRUE(expected), info = paste(capture.output(str(value)), collapse = "\n"))
      } else {
        expect_k_value(value, expected)
      }
    })
  })
})
