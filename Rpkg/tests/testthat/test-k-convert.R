# The R conventions of the k_ functions, checked on the conversion itself (no Python needed):
# 1-based axes, whole doubles for integers, refusals that name function, argument and value.
# Also: every spec function has its k_ function, and the engine tests call every one.

convert <- function(name, argument, value) {
  declaration <- kerasbridge:::k_parameters[[name]][[argument]]
  kerasbridge:::k_convert(value, declaration, paste0("k_", name), argument)
}

test_that("axes are 1-based: 1 is the first axis, negative axes count from the end", {
  expect_identical(convert("sum", "axis", 1), 0L)
  expect_identical(convert("sum", "axis", 3L), 2L)
  expect_identical(convert("sum", "axis", -1), -1L)
  expect_identical(convert("sum", "axis", -2), -2L)
  expect_identical(convert("sum", "axis", c(1, 3)), list(0L, 2L))
  expect_identical(convert("sum", "axis", list(2, -1)), list(1L, -1L))
  expect_null(convert("sum", "axis", NULL))
  expect_identical(convert("argmax", "axis", 2), 1L)
  expect_identical(convert("batch_dot", "axes", c(2, 3)), list(1L, 2L))
  expect_identical(convert("normalize_batch_in_training", "reduction_axes", 1), list(0L))
  expect_identical(convert("permute_dimensions", "pattern", c(1, 3, 2)), list(0L, 2L, 1L))
})

test_that("axis 0 is refused with a message saying axes are 1-based", {
  error <- expect_error(convert("sum", "axis", 0), class = "kerasbridge_argument_error")
  expect_identical(conditionMessage(error), paste(
    "k_sum(): `axis` got 0, but axes are 1-based in R: 1 is the first axis, 2 the second,",
    "and -1 the last. Write axis = 1 for the first axis."
  ))
  expect_error(convert("sum", "axis", c(1, 0)), "`axis[[2]]` got 0, but axes are 1-based",
               fixed = TRUE)
  expect_error(convert("permute_dimensions", "pattern", c(0, 1)), "axes are 1-based")
  expect_error(convert("permute_dimensions", "pattern", c(-1, 1)),
               "`pattern[[1]]` must be a positive whole number", fixed = TRUE)
})

test_that("the default axes of k_ functions are the R keras ones", {
  expect_identical(formals(k_cumsum)$axis, 1)
  expect_identical(formals(k_stack)$axis, 1)
  expect_identical(formals(k_unstack)$axis, 1)
  expect_identical(formals(k_argmax)$axis, quote(-1))
  expect_identical(formals(k_softmax)$axis, quote(-1))
  expect_identical(formals(k_concatenate)$axis, quote(-1))
  expect_identical(formals(k_conv2d)$strides, quote(c(1, 1)))
  expect_identical(formals(k_spatial_2d_padding)$padding, quote(list(c(1, 1), c(1, 1))))
})

test_that("whole doubles are integers; shapes keep NULL", {
  expect_identical(convert("placeholder", "shape", list(NULL, 4, 5)), list(NULL, 4L, 5L))
  expect_identical(convert("placeholder", "shape", c(2, 3)), list(2L, 3L))
  expect_identical(convert("placeholder", "shape", 3), list(3L))
  expect_identical(convert("placeholder", "ndim", 3), 3L)
  expect_identical(convert("reshape", "shape", c(-1, 3)), list(-1L, 3L))
  expect_identical(convert("conv2d", "strides", 2), 2L)
  expect_identical(convert("conv2d", "strides", c(2, 1)), list(2L, 1L))
  expect_identical(convert("eye", "size", 3), 3L)
  expect_identical(convert("random_normal", "seed", 42), 42L)
  expect_null(convert("random_normal", "seed", NULL))
  expect_identical(convert("spatial_2d_padding", "padding", list(c(1, 1), c(2, 0))),
                   list(list(1L, 1L), list(2L, 0L)))
  expect_identical(convert("spatial_2d_padding", "padding", rbind(c(1, 1), c(2, 0))),
                   list(list(1L, 1L), list(2L, 0L)))
})

test_that("a non-whole number, NA or a negative size is refused naming function, argument, value", {
  expect_error(convert("placeholder", "shape", list(NULL, 2.5)), paste(
    "k_placeholder(): `shape[[2]]` must be a non-negative whole number or NULL, not the",
    "number 2.5."
  ), fixed = TRUE, class = "kerasbridge_argument_error")
  expect_error(convert("zeros", "shape", c(2, NA)),
               "k_zeros(): `shape[[2]]` must be a non-negative whole number, not `NA_real_`.",
               fixed = TRUE)
  expect_error(convert("zeros", "shape", c(2, -1)),
               "k_zeros(): `shape[[2]]` must be a non-negative whole number, not the number -1.",
               fixed = TRUE)
  expect_error(convert("placeholder", "ndim", NA_integer_), "`ndim` must be", fixed = TRUE)
  expect_error(convert("reshape", "shape", c(-2, 3)), "must be a whole number >= -1")
  expect_error(convert("conv2d", "strides", 0), "must be a positive whole number")
  expect_error(convert("one_hot", "num_classes", "3"), "not the string \"3\"", fixed = TRUE)
  expect_error(convert("one_hot", "num_classes", c(2, 3)), "not a double vector of length 2",
               fixed = TRUE)
  expect_error(convert("squeeze", "axis", NULL), "k_squeeze(): `axis` must be", fixed = TRUE)
  expect_error(convert("sum", "axis", 1.5), "`axis` must be a whole number other than 0",
               fixed = TRUE)
  expect_error(convert("zeros", "shape", 3e9), "no larger than 2147483647", fixed = TRUE)
})

test_that("k_gather indices and k_slice starts given as R numbers are 1-based", {
  expect_identical(convert("gather", "indices", c(3, 1)), array(c(2L, 0L)))
  expect_identical(convert("gather", "indices", 2), 1L)
  expect_identical(convert("gather", "indices", matrix(c(1, 2, 2, 1), 2)),
                   matrix(c(0L, 1L, 1L, 0L), 2))
  expect_error(convert("gather", "indices", c(1, 0)), "indices are 1-based in R", fixed = TRUE)
  expect_error(convert("gather", "indices", 1.5), "not the number 1.5", fixed = TRUE)
  expect_error(convert("gather", "indices", -1), "not the number -1", fixed = TRUE)
  expect_identical(convert("slice", "start", c(2, 1)), list(1L, 0L))
  expect_error(convert("slice", "start", c(0, 1)), "positions are 1-based", fixed = TRUE)
})

test_that("other R values convert as R users expect", {
  value <- kerasbridge:::k_value
  expect_identical(value(c(1, 2, 3)), array(c(1, 2, 3)))
  expect_identical(value(1:3), array(1:3))
  expect_identical(value(c(TRUE, FALSE)), array(c(TRUE, FALSE)))
  expect_identical(value(2.5), 2.5)
  expect_identical(value(matrix(1:4, 2)), matrix(1:4, 2))
  expect_identical(value("float32"), "float32")
  expect_null(value(NULL))
  expect_identical(value(list(c(1, 2), NULL, 3)), list(array(c(1, 2)), NULL, 3))
  f <- function(x) x
  expect_identical(value(f), f)
})

test_that("every spec function has an exported k_ function and a test case on every engine", {
  spec_names <- names(kerasbridge:::k_parameters)
  exported <- getNamespaceExports("kerasbridge")
  expect_identical(setdiff(paste0("k_", spec_names), exported), character())
  expect_identical(setdiff(spec_names, k_case_functions()), character())
  expect_identical(setdiff(k_case_functions(), spec_names), character())
})
