# Indexing, batches of unknown size, dim/length/as.array/t and printing, on every engine.

shapes_topic <- function(K, data, extras) {
  out <- list()
  x <- K$placeholder(shape = list(2L, 3L))
  v <- K$placeholder(shape = list(3L))
  cube <- K$placeholder(shape = list(2L, 3L, 4L))
  tensors <- list(
    "cube[2, , ]" = cube[2, , ],
    "cube[, 2:3, ]" = cube[, 2:3, ],
    "cube[1, 2, 3]" = cube[1, 2, 3],
    "cube[, c(3, 1), 2]" = cube[, c(3, 1), 2],
    "cube[2:1, , 4, drop = FALSE]" = cube[2:1, , 4, drop = FALSE],
    "cube[2L, 3L, ]" = cube[2L, 3L, ],
    "cube[, , 4:2]" = cube[, , 4:2],
    "t(x)" = t(x),
    "t(v)" = t(v)
  )
  out$empty_index_is_x <- identical(x[], x)
  out$index_dims <- lapply(tensors[grep("^cube\\[", names(tensors))], dim)
  evaluate <- K$`function`(list(x, v, cube), unname(tensors))
  out$values <- stats::setNames(evaluate(list(data$a, data$v, data$cube)), names(tensors))

  # A batch of unknown size.
  batch <- K$placeholder(shape = list(NULL, 3L))
  out$batch_dim <- dim(batch)
  out$batch_length <- length(batch)
  out$batch_column_dim <- dim(batch[, 2])
  out$batch_columns_dim <- dim(batch[, 2:3])
  out$batch_print <- capture.output(print(batch))
  column <- K$`function`(list(batch), list(batch[, 2] * 10, batch[2, ]))
  out$batch_column <- column(list(data$a))
  out$unknown_extent_index <- tryCatch({
    batch[5, ]
    NULL
  }, error = identity)

  # Eager where the engine is (TensorFlow): variables and constants, values by as.array().
  a <- K$variable(data$a)
  b <- K$constant(data$b)
  out$variable_product <- as.array(a * b)
  out$variable_number <- as.array(1 - a)
  out$variable_slice <- as.array(a[2, 2:3])
  out$variable_sum <- as.numeric(sum(a))
  out$variable_dim <- dim(a)
  out$variable_length <- length(a)
  out$variable_t <- as.array(t(a))
  out$variable_print <- capture.output(print(a))
  out$integer_print <- capture.output(print(K$constant(data$i, dtype = "int32")))
  out$scalar_print <- capture.output(print(sum(a)))
  out$scalar_dim <- dim(sum(a))
  out$scalar_length <- length(sum(a))
  out$format <- format(a > 0)
  out$comparison <- as.array(a > b)
  out
}

for_each_tensor_engine("shapes", shapes_topic, function(case, session, label) {
  data <- tensor_data

  test_that(paste("indexing: numbers, ranges, vectors, empty places, drop", label), {
    result <- session()
    values <- result$values
    cube <- data$cube
    expect_r_value(values[["cube[2, , ]"]], cube[2, , ])
    expect_r_value(values[["cube[, 2:3, ]"]], cube[, 2:3, ])
    expect_r_value(values[["cube[1, 2, 3]"]], cube[1, 2, 3])
    expect_r_value(values[["cube[, c(3, 1), 2]"]], cube[, c(3, 1), 2])
    expect_r_value(values[["cube[2:1, , 4, drop = FALSE]"]], cube[2:1, , 4, drop = FALSE])
    expect_r_value(values[["cube[2L, 3L, ]"]], cube[2L, 3L, ])
    expect_r_value(values[["cube[, , 4:2]"]], cube[, , 4:2])
    expect_true(result$empty_index_is_x)
    expect_identical(result$index_dims, list(
      "cube[2, , ]" = c(3L, 4L), "cube[, 2:3, ]" = c(2L, 2L, 4L), "cube[1, 2, 3]" = NULL,
      "cube[, c(3, 1), 2]" = c(2L, 2L), "cube[2:1, , 4, drop = FALSE]" = c(2L, 3L, 1L),
      "cube[2L, 3L, ]" = 4L, "cube[, , 4:2]" = c(2L, 3L, 3L)
    ))
    expect_r_value(result$variable_slice, data$a[2, 2:3])
  })

  test_that(paste("a batch of unknown size: dim NA, slices evaluate when fed", label), {
    result <- session()
    expect_identical(result$batch_dim, c(NA, 3L))
    expect_identical(result$batch_length, NA_integer_)
    expect_identical(result$batch_column_dim, NA_integer_)
    expect_identical(result$batch_columns_dim, c(NA, 2L))
    expect_r_value(result$batch_column[[1]], data$a[, 2] * 10)
    expect_r_value(result$batch_column[[2]], data$a[2, ])
    expect_null(result$unknown_extent_index)
  })

  test_that(paste("dim, length, as.array, t and print", label), {
    result <- session()
    engine <- if (case$id == "tf_keras") {
      "engine=\"tensorflow\" implementation=\"tensorflow\""
    } else {
      sprintf("engine=\"%s\"", result$engine)
    }
    expect_identical(result$variable_dim, c(2L, 3L))
    expect_identical(result$variable_length, 6L)
    expect_identical(result$scalar_dim, NULL)
    expect_identical(result$scalar_length, 1L)
    expect_equal(result$variable_product, data$a * data$b, tolerance = 1e-6)
    expect_equal(result$variable_number, 1 - data$a, tolerance = 1e-6)
    expect_equal(result$variable_sum, sum(data$a), tolerance = 1e-6)
    expect_equal(result$variable_t, t(data$a), tolerance = 1e-6)
    expect_identical(result$comparison, data$a > data$b)
    expect_r_value(result$values[["t(x)"]], t(data$a))
    expect_r_value(result$values[["t(v)"]], t(data$v))
    expect_identical(result$variable_print,
                     sprintf("<tensor %s shape=(2, 3) dtype=\"float32\">", engine))
    expect_identical(result$integer_print,
                     sprintf("<tensor %s shape=(2, 3) dtype=\"int32\">", engine))
    expect_identical(result$scalar_print, sprintf("<tensor %s shape=() dtype=\"float32\">", engine))
    expect_identical(result$batch_print,
                     sprintf("<tensor %s shape=(NA, 3) dtype=\"float32\">", engine))
    expect_identical(result$format, sprintf("<tensor %s shape=(2, 3) dtype=\"bool\">", engine))
  })
})
