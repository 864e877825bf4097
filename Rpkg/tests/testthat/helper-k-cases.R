# The cases of the k_ function tests: every spec function is called at least once, in one
# fresh R process per engine (helper-k-session.R), and compared with base R here. A case is
# * tensor_case(run, expected): `run` builds a tensor from the placeholders x, y, pos, unit,
#   cube, v (fed with k_data's a, b, pos, unit, cube, v) or from constants; all are evaluated by
#   one k_function() call; `expected` is the base R value;
# * value_case(run, expected): `run` gives an R value in the session (k_eval(), k_int_shape()...);
# * check_case(run, condition): `condition` (about `value`, the R value of `run`) must be TRUE.
# Coverage: k_case_functions() lists the k_ functions the cases call; a test checks it holds
# every spec function.

tensor_case <- function(run, expected) list(type = "tensor", run = run, expected = expected)
value_case <- function(run, expected) list(type = "value", run = run, expected = expected)
check_case <- function(run, condition) list(type = "check", run = run, expected = condition)

k_data <- list(
  a = matrix(c(-7.5, -2, 5.25, 0.5, 3, 1.5), 2),
  b = matrix(c(2, -2, -1.5, 0.5, 0.75, 0.5), 2),
  pos = matrix(c(0.25, 1, 2.5, 4, 9, 16), 2),
  unit = matrix(c(0.1, 0.9, 0.35, 0.6, 0.5, 0.2), 2),
  cube = array(seq_len(24) / 4, dim = c(2L, 3L, 4L)),
  v = c(10, -20, 0.5),
  # rows are probability distributions / one-hot targets
  probs = matrix(c(0.7, 0.2, 0.2, 0.5, 0.1, 0.3), 2),
  onehot = matrix(c(1, 0, 0, 1, 0, 0), 2),
  halves = matrix(c(-2.5, -1.5, 0.5, 1.5, 2.5, 1.26), 2),
  image = matrix(c(3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5, -8, 9, 7, 9, 3), 4)
)

# Base R references for the convolution and pooling cases (one channel, "valid").
correlate2d <- function(image, kernel) {
  rows <- nrow(image) - nrow(kernel) + 1
  cols <- ncol(image) - ncol(kernel) + 1
  out <- matrix(0, rows, cols)
  for (i in seq_len(rows)) for (j in seq_len(cols)) {
    out[i, j] <- sum(image[i:(i + nrow(kernel) - 1), j:(j + ncol(kernel) - 1)] * kernel)
  }
  out
}
pool2d_ref <- function(image, size, reduce) {
  out <- matrix(0, nrow(image) / size, ncol(image) / size)
  for (i in seq_len(nrow(out))) for (j in seq_len(ncol(out))) {
    out[i, j] <- reduce(image[(i - 1) * size + 1:size, (j - 1) * size + 1:size])
  }
  out
}
repeat_rows <- function(vector, rows) matrix(vector, rows, length(vector), byrow = TRUE)
population_var <- function(values) mean((values - mean(values))^2)

