# R operators, Math/Summary groups, indexing, dim/length/print/t and three custom losses on
# backend tensors, in one fresh R process per engine; every value is compared with R's own
# arithmetic on the same arrays. Engines absent from the test interpreters are skipped.

tensor_cases <- list(
  list(id = "tensorflow", module = "tensorflow", library = "tensorflow",
       implementation = NULL, backend = NULL, env = character()),
  list(id = "tf_keras", module = "tf_keras", library = "tf_keras",
       implementation = "tensorflow", backend = NULL, env = character()),
  list(id = "theano", module = "theano", library = "theano", implementation = NULL,
       backend = "theano", env = c(KERASBRIDGE_THEANO_LIBRARY = "theano")),
  list(id = "pytensor", module = "theano", library = "pytensor", implementation = NULL,
       backend = "theano", env = c(KERASBRIDGE_THEANO_LIBRARY = "pytensor")),
  list(id = "cntk", module = "cntk", library = "cntk", implementation = NULL, backend = NULL,
       env = c(KERAS_BACKEND = "cntk"))
)

# The arrays every engine computes with (chosen so that float32 holds them and their quotients
# exactly where floor() decides: %% and %/% then agree with R to the last bit).
tensor_data <- list(
  a = matrix(c(-7.5, -2, 5.25, 0.5, 3, 1.5), 2),
  b = matrix(c(2, -2, -1.5, 0.5, 0.75, 0.5), 2),
  z = matrix(c(0, 1, -2, 0, 3.5, 0), 2),
  v = c(10, -20, 0.5),
  i = matrix(c(7L, -7L, 5L, -5L, 9L, 4L), 2),
  halves = matrix(c(-2.5, -1.5, 0.5, 1.5, 2.5, 1.26), 2),
  positive = matrix(c(0.25, 1, 2.5, 4, 9, 16), 2),
  cube = array(seq_len(24) / 4, dim = c(2L, 3L, 4L)),
  counts = matrix(c(0, 1, 4, 2, 0, 7), 3),
  predictions = matrix(c(-0.5, 1.2, 3.9, 2.1, 0.3, 6.5), 3),
  gpd = matrix(c(0.1, -0.3, 0.7, 0.2, 0.45, 0.05), 3),
  exceedances = matrix(c(0.4, 2.3, 1.1), 3)
)

binary_operators <- c("+", "-", "*", "/", "^", "%%", "%/%", "==", "!=", "<", ">", "<=", ">=")

# The three losses, written with K$... and R operators only. Given a list of R functions in
# place of K (plain_k), the same code computes the reference on R matrices.
tensor_losses <- list(
  issue_example = function(y_true, y_pred, K) {
    rate <- 0.5 * (K$abs(y_pred) + y_pred) + 1e-5
    K$mean(rate * y_true - K$log(rate))
  },
  poisson_deviance = function(y_true, y_pred, K) {
    mu <- K$maximum(y_pred, K$epsilon())
    ratio <- K$maximum(y_true, K$epsilon()) / mu
    2 * K$mean(y_true * log(ratio) - (y_true - mu))
  },
  gpd_negative_log_likelihood = function(y_true, y_pred, K) {
    sigma <- exp(y_pred[, 1])
    xi <- y_pred[, 2]
    y <- y_true[, 1]
    K$mean(log(sigma) + (1 + 1 / xi) * log(1 + xi * y / sigma))
  }
)
plain_k <- list(mean = mean, abs = abs, log = log, maximum = pmax, epsilon = function() 1e-7)

