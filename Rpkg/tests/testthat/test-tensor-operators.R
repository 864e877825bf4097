# Operators, the Math and Summary groups on placeholders, evaluated by one K$function per engine.

binary_operators <- c("+", "-", "*", "/", "^", "%%", "%/%", "==", "!=", "<", ">", "<=", ">=")
math_functions <- c("abs", "exp", "sin", "cos", "tanh", "sign", "floor", "ceiling", "cumsum",
                    "cumprod")
summary_functions <- c("sum", "prod", "max", "min", "range")

operators_topic <- function(K, data, extras) {
  x <- K$placeholder(shape = list(2L, 3L))
  y <- K$placeholder(shape = list(2L, 3L))
  z <- K$placeholder(shape = list(2L, 3L))
  v <- K$placeholder(shape = list(3L))
  i <- K$placeholder(shape = list(2L, 3L), dtype = "int32")
  halves <- K$placeholder(shape = list(2L, 3L))
  positive <- K$placeholder(shape = list(2L, 3L))
  cube <- K$placeholder(shape = list(2L, 3L, 4L))
  tensors <- list()
  for (op in extras$operators) {
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
  for (name in extras$math) {
    tensors[[paste0(name, "()")]] <- match.fun(name)(x)
  }
  tensors[["sqrt()"]] <- sqrt(positive)
  tensors[["log()"]] <- log(positive)
  tensors[["log(, 10)"]] <- log(positive, 10)
  tensors[["round()"]] <- round(halves)
  tensors[["round(, 1)"]] <- round(halves, 1)
  tensors[["cumsum() of a cube"]] <- cumsum(cube)
  for (name in extras$summary) {
    tensors[[paste0(name, "()")]] <- match.fun(name)(x)
    tensors[[paste0(name, "() of several")]] <- match.fun(name)(x, y, 4)
  }
  tensors[["any()"]] <- any(x > 5)
  tensors[["all()"]] <- all(x > -8)
  tensors[["any() false"]] <- any(x > 6)
  tensors[["all() false"]] <- all(x > 0)
  tensors[["sum() of booleans"]] <- sum(x > 0)
  evaluate <- K$`function`(list(x, y, z, v, i, halves, positive, cube), unname(tensors))
  values <- evaluate(list(data$a, data$b, data$z, data$v, data$i, data$halves, data$positive,
                          data$cube))
  list(values = stats::setNames(values, names(tensors)))
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

extras <- list(operators = binary_operators, math = math_functions, summary = summary_functions)

for_each_tensor_engine("operators", operators_topic, extras = extras, function(case, session, label) {
  data <- tensor_data

  test_that(paste("every operator: tensor-tensor, tensor-number, number-tensor", label), {
    values <- session()$values
    reference <- reference_ops(data)
    for (name in names(reference)) {
      expect_r_value(values[[name]], reference[[name]])
    }
    expect_r_value(values$square, data$a^2)
    expect_r_value(values$negate, -data$a)
    expect_r_value(values$plus, data$a)
  })

  test_that(paste("& | ! take non-zero as true, as R does", label), {
    values <- session()$values
    expect_r_value(values[["tensor & tensor"]], data$z & data$a)
    expect_r_value(values[["tensor | tensor"]], data$z | (data$a > 0))
    expect_r_value(values[["!tensor"]], !data$z)
    expect_r_value(values[["tensor & TRUE"]], (data$a > 0) & TRUE)
    expect_r_value(values[["0 | tensor"]], 0 | data$z)
  })

  test_that(paste("a vector broadcasts against a matrix the Keras way (along rows)", label), {
    values <- session()$values
    expect_r_value(values[["matrix + vector tensor"]], data$a + rows_of(data$v, 2))
    expect_r_value(values[["vector tensor - matrix"]], rows_of(data$v, 2) - data$a)
    expect_r_value(values[["matrix * R vector"]], data$a * rows_of(data$v, 2))
    expect_r_value(values[["R vector / matrix"]], rows_of(data$v, 2) / data$b)
  })

  test_that(paste("integer and boolean tensors follow R's types", label), {
    values <- session()$values
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
    values <- session()$values
    for (name in math_functions) {
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
    values <- session()$values
    for (name in summary_functions) {
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
})
