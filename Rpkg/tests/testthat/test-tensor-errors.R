# What indexing, operators and the Math/Summary methods say when given what they cannot take,
# on every engine: each message is a snapshot (_snaps/tensor-errors.md), each class checked.

errors_topic <- function(K, data, extras) {
  catch <- function(expr) {
    tryCatch({
      expr
      NULL
    }, error = identity)
  }
  m <- K$variable(data$a)
  list(
    zero = catch(m[0, ]),
    negative = catch(m[, -1]),
    na = catch(m[NA, ]),
    na_integer = catch(m[, NA_integer_]),
    mask = catch(m[c(TRUE, FALSE), ]),
    out_of_range = catch(m[, 4]),
    out_of_range_vector = catch(m[c(1, 3), ]),
    fraction = catch(m[1.5, ]),
    name = catch(m["a", ]),
    empty = catch(m[integer(), ]),
    too_few = catch(m[1]),
    too_many = catch(m[1, 1, 1]),
    scalar = catch(sum(m)[1]),
    drop = catch(m[1, , drop = NA]),
    string_operand = catch(m + "a"),
    list_operand = catch(list(1) * m),
    na_operand = catch(m + c(1, NA, 3)),
    unsupported_math = catch(trunc(m)),
    digits = catch(round(m, 1.5)),
    base = catch(log(m, -1)),
    na_rm = catch(sum(m, na.rm = TRUE)),
    t_3d = catch(t(K$variable(data$cube)))
  )
}

index_errors <- c("zero", "negative", "na", "na_integer", "mask", "out_of_range",
                  "out_of_range_vector", "fraction", "name", "empty", "too_few", "too_many",
                  "scalar")

for_each_tensor_engine("errors", errors_topic, function(case, session, label) {
  test_that(paste("indexing errors name the dimension, what it got and the forms", label), {
    errors <- session()
    for (name in index_errors) {
      expect_s3_class(errors[[name]], "kerasbridge_index_error")
    }
    expect_snapshot(resignal(errors$zero), error = TRUE)
    expect_snapshot(resignal(errors$negative), error = TRUE)
    expect_snapshot(resignal(errors$na), error = TRUE)
    expect_snapshot(resignal(errors$na_integer), error = TRUE)
    expect_snapshot(resignal(errors$mask), error = TRUE)
    expect_snapshot(resignal(errors$out_of_range), error = TRUE)
    expect_snapshot(resignal(errors$out_of_range_vector), error = TRUE)
    expect_snapshot(resignal(errors$fraction), error = TRUE)
    expect_snapshot(resignal(errors$name), error = TRUE)
    expect_snapshot(resignal(errors$empty), error = TRUE)
    expect_snapshot(resignal(errors$too_few), error = TRUE)
    expect_snapshot(resignal(errors$too_many), error = TRUE)
    expect_snapshot(resignal(errors$scalar), error = TRUE)
    expect_snapshot(resignal(errors$drop), error = TRUE)
  })

  test_that(paste("operand and function errors say what to do", label), {
    errors <- session()
    expect_s3_class(errors$string_operand, "kerasbridge_operator_error")
    expect_snapshot(resignal(errors$string_operand), error = TRUE)
    expect_snapshot(resignal(errors$list_operand), error = TRUE)
    expect_snapshot(resignal(errors$na_operand), error = TRUE)
    expect_snapshot(resignal(errors$unsupported_math), error = TRUE)
    expect_snapshot(resignal(errors$digits), error = TRUE)
    expect_snapshot(resignal(errors$base), error = TRUE)
    expect_snapshot(resignal(errors$na_rm), error = TRUE)
    expect_snapshot(resignal(errors$t_3d), error = TRUE)
  })
})