# Runs in the fresh process (self-contained apart from its arguments).
run_tensor_session <- function(setup, data, operators, losses) {
  catch <- function(expr) {
    tryCatch({
      expr
      NULL
    }, error = function(error) list(class = class(error), message = conditionMessage(error)))
  }
  library(kerasbridge)
  if (!is.null(setup$backend)) use_backend(setup$backend)
  if (!is.null(setup$implementation)) use_implementation(setup$implementation)
  K <- backend()
  out <- list(engine = K$backend(), floatx = K$floatx())

  # Symbolic: everything built on placeholders, evaluated by one K$function.
  x <- K$placeholder(shape = list(2L, 3L))
  y <- K$placeholder(shape = list(2L, 3L))
  z <- K$placeholder(shape = list(2L, 3L))
  v <- K$placeholder(shape = list(3L))
  i <- K$placeholder(shape = list(2L, 3L), dtype = "int32")
  halves <- K$placeholder(shape = list(2L, 3L))
  positive <- K$placeholder(shape = list(2L, 3L))
  cube <- K$placeholder(shape = list(2L, 3L, 4L))
  tensors <- list()
  for (op in operators) {
    apply_op <- match.fun(op)
    tensors[[paste("tensor", op, "tensor")]] <- apply_op(x, y)
    tensors[[paste("tensor", op, "number")]] <- apply_op(x, 2.5)
    tensors[[paste("number", op, "tensor")]] <- apply_op(2.5, x)
    tensors[[paste("tensor", op, "array")]] <- apply_op(x, data$b)
    tensors[[paste("array", op, "tensor")]] <- apply_op(data$b, x)
  }
  tensors$square <- x^2
  tensors$negate <- -x
  tensors$plus <- +x
  tensors[["tensor & tensor"]] <- z & x
  tensors[["tensor | tensor"]] <- z | (x > 0)
  tensors[["!tensor"]] <- !z
  tensors[["tensor & TRUE"]] <- (x > 0) & TRUE
  tensors[["0 | tensor"]] <- 0 | z
  tensors[["matrix + vector tensor"]] <- x + v
  tensors[["vector tensor - matrix"]] <- v - x
  tensors[["matrix * R vector"]] <- x * data$v
  tensors[["R vector / matrix"]] <- data$v / y
  tensors[["integer + 2L"]] <- i + 2L
  tensors[["integer * integer"]] <- i * i
  tensors[["integer %% 3L"]] <- i %% 3L
  tensors[["integer %/% 3L"]] <- i %/% 3L
  tensors[["integer / 2L"]] <- i / 2L
  tensors[["integer + 0.5"]] <- i + 0.5
  tensors[["boolean + boolean"]] <- (x > 0) + (y > 0)
  for (name in c("abs", "exp", "sin", "cos", "tanh", "sign", "floor", "ceiling", "cumsum",
                 "cumprod")) {
    tensors[[paste0(name, "()")]] <- match.fun(name)(x)
  }
  tensors[["sqrt()"]] <- sqrt(positive)
  tensors[["log()"]] <- log(positive)
  tensors[["log(, 10)"]] <- log(positive, 10)
  tensors[["round()"]] <- round(halves)
  tensors[["round(, 1)"]] <- round(halves, 1)
  tensors[["cumsum() of a cube"]] <- cumsum(cube)
  for (name in c("sum", "prod", "max", "min", "range")) {
    tensors[[paste0(name, "()")]] <- match.fun(name)(x)
    tensors[[paste0(name, "() of several")]] <- match.fun(name)(x, y, 4)
  }
  tensors[["any()"]] <- any(x > 5)
  tensors[["all()"]] <- all(x > -8)
  tensors[["any() false"]] <- any(x > 6)
  tensors[["all() false"]] <- all(x > 0)
  tensors[["sum() of booleans"]] <- sum(x > 0)
  tensors[["cube[2, , ]"]] <- cube[2, , ]
  tensors[["cube[, 2:3, ]"]] <- cube[, 2:3, ]
  tensors[["cube[1, 2, 3]"]] <- cube[1, 2, 3]
  tensors[["cube[, c(3, 1), 2]"]] <- cube[, c(3, 1), 2]
  tensors[["cube[2:1, , 4, drop = FALSE]"]] <- cube[2:1, , 4, drop = FALSE]
  tensors[["cube[2L, 3L, ]"]] <- cube[2L, 3L, ]
  tensors[["cube[, , 4:2]"]] <- cube[, , 4:2]
  tensors[["t(x)"]] <- t(x)
  tensors[["t(v)"]] <- t(v)
  out$empty_index_is_x <- identical(x[], x)
  evaluate <- K$`function`(list(x, y, z, v, i, halves, positive, cube), unname(tensors))
  out$symbolic <- evaluate(list(data$a, data$b, data$z, data$v, data$i, data$halves,
                                data$positive, data$cube))
  names(out$symbolic) <- names(tensors)

  # Shapes of what indexing returns, with drop.
  out$index_dims <- lapply(tensors[grep("^cube\\[", names(tensors))], dim)

  # A batch of unknown size.
  batch <- K$placeholder(shape = list(NULL, 3L))
  out$batch_dim <- dim(batch)
  out$batch_length <- length(batch)
  out$batch_column_dim <- dim(batch[, 2])
  out$batch_columns_dim <- dim(batch[, 2:3])
  out$batch_print <- capture.output(print(batch))
  column <- K$`function`(list(batch), list(batch[, 2] * 10, batch[2, ]))
  out$batch_column <- column(list(data$a))

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

  # Gradient through operators and a slice: with p fed ones, d/dw sum(((w * p)[, 1] - 2)^2)
  # is 2 (w[, 1] - 2) in the first column, 0 elsewhere. (p makes the graph symbolic on
  # TensorFlow, where operations on variables alone run eagerly.)
  w <- K$variable(data$a)
  p <- K$placeholder(shape = list(2L, 3L))
  loss <- sum(((w * p)[, 1] - 2)^2)
  gradient <- K$`function`(list(p), list(K$gradients(loss, list(w))[[1]]))
  out$gradient <- gradient(list(matrix(1, 2, 3)))[[1]]
  # A weight penalty from the variable alone (a value at once on TensorFlow), added to a loss
  # with a placeholder: d/dw (sum(w * p) + 0.5 * sum(w^2)) is p + w.
  penalized <- sum(w * p) + 0.5 * sum(w^2)
  penalty_gradient <- K$`function`(list(p), list(K$gradients(penalized, list(w))[[1]]))
  out$penalty_gradient <- penalty_gradient(list(matrix(1, 2, 3)))[[1]]

  # The three losses, through placeholders and K$function.
  out$losses <- list()
  cases <- list(
    issue_example = list(data$counts, data$predictions),
    poisson_deviance = list(data$counts, data$predictions),
    gpd_negative_log_likelihood = list(data$exceedances, data$gpd)
  )
  for (name in names(losses)) {
    y_true <- K$placeholder(shape = list(NULL, ncol(cases[[name]][[1]])))
    y_pred <- K$placeholder(shape = list(NULL, ncol(cases[[name]][[2]])))
    value <- K$`function`(list(y_true, y_pred), list(losses[[name]](y_true, y_pred, K)))
    out$losses[[name]] <- value(cases[[name]])[[1]]
  }

  # Errors.
  m <- K$variable(data$a)
  out$errors <- list(
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
  out$unknown_extent_index <- catch(batch[5, ])
  out
}

tensor_sessions <- new.env(parent = emptyenv())

tensor_session <- function(case) {
  python <- engine_python(case$module)
  found <- processx::run(python, c("-c", sprintf(
    "import importlib.util, sys; sys.exit(importlib.util.find_spec('%s') is None)", case$library
  )), error_on_status = FALSE)
  if (found$status != 0) {
    skip(sprintf("%s has no %s", python, case$library))
  }
  if (is.null(tensor_sessions[[case$id]])) {
    tensor_sessions[[case$id]] <- in_fresh_r(
      run_tensor_session,
      args = list(case[c("backend", "implementation")], tensor_data, binary_operators,
                  tensor_losses),
      env = c(KERAS_PYTHON = python, case$env)
    )
  }
  tensor_sessions[[case$id]]
}

# `value` (from Python) has R's value and shape: scalars may come back as 1-d arrays.
expect_r_value <- function(value, expected, tolerance = 1e-5) {
  extents <- function(v) if (is.null(dim(v))) length(v) else dim(v)
  expect_identical(as.integer(extents(value)), as.integer(extents(expected)))
  expect_equal(as.vector(value), as.vector(expected), tolerance = tolerance)
}

reference_ops <- function(data) {
  a <- data$a
  b <- data$b
  ref <- list()
  for (op in binary_operators) {
    apply_op <- match.fun(op)
    ref[[paste("tensor", op, "tensor")]] <- apply_op(a, b)
    ref[[paste("tensor", op, "number")]] <- apply_op(a, 2.5)
    ref[[paste("number", op, "tensor")]] <- apply_op(2.5, a)
    ref[[paste("tensor", op, "array")]] <- apply_op(a, b)
    ref[[paste("array", op, "tensor")]] <- apply_op(b, a)
  }
  ref
}

rows_of <- function(vector, rows) matrix(vector, rows, length(vector), byrow = TRUE)

for (case in tensor_cases) local({
  case <- case
  label <- sprintf("[%s]", case$id)
  session <- function() tensor_session(case)
  data <- tensor_data

  test_that(paste("every operator: tensor-tensor, tensor-number, number-tensor", label), {
    result <- session()
    reference <- reference_ops(data)
    for (name in names(reference)) {
      expect_r_value(result$symbolic[[name]], reference[[name]])
    }
    expect_r_value(result$symbolic$square, data$a^2)
    expect_r_value(result$symbolic$negate, -data$a)
    expect_r_value(result$symbolic$plus, data$a)
  })

  test_that(paste("& | ! take non-zero as true, as R does", label), {
    result <- session()
    expect_r_value(result$symbolic[["tensor & tensor"]], data$z & data$a)
    expect_r_value(result$symbolic[["tensor | tensor"]], data$z | (data$a > 0))
    expect_r_value(result$symbolic[["!tensor"]], !data$z)
    expect_r_value(result$symbolic[["tensor & TRUE"]], (data$a > 0) & TRUE)
    expect_r_value(result$symbolic[["0 | tensor"]], 0 | data$z)
  })

  test_that(paste("a vector broadcasts against a matrix the Keras way (along rows)", label), {
    result <- session()
    expect_r_value(result$symbolic[["matrix + vector tensor"]], data$a + rows_of(data$v, 2))
    expect_r_value(result$symbolic[["vector tensor - matrix"]], rows_of(data$v, 2) - data$a)
    expect_r_value(result$symbolic[["matrix * R vector"]], data$a * rows_of(data$v, 2))
    expect_r_value(result$symbolic[["R vector / matrix"]], rows_of(data$v, 2) / data$b)
  })

  test_that(paste("integer and boolean tensors follow R's types", label), {
    result <- session()
    values <- result$symbolic
    expect_identical(values[["integer + 2L"]], data$i + 2L)
    expect_identical(values[["integer * integer"]], data$i * data$i)
    expect_identical(values[["integer %% 3L"]], data$i %% 3L)
    expect_identical(values[["integer %/% 3L"]], data$i %/% 3L)
    expect_true(is.double(values[["integer / 2L"]]))
    expect_r_value(values[["integer / 2L"]], data$i / 2L)
    expect_r_value(values[["integer + 0.5"]], data$i + 0.5)
    expect_identical(values[["boolean + boolean"]], (data$a > 0) + (data$b > 0))
    expect_true(is.logical(values[["tensor < tensor"]]))
  })

  test_that(paste("Math functions give R's values", label), {
    result <- session()
    values <- result$symbolic
    for (name in c("abs", "exp", "sin", "cos", "tanh", "sign", "floor", "ceiling", "cumsum",
                   "cumprod")) {
      expect_r_value(values[[paste0(name, "()")]], match.fun(name)(data$a))
    }
    expect_r_value(values[["sqrt()"]], sqrt(data$positive))
    expect_r_value(values[["log()"]], log(data$positive))
    expect_r_value(values[["log(, 10)"]], log(data$positive, 10))
    expect_r_value(values[["round()"]], round(data$halves))
    expect_r_value(values[["round(, 1)"]], round(data$halves, 1))
    expect_r_value(values[["cumsum() of a cube"]], cumsum(data$cube))
  })

  test_that(paste("Summary functions reduce the whole tensor, as R does", label), {
    result <- session()
    values <- result$symbolic
    for (name in c("sum", "prod", "max", "min", "range")) {
      expect_r_value(values[[paste0(name, "()")]], match.fun(name)(data$a))
      expect_r_value(values[[paste0(name, "() of several")]],
                     match.fun(name)(data$a, data$b, 4))
    }
    expect_identical(as.vector(values[["any()"]]), any(data$a > 5))
    expect_identical(as.vector(values[["all()"]]), all(data$a > -8))
    expect_identical(as.vector(values[["any() false"]]), any(data$a > 6))
    expect_identical(as.vector(values[["all() false"]]), all(data$a > 0))
    expect_identical(as.vector(values[["sum() of booleans"]]), sum(data$a > 0))
  })

  test_that(paste("indexing: numbers, ranges, vectors, empty places, drop", label), {
    result <- session()
    values <- result$symbolic
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
    expect_r_value(result$symbolic[["t(x)"]], t(data$a))
    expect_r_value(result$symbolic[["t(v)"]], t(data$v))
    expect_identical(result$variable_print,
                     sprintf("<tensor %s shape=(2, 3) dtype=\"float32\">", engine))
    expect_identical(result$integer_print,
                     sprintf("<tensor %s shape=(2, 3) dtype=\"int32\">", engine))
    expect_identical(result$scalar_print, sprintf("<tensor %s shape=() dtype=\"float32\">", engine))
    expect_identical(result$batch_print,
                     sprintf("<tensor %s shape=(NA, 3) dtype=\"float32\">", engine))
    expect_identical(result$format, sprintf("<tensor %s shape=(2, 3) dtype=\"bool\">", engine))
  })

  test_that(paste("gradients flow through operators and slices", label), {
    result <- session()
    expected <- matrix(0, 2, 3)
    expected[, 1] <- 2 * (data$a[, 1] - 2)
    expect_r_value(result$gradient, expected)
    expect_r_value(result$penalty_gradient, 1 + data$a)
  })

  test_that(paste("three custom losses equal plain R on the same numbers", label), {
    result <- session()
    expect_equal(
      as.vector(result$losses$issue_example),
      tensor_losses$issue_example(data$counts, data$predictions, plain_k), tolerance = 1e-5
    )
    expect_equal(
      as.vector(result$losses$poisson_deviance),
      tensor_losses$poisson_deviance(data$counts, data$predictions, plain_k), tolerance = 1e-5
    )
    expect_equal(
      as.vector(result$losses$gpd_negative_log_likelihood),
      tensor_losses$gpd_negative_log_likelihood(data$exceedances, data$gpd, plain_k),
      tolerance = 1e-5
    )
  })

  test_that(paste("indexing errors name the dimension, what it got and the forms", label), {
    errors <- session()$errors
    forms <- paste(
      "In each dimension use positive whole numbers up to its extent (2 or 2L), a range (1:3),",
      "a vector of them (c(1, 3)), or nothing for all of it (x[, 2])."
    )
    expect_index_error <- function(error, text) {
      expect_identical(error$message, paste(text, forms))
      expect_true("kerasbridge_index_error" %in% error$class)
    }
    expect_index_error(errors$zero,
                       "Dimension 1 of the tensor (extent 2) got the index 0, but indices start at 1.")
    expect_index_error(errors$negative, paste(
      "Dimension 2 of the tensor (extent 3) got the negative index -1; excluding elements with",
      "negative indices is not supported on tensors."
    ))
    expect_index_error(errors$na,
                       "Dimension 1 of the tensor (extent 2) got NA; tensors cannot be indexed with NA.")
    expect_index_error(errors$na_integer,
                       "Dimension 2 of the tensor (extent 3) got NA; tensors cannot be indexed with NA.")
    expect_index_error(errors$mask, paste(
      "Dimension 1 of the tensor (extent 2) got a logical vector; logical masks are not",
      "supported on tensors (the shape of the result would depend on the values)."
    ))
    expect_index_error(errors$out_of_range,
                       "Dimension 2 of the tensor (extent 3) got the index 4, beyond its extent 3.")
    expect_index_error(errors$out_of_range_vector,
                       "Dimension 1 of the tensor (extent 2) got the index 3, beyond its extent 2.")
    expect_index_error(errors$fraction, paste(
      "Dimension 1 of the tensor (extent 2) got the index 1.5, which is not a whole number."
    ))
    expect_index_error(errors$name, paste(
      "Dimension 1 of the tensor (extent 2) got the string \"a\" as an index; names are not",
      "supported on tensors."
    ))
    expect_index_error(errors$empty, paste(
      "Dimension 1 of the tensor (extent 2) got an empty index: an integer vector of length 0."
    ))
    count <- paste(
      "This tensor has 2 dimensions, so `[` needs 2 indices, one per dimension (x[i, j]), but",
      "got %d. Linear indexing is not supported on tensors; to take all of a dimension, leave",
      "its place empty (x[, 2])."
    )
    expect_identical(errors$too_few$message, sprintf(count, 1L))
    expect_identical(errors$too_many$message, sprintf(count, 3L))
    expect_identical(errors$scalar$message, paste(
      "A 0-d tensor (a single number) has no dimensions to index. Use it as it is, or",
      "as.array(x) for its value."
    ))
    expect_identical(errors$drop$message, "x[...]: `drop` must be `TRUE` or `FALSE`, not NA.")
  })

  test_that(paste("operand and function errors say what to do", label), {
    errors <- session()$errors
    expect_identical(errors$string_operand$message, paste(
      "`+` on a backend tensor needs a tensor, a number, or a numeric or logical vector or",
      "array on the other side, not the string \"a\". Convert it first, e.g. with as.numeric()."
    ))
    expect_true("kerasbridge_operator_error" %in% errors$string_operand$class)
    expect_match(errors$list_operand$message, "not a list of length 1.", fixed = TRUE)
    expect_identical(errors$na_operand$message, paste(
      "`+` on a backend tensor got an R value with NA: tensors have no NA. Replace NA first",
      "(NaN is allowed in doubles)."
    ))
    expect_identical(errors$unsupported_math$message, paste(
      "trunc() is not available on backend tensors. Available: abs(), sqrt(), exp(), log(),",
      "sin(), cos(), tanh(), sign(), round(), floor(), ceiling(), cumsum(), cumprod(). Compose",
      "others from the backend's functions (K$...) and these."
    ))
    expect_identical(errors$digits$message,
                     "round(): `digits` must be one whole number such as 2, not the number 1.5.")
    expect_identical(errors$base$message,
                     "log(): `base` must be one positive number such as 10, not the number -1.")
    expect_identical(errors$na_rm$message, paste(
      "sum(): `na.rm` must be `FALSE` on backend tensors, not `TRUE`: tensors hold no NA.",
      "Leave `na.rm` out."
    ))
    expect_identical(errors$t_3d$message, paste(
      "t() transposes 1-D and 2-D tensors; this one has 3 dimensions. Use",
      "K$permute_dimensions(x, pattern) (0-based axes, e.g. list(1L, 0L, 2L))."
    ))
  })
})