k_cases <- list(
  # element-wise math
  abs = tensor_case(quote(k_abs(x)), quote(abs(a))),
  cos = tensor_case(quote(k_cos(x)), quote(cos(a))),
  sin = tensor_case(quote(k_sin(x)), quote(sin(a))),
  tanh = tensor_case(quote(k_tanh(x)), quote(tanh(a))),
  exp = tensor_case(quote(k_exp(x)), quote(exp(a))),
  log = tensor_case(quote(k_log(pos)), quote(log(pos))),
  sqrt = tensor_case(quote(k_sqrt(pos)), quote(sqrt(pos))),
  square = tensor_case(quote(k_square(x)), quote(a^2)),
  pow = tensor_case(quote(k_pow(pos, 3)), quote(pos^3)),
  sign = tensor_case(quote(k_sign(x)), quote(sign(a))),
  round = tensor_case(quote(k_round(k_constant(halves))), quote(round(halves))),
  sigmoid = tensor_case(quote(k_sigmoid(x)), quote(1 / (1 + exp(-a)))),
  hard_sigmoid = tensor_case(quote(k_hard_sigmoid(x)), quote(pmin(pmax(0.2 * a + 0.5, 0), 1))),
  softplus = tensor_case(quote(k_softplus(x)), quote(log1p(exp(a)))),
  softsign = tensor_case(quote(k_softsign(x)), quote(a / (1 + abs(a)))),
  elu = tensor_case(quote(k_elu(x, alpha = 0.5)), quote(ifelse(a > 0, a, 0.5 * (exp(a) - 1)))),
  relu = tensor_case(quote(k_relu(x, max_value = 4)), quote(pmin(pmax(a, 0), 4))),
  relu_alpha = tensor_case(quote(k_relu(x, alpha = 0.1)), quote(ifelse(a > 0, a, 0.1 * a))),
  clip = tensor_case(quote(k_clip(x, -2, 3)), quote(pmin(pmax(a, -2), 3))),
  maximum = tensor_case(quote(k_maximum(x, y)), quote(pmax(a, b))),
  minimum = tensor_case(quote(k_minimum(x, y)), quote(pmin(a, b))),
  equal = tensor_case(quote(k_equal(x, y)), quote(a == b)),
  not_equal = tensor_case(quote(k_not_equal(x, y)), quote(a != b)),
  greater = tensor_case(quote(k_greater(x, y)), quote(a > b)),
  greater_equal = tensor_case(quote(k_greater_equal(x, y)), quote(a >= b)),
  less = tensor_case(quote(k_less(x, y)), quote(a < b)),
  less_equal = tensor_case(quote(k_less_equal(x, y)), quote(a <= b)),
  switch = tensor_case(quote(k_switch(x > 0, x, y)), quote(ifelse(a > 0, a, b))),
  cast = tensor_case(quote(k_cast(x > 0, "float32")), quote((a > 0) * 1)),
  identity = tensor_case(quote(k_identity(x)), quote(a)),
  stop_gradient = tensor_case(quote(k_stop_gradient(x)), quote(a)),
  print_tensor = tensor_case(quote(k_print_tensor(x, message = "k_print_tensor: ")), quote(a)),
  to_dense = tensor_case(quote(k_to_dense(x)), quote(a)),

  # reductions, 1-based axes
  sum_axis_1 = tensor_case(quote(k_sum(x, axis = 1)), quote(colSums(a))),
  sum_axis_2_keepdims = tensor_case(quote(k_sum(x, axis = 2, keepdims = TRUE)),
                                    quote(matrix(rowSums(a), 2, 1))),
  sum_axis_minus_1 = tensor_case(quote(k_sum(x, axis = -1)), quote(rowSums(a))),
  sum_all = tensor_case(quote(k_sum(x)), quote(sum(a))),
  sum_axes_vector = tensor_case(quote(k_sum(cube, axis = c(1, 3))), quote(apply(cube, 2, sum))),
  mean = tensor_case(quote(k_mean(x, axis = c(1, 2))), quote(mean(a))),
  mean_axis_1 = tensor_case(quote(k_mean(cube, axis = 1)), quote(apply(cube, c(2, 3), mean))),
  max = tensor_case(quote(k_max(x, axis = 1)), quote(apply(a, 2, max))),
  min = tensor_case(quote(k_min(x, axis = 2, keepdims = TRUE)),
                    quote(matrix(apply(a, 1, min), 2, 1))),
  prod = tensor_case(quote(k_prod(x, axis = 2)), quote(apply(a, 1, prod))),
  std = tensor_case(quote(k_std(x, axis = 1)), quote(sqrt(apply(a, 2, population_var)))),
  var = tensor_case(quote(k_var(x, axis = 2)), quote(apply(a, 1, population_var))),
  all = tensor_case(quote(k_all(x > -3, axis = 1)), quote(apply(a > -3, 2, all))),
  any = tensor_case(quote(k_any(x > 5, axis = 2)), quote(apply(a > 5, 1, any))),
  logsumexp = tensor_case(quote(k_logsumexp(x, axis = 1)), quote(log(colSums(exp(a))))),
  argmax = tensor_case(quote(k_argmax(x, axis = 2)), quote(apply(a, 1, which.max) - 1)),
  argmin = tensor_case(quote(k_argmin(x, axis = 1)), quote(apply(a, 2, which.min) - 1)),
  cumsum = tensor_case(quote(k_cumsum(x, axis = 2)), quote(t(apply(a, 1, cumsum)))),
  cumprod = tensor_case(quote(k_cumprod(x, axis = 1)), quote(apply(a, 2, cumprod))),
  cumsum_default_axis = tensor_case(quote(k_cumsum(x)), quote(apply(a, 2, cumsum))),
  l2_normalize = tensor_case(quote(k_l2_normalize(x, axis = 2)), quote(a / sqrt(rowSums(a^2)))),
  softmax_rows = tensor_case(quote(k_softmax(x)), quote(exp(a) / rowSums(exp(a)))),
  softmax_axis_1 = tensor_case(quote(k_softmax(x, axis = 1)),
                               quote(exp(a) / repeat_rows(colSums(exp(a)), 2))),

  # shapes and layout
  dot = tensor_case(quote(k_dot(x, k_transpose(y))), quote(a %*% t(b))),
  transpose = tensor_case(quote(k_transpose(x)), quote(t(a))),
  batch_dot = tensor_case(quote(k_batch_dot(x, y, axes = 2)), quote(matrix(rowSums(a * b), 2, 1))),
  batch_flatten = tensor_case(quote(k_batch_flatten(cube)),
                              quote(rbind(as.vector(t(cube[1, , ])), as.vector(t(cube[2, , ]))))),
  flatten = tensor_case(quote(k_flatten(x)), quote(as.vector(t(a)))),
  reshape = tensor_case(quote(k_reshape(x, c(3, -1))),
                        quote(matrix(as.vector(t(a)), 3, 2, byrow = TRUE))),
  expand_dims = tensor_case(quote(k_expand_dims(x, axis = 1)), quote(array(a, c(1, 2, 3)))),
  squeeze = tensor_case(quote(k_squeeze(k_expand_dims(x, axis = 2), axis = 2)), quote(a)),
  permute_dimensions = tensor_case(quote(k_permute_dimensions(cube, c(3, 1, 2))),
                                   quote(aperm(cube, c(3, 1, 2)))),
  concatenate_rows = tensor_case(quote(k_concatenate(list(x, y), axis = 1)), quote(rbind(a, b))),
  concatenate_last = tensor_case(quote(k_concatenate(list(x, y))), quote(cbind(a, b))),
  stack_first = tensor_case(quote(k_stack(list(x, y))),
                            quote(aperm(array(c(a, b), c(2, 3, 2)), c(3, 1, 2)))),
  stack_last = tensor_case(quote(k_stack(list(x, y), axis = 3)), quote(array(c(a, b), c(2, 3, 2)))),
  unstack = tensor_case(quote(k_unstack(x, axis = 2)[[3]]), quote(a[, 3])),
  gather = tensor_case(quote(k_gather(x, c(2, 1, 2))), quote(a[c(2, 1, 2), ])),
  gather_one = tensor_case(quote(k_gather(x, 2)), quote(a[2, ])),
  slice = tensor_case(quote(k_slice(cube, start = c(2, 1, 2), size = c(1, -1, 2))),
                      quote(cube[2, , 2:3, drop = FALSE])),
  reverse = tensor_case(quote(k_reverse(x, axes = 1)), quote(a[2:1, ])),
  reverse_both = tensor_case(quote(k_reverse(x, axes = c(1, 2))), quote(a[2:1, 3:1])),
  tile = tensor_case(quote(k_tile(x, c(2, 1))), quote(rbind(a, a))),
  repeat_elements = tensor_case(quote(k_repeat_elements(x, rep = 2, axis = 1)),
                                quote(a[c(1, 1, 2, 2), ])),
  `repeat` = tensor_case(quote(k_repeat(x, 2)),
                         quote(aperm(array(c(a, a), c(2, 3, 2)), c(1, 3, 2)))),
  shape = tensor_case(quote(k_shape(cube)), quote(c(2, 3, 4))),
  size = tensor_case(quote(k_size(cube)), quote(24)),
  one_hot = tensor_case(quote(k_one_hot(k_constant(c(0L, 2L), dtype = "int32"), num_classes = 3)),
                        quote(diag(3)[c(1, 3), ])),
  temporal_padding = tensor_case(
    quote(k_temporal_padding(k_constant(array(1:6, c(1, 3, 2))), padding = c(1, 2))),
    quote(array(rbind(0, matrix(1:6, 3), 0, 0), c(1, 6, 2)))
  ),
  spatial_2d_padding = tensor_case(
    quote(k_spatial_2d_padding(k_constant(array(1:4, c(1, 2, 2, 1))),
                               padding = list(c(1, 0), c(0, 2)))),
    quote(array(rbind(0, cbind(matrix(1:4, 2), 0, 0)), c(1, 3, 4, 1)))
  ),
  resize_images = tensor_case(
    quote(k_resize_images(k_constant(array(1:4, c(1, 2, 2, 1))), 2, 3, "channels_last")),
    quote(array(matrix(1:4, 2)[c(1, 1, 2, 2), c(1, 1, 1, 2, 2, 2)], c(1, 4, 6, 1)))
  ),
  arange = tensor_case(quote(k_arange(2, 10, 3)), quote(c(2, 5, 8))),
  arange_stop = tensor_case(quote(k_arange(4)), quote(0:3)),

  # constructors and variables
  constant = tensor_case(quote(k_constant(0.5, shape = c(2, 3))), quote(matrix(0.5, 2, 3))),
  variable = tensor_case(quote(k_variable(matrix(1:6, 2))), quote(matrix(1:6, 2))),
  variable_sum = tensor_case(quote(k_sum(k_variable(matrix(1:6, 2)), axis = 1)), quote(c(3, 7, 11))),
  zeros = tensor_case(quote(k_zeros(c(2, 3))), quote(matrix(0, 2, 3))),
  ones = tensor_case(quote(k_ones(c(2, 3))), quote(matrix(1, 2, 3))),
  zeros_like = tensor_case(quote(k_zeros_like(x)), quote(a * 0)),
  ones_like = tensor_case(quote(k_ones_like(x)), quote(a * 0 + 1)),
  eye = tensor_case(quote(k_eye(c(2, 3))), quote(diag(1, 2, 3))),
  eye_square = tensor_case(quote(k_eye(3)), quote(diag(3))),

  # neural network pieces
  bias_add = tensor_case(quote(k_bias_add(x, v)), quote(a + repeat_rows(v, 2))),
  batch_normalization = tensor_case(
    quote(k_batch_normalization(x, mean = k_constant(c(1, 2, 3)), var = k_constant(c(4, 1, 0.25)),
                                beta = k_constant(c(0, 1, 0)), gamma = k_constant(c(1, 2, 3)))),
    quote((a - repeat_rows(c(1, 2, 3), 2)) / repeat_rows(sqrt(c(4, 1, 0.25) + 0.001), 2) *
            repeat_rows(c(1, 2, 3), 2) + repeat_rows(c(0, 1, 0), 2))
  ),
  normalize_batch_in_training = tensor_case(
    quote(k_normalize_batch_in_training(x, gamma = k_constant(c(1, 1, 1)),
                                        beta = k_constant(c(0, 0, 0)), reduction_axes = 1)[[2]]),
    quote(colMeans(a))
  ),
  normalize_batch_in_training_variance = tensor_case(
    quote(k_normalize_batch_in_training(x, gamma = k_constant(c(1, 1, 1)),
                                        beta = k_constant(c(0, 0, 0)), reduction_axes = 1)[[3]]),
    quote(apply(a, 2, population_var))
  ),
  binary_crossentropy = tensor_case(
    quote(k_binary_crossentropy(k_constant(onehot), unit)),
    quote(-(onehot * log(unit) + (1 - onehot) * log(1 - unit)))
  ),
  categorical_crossentropy = tensor_case(
    quote(k_categorical_crossentropy(k_constant(onehot), k_constant(probs))),
    quote(-rowSums(onehot * log(probs)))
  ),
  sparse_categorical_crossentropy = tensor_case(
    quote(k_sparse_categorical_crossentropy(k_constant(c(0, 1)), k_constant(probs))),
    quote(-log(probs[cbind(1:2, 1:2)]))
  ),
  in_top_k = tensor_case(
    quote(k_in_top_k(k_constant(probs), k_constant(c(0L, 2L), dtype = "int32"), k = 1)),
    quote(c(TRUE, FALSE))
  ),
  in_test_phase = tensor_case(quote(k_in_test_phase(x, y, training = 0)), quote(a)),
  in_train_phase = tensor_case(quote(k_in_train_phase(x, y, training = 1)), quote(a)),
  conv1d = tensor_case(
    quote(k_conv1d(k_constant(array(c(1, 4, 2, 8, 5), c(1, 5, 1))),
                   k_constant(array(c(1, 0, -1), c(3, 1, 1))))),
    quote(array(c(1 - 2, 4 - 8, 2 - 5), c(1, 3, 1)))
  ),
  conv2d = tensor_case(
    quote(k_conv2d(k_constant(array(image, c(1, 4, 4, 1))),
                   k_constant(array(c(1, 2, -1, 0.5), c(2, 2, 1, 1))))),
    quote(array(correlate2d(image, matrix(c(1, 2, -1, 0.5), 2)), c(1, 3, 3, 1)))
  ),
  conv2d_strides = tensor_case(
    quote(k_conv2d(k_constant(array(image, c(1, 4, 4, 1))),
                   k_constant(array(c(1, 2, -1, 0.5), c(2, 2, 1, 1))), strides = c(2, 2))),
    quote(array(correlate2d(image, matrix(c(1, 2, -1, 0.5), 2))[c(1, 3), c(1, 3)], c(1, 2, 2, 1)))
  ),
  conv2d_transpose = tensor_case(
    quote(k_conv2d_transpose(k_ones(c(1, 2, 2, 1)), k_ones(c(2, 2, 1, 1)),
                             output_shape = c(1, 4, 4, 1), strides = c(2, 2))),
    quote(array(1, c(1, 4, 4, 1)))
  ),
  conv3d = tensor_case(quote(k_conv3d(k_ones(c(1, 3, 3, 3, 1)), k_ones(c(2, 2, 2, 1, 1)))),
                       quote(array(8, c(1, 2, 2, 2, 1)))),
  conv3d_transpose = tensor_case(
    quote(k_conv3d_transpose(k_ones(c(1, 2, 2, 2, 1)), k_ones(c(2, 2, 2, 1, 1)),
                             output_shape = c(1, 4, 4, 4, 1), strides = c(2, 2, 2))),
    quote(array(1, c(1, 4, 4, 4, 1)))
  ),
  depthwise_conv2d = tensor_case(quote(k_depthwise_conv2d(k_ones(c(1, 3, 3, 2)), k_ones(c(2, 2, 2, 1)))),
                                 quote(array(4, c(1, 2, 2, 2)))),
  separable_conv1d = tensor_case(
    quote(k_separable_conv1d(k_ones(c(1, 5, 2)), k_ones(c(3, 2, 1)), k_ones(c(1, 2, 4)))),
    quote(array(6, c(1, 3, 4)))
  ),
  separable_conv2d = tensor_case(
    quote(k_separable_conv2d(k_ones(c(1, 4, 4, 2)), k_ones(c(2, 2, 2, 1)), k_ones(c(1, 1, 2, 3)))),
    quote(array(8, c(1, 3, 3, 3)))
  ),
  local_conv1d = tensor_case(
    quote(k_local_conv1d(k_ones(c(1, 4, 2)), k_ones(c(3, 4, 1)), kernel_size = list(2),
                         strides = list(1))),
    quote(array(4, c(1, 3, 1)))
  ),
  local_conv2d = tensor_case(
    quote(k_local_conv2d(k_ones(c(1, 3, 3, 1)), k_ones(c(4, 4, 1)), kernel_size = c(2, 2),
                         strides = c(1, 1), output_shape = c(2, 2))),
    quote(array(4, c(1, 2, 2, 1)))
  ),
  pool2d_max = tensor_case(
    quote(k_pool2d(k_constant(array(image, c(1, 4, 4, 1))), pool_size = c(2, 2), strides = c(2, 2))),
    quote(array(pool2d_ref(image, 2, max), c(1, 2, 2, 1)))
  ),
  pool2d_avg = tensor_case(
    quote(k_pool2d(k_constant(array(image, c(1, 4, 4, 1))), pool_size = c(2, 2), strides = c(2, 2),
                   pool_mode = "avg")),
    quote(array(pool2d_ref(image, 2, mean), c(1, 2, 2, 1)))
  ),
  pool3d = tensor_case(
    quote(k_pool3d(k_constant(array(1:8, c(1, 2, 2, 2, 1))), pool_size = c(2, 2, 2),
                   strides = c(2, 2, 2))),
    quote(array(8, c(1, 1, 1, 1, 1)))
  ),
  resize_volumes = tensor_case(
    quote(k_resize_volumes(k_ones(c(1, 2, 2, 2, 1)), 2, 2, 2, "channels_last")),
    quote(array(1, c(1, 4, 4, 4, 1)))
  ),
  spatial_3d_padding = tensor_case(
    quote(k_spatial_3d_padding(k_ones(c(1, 1, 1, 1, 1)), padding = list(c(1, 0), c(0, 0), c(0, 0)))),
    quote(array(c(0, 1), c(1, 2, 1, 1, 1)))
  ),
  dropout = check_case(
    quote(k_eval(k_dropout(k_ones(c(20, 30)), level = 0.5, seed = 1))),
    quote(all(value %in% c(0, 2)) && mean(value == 0) > 0.3 && mean(value == 0) < 0.7)
  ),
  random_normal = check_case(
    quote(k_eval(k_random_normal(c(100, 50), mean = 2, stddev = 3, seed = 1))),
    quote(identical(dim(value), c(100L, 50L)) && abs(mean(value) - 2) < 0.3 &&
            abs(sd(value) - 3) < 0.3)
  ),
  random_normal_variable = check_case(
    quote(k_get_value(k_random_normal_variable(c(100, 50), mean = -1, scale = 0.5, seed = 2))),
    quote(abs(mean(value) + 1) < 0.1 && abs(sd(value) - 0.5) < 0.1)
  ),
  truncated_normal = check_case(
    quote(k_eval(k_truncated_normal(c(100, 50), mean = 1, stddev = 2, seed = 3))),
    quote(all(abs(value - 1) <= 4 + 1e-5) && abs(mean(value) - 1) < 0.3)
  ),
  random_uniform = check_case(
    quote(k_eval(k_random_uniform(c(100, 50), minval = 1, maxval = 3, seed = 4))),
    quote(all(value >= 1 & value < 3) && abs(mean(value) - 2) < 0.1)
  ),
  random_uniform_variable = check_case(
    quote(k_get_value(k_random_uniform_variable(c(100, 50), low = -1, high = 0, seed = 5))),
    quote(all(value >= -1 & value <= 0) && abs(mean(value) + 0.5) < 0.1)
  ),
  random_binomial = check_case(
    quote(k_eval(k_random_binomial(c(100, 50), p = 0.25, seed = 6))),
    quote(all(value %in% c(0, 1)) && abs(mean(value) - 0.25) < 0.05)
  ),
  random_bernoulli = check_case(
    quote(k_eval(k_random_bernoulli(c(100, 50), p = 0.75, seed = 7))),
    quote(all(value %in% c(0, 1)) && abs(mean(value) - 0.75) < 0.05)
  ),

  # functions of R functions
  map_fn = tensor_case(quote(k_map_fn(function(row) row * 2, x)), quote(a * 2)),
  foldl = tensor_case(quote(k_foldl(function(total, e) total + e, v, initializer = k_constant(0))),
                      quote(sum(v))),
  foldr = tensor_case(
    quote(k_foldr(function(total, e) total * 2 + e, v, initializer = k_constant(0))),
    quote(v[[1]] + 2 * v[[2]] + 4 * v[[3]])
  ),
  rnn_last = tensor_case(
    quote(k_rnn(function(inputs, states) {
      output <- inputs + states[[1]]
      list(output, list(output))
    }, cube, initial_states = list(k_zeros(c(2, 4))))[[1]]),
    quote(apply(cube, c(1, 3), sum))
  ),
  rnn_outputs = tensor_case(
    quote(k_rnn(function(inputs, states) {
      output <- inputs + states[[1]]
      list(output, list(output))
    }, cube, initial_states = list(k_zeros(c(2, 4))))[[2]]),
    quote(aperm(apply(cube, c(1, 3), cumsum), c(2, 1, 3)))
  ),
  control_dependencies = tensor_case(
    quote(local({
      with(k_control_dependencies(list()), doubled <- x * 2)
      doubled
    })),
    quote(a * 2)
  ),
  name_scope = tensor_case(
    quote(local({
      with(k_name_scope("block"), shifted <- x + 1)
      shifted
    })),
    quote(a + 1)
  ),

  # values in R
  eval = value_case(quote(k_eval(k_constant(a))), quote(a)),
  get_value = value_case(quote(k_get_value(k_variable(a))), quote(a)),
  set_value = value_case(quote(local({
    w <- k_variable(c(0, 0))
    k_set_value(w, c(1.5, 2))
    k_get_value(w)
  })), quote(c(1.5, 2))),
  batch_values = value_case(quote(local({
    w1 <- k_variable(c(0, 0))
    w2 <- k_variable(matrix(0, 2, 2))
    k_batch_set_value(list(list(w1, c(1, 2)), list(w2, diag(2))))
    k_batch_get_value(list(w1, w2))
  })), quote(list(c(1, 2), diag(2)))),
  function_call = value_case(quote(local({
    double_it <- k_function(list(x), list(x * 2))
    double_it(list(a))[[1]]
  })), quote(a * 2)),
  gradients = value_case(quote(local({
    w <- k_variable(matrix(c(1, -2, 0.5), 3))
    loss <- k_sum(k_square(k_dot(x, w)))
    gradient <- k_function(list(x), k_gradients(loss, list(w)))
    gradient(list(a))[[1]]
  })), quote(2 * t(a) %*% (a %*% c(1, -2, 0.5)))),
  update = value_case(quote(local({
    w <- k_variable(c(0, 0, 0))
    step <- k_function(list(v), list(k_sum(v)), updates = list(k_update(w, v)))
    step(list(v_data))
    k_get_value(w)
  })), quote(v)),
  update_add = value_case(quote(local({
    w <- k_variable(c(1, 1, 1))
    step <- k_function(list(v), list(k_sum(v)), updates = list(k_update_add(w, v)))
    step(list(v_data))
    step(list(v_data))
    k_get_value(w)
  })), quote(1 + 2 * v)),
  update_sub = value_case(quote(local({
    w <- k_variable(c(1, 1, 1))
    step <- k_function(list(v), list(k_sum(v)), updates = list(k_update_sub(w, v)))
    step(list(v_data))
    k_get_value(w)
  })), quote(1 - v)),
  moving_average_update = value_case(quote(local({
    w <- k_variable(c(0, 0, 0))
    step <- k_function(list(v), list(k_sum(v)),
                       updates = list(k_moving_average_update(w, v, 0.9)))
    step(list(v_data))
    k_get_value(w)
  })), quote(0.1 * v)),
  int_shape = value_case(quote(k_int_shape(k_placeholder(shape = list(NULL, 4, 5)))),
                         quote(list(NULL, 4L, 5L))),
  placeholder_ndim = value_case(quote(k_ndim(k_placeholder(ndim = 3))), quote(3L)),
  get_variable_shape = value_case(quote(k_get_variable_shape(k_variable(a))), quote(list(2L, 3L))),
  ndim = value_case(quote(k_ndim(cube)), quote(3L)),
  count_params = value_case(quote(k_count_params(k_zeros(c(3, 4)))), quote(12L)),
  dtype = value_case(quote(k_dtype(k_variable(a))), quote("float32")),
  cast_to_floatx = value_case(quote(k_cast_to_floatx(1:3)), quote(c(1, 2, 3))),
  is_tensor = value_case(quote(c(k_is_tensor(x), k_is_tensor(a))), quote(c(TRUE, FALSE))),
  is_variable = value_case(quote(c(k_is_variable(k_variable(a)), k_is_variable(x))),
                           quote(c(TRUE, FALSE))),
  is_placeholder = value_case(quote(c(k_is_placeholder(x), k_is_placeholder(k_variable(a)))),
                              quote(c(TRUE, FALSE))),
  is_keras_tensor = value_case(quote(k_is_keras_tensor(k_variable(a))), quote(FALSE)),
  is_sparse = value_case(quote(k_is_sparse(k_variable(a))), quote(FALSE)),
  pattern_broadcast = value_case(
    quote(k_int_shape(k_pattern_broadcast(k_zeros(c(1, 3)), c(TRUE, FALSE)))),
    quote(list(1L, 3L))
  ),
  ctc_label_dense_to_sparse = value_case(
    quote(k_eval(k_to_dense(k_ctc_label_dense_to_sparse(
      k_constant(matrix(c(1L, 2L, 3L, 0L), 2), dtype = "int32"),
      k_constant(c(2L, 1L), dtype = "int32")
    )))),
    quote(matrix(c(1, 2, 3, 0), 2))
  ),
  ctc_batch_cost = value_case(
    quote(k_eval(k_ctc_batch_cost(
      k_constant(matrix(c(0, 0, 1, 1), 2)),
      k_constant(array(rep(c(0.6, 0.2, 0.3, 0.7, 0.1, 0.1), each = 2), c(2, 2, 3))),
      input_length = k_constant(matrix(2, 2, 1)), label_length = k_constant(matrix(2, 2, 1))
    ))),
    # Keras 2.3.1's results: on Theano its Theano backend's, -log(steps * smoothed P), in shape
    # (1, samples); elsewhere -log P in shape (samples, 1).
    quote(if (engine == "theano") {
      matrix(-log(2 * (0.9999 * 0.6 + 1e-4 / 5) * (0.9999 * 0.7 + 1e-4 / 5)), 1, 2)
    } else {
      matrix(-log(0.6 * 0.7), 2, 1)
    })
  ),
  ctc_decode = value_case(
    quote(k_eval(k_ctc_decode(
      k_constant(array(rep(c(0.6, 0.2, 0.3, 0.7, 0.1, 0.1), each = 2), c(2, 2, 3))),
      input_length = k_constant(c(2, 2))
    )[[1]][[1]])),
    quote(matrix(c(0, 0, 1, 1), 2))
  ),
  py_all = value_case(quote(c(k_py_all(list(TRUE, FALSE)), k_py_all(list(TRUE, TRUE)))),
                      quote(c(FALSE, TRUE))),
  py_sum = value_case(quote(k_py_sum(list(1, 2, 3), start = 4)), quote(10)),
  eager = value_case(quote(k_eager(function(value) value + 1)(1)), quote(2)),
  symbolic = value_case(quote(k_symbolic(function(value) value * 2)(3)), quote(6)),
  get_uid = value_case(quote(local({
    k_reset_uids()
    c(k_get_uid("k_test"), k_get_uid("k_test"), k_get_uid("other"))
  })), quote(c(1L, 2L, 1L))),
  backend = value_case(quote(k_backend()), quote(engine)),
  floatx = value_case(quote(k_floatx()), quote("float32")),
  epsilon = value_case(quote(k_epsilon()), quote(1e-7)),
  image_data_format = value_case(quote(k_image_data_format()), quote("channels_last")),
  normalize_data_format = value_case(
    quote(c(k_normalize_data_format(NULL), k_normalize_data_format("Channels_First"))),
    quote(c("channels_last", "channels_first"))
  ),
  set_floatx = value_case(quote(local({
    k_set_floatx("float64")
    on.exit(k_set_floatx("float32"))
    c(k_floatx(), k_dtype(k_variable(1)))
  })), quote(c("float64", "float64"))),
  set_epsilon = value_case(quote(local({
    k_set_epsilon(1e-4)
    on.exit(k_set_epsilon(1e-7))
    k_epsilon()
  })), quote(1e-4)),
  set_image_data_format = value_case(quote(local({
    k_set_image_data_format("channels_first")
    on.exit(k_set_image_data_format("channels_last"))
    k_image_data_format()
  })), quote("channels_first")),
  manual_variable_initialization = value_case(quote(k_manual_variable_initialization(FALSE)),
                                              quote(NULL)),
  learning_phase = check_case(
    quote(local({
      phase <- k_learning_phase()
      if (k_is_tensor(phase)) "tensor" else phase
    })),
    quote(identical(value, "tensor") || value %in% c(0, 1))
  ),
  set_learning_phase = value_case(quote(local({
    k_set_learning_phase(1)
    k_eval(k_in_train_phase(k_constant(1), k_constant(0)))
  })), quote(1)),
  get_session = value_case(
    quote(tryCatch(!is.null(k_get_session()),
                   kerasbridge_not_supported_error = function(error) "not supported")),
    quote(if (engine == "theano") "not supported" else TRUE)
  ),
  set_session = value_case(
    quote(tryCatch(is.null(k_set_session(k_get_session())),
                   kerasbridge_not_supported_error = function(error) "not supported")),
    quote(if (engine == "theano") "not supported" else TRUE)
  ),
  # Last: it resets the engine's state.
  clear_session = value_case(quote(local({
    k_clear_session()
    k_eval(k_sum(k_constant(c(1, 2))))
  })), quote(3))
)

# The k_ functions the cases call (by name, without k_), for the coverage test.
k_case_functions <- function(cases = k_cases) {
  names <- unique(unlist(lapply(cases, function(case) all.names(case$run))))
  sort(sub("^k_", "", grep("^k_", names, value = TRUE)))
}
