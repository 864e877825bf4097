# Examples of the k_ functions, one block per spec function (`## <name>`), written into their
# help pages by scripts/generate_k_functions.py. Each runs on every engine.

## abs
x <- k_constant(matrix(c(1, -2, 3, -4), 2))
k_eval(k_abs(x))

## all
x <- k_constant(matrix(c(1, 0, 1, 1), 2))
k_eval(k_all(x, axis = 1)) # per column

## any
x <- k_constant(matrix(c(1, 0, 0, 0), 2))
k_eval(k_any(x, axis = 2)) # per row

## arange
k_eval(k_arange(5))
k_eval(k_arange(2, 10, 3))

## argmax
x <- k_constant(matrix(c(1, 5, 3, 2), 2))
k_eval(k_argmax(x, axis = 2)) # 0-based positions, as in Keras

## argmin
x <- k_constant(matrix(c(1, 5, 3, 2), 2))
k_eval(k_argmin(x, axis = 2))

## backend
k_backend()

## batch_dot
x <- k_ones(c(2, 3, 4))
y <- k_ones(c(2, 4, 5))
k_int_shape(k_batch_dot(x, y, axes = c(3, 2)))

## batch_flatten
k_int_shape(k_batch_flatten(k_zeros(c(2, 3, 4))))

## batch_get_value
v <- k_variable(c(1, 2, 3))
w <- k_variable(matrix(1, 2, 2))
k_batch_get_value(list(v, w))

## batch_normalization
x <- k_constant(matrix(1:6, 2))
k_eval(k_batch_normalization(x, mean = k_constant(c(1.5, 3.5, 5.5)),
                             var = k_constant(c(1, 1, 1)), beta = k_constant(c(0, 0, 0)),
                             gamma = k_constant(c(1, 1, 1))))

## batch_set_value
v <- k_variable(c(0, 0))
k_batch_set_value(list(list(v, c(1, 2))))
k_get_value(v)

## bias_add
k_eval(k_bias_add(k_zeros(c(2, 3)), k_constant(c(1, 2, 3))))

## binary_crossentropy
k_eval(k_binary_crossentropy(k_constant(c(1, 0)), k_constant(c(0.9, 0.2))))

## cast
k_dtype(k_cast(k_constant(c(1.7, 2.2)), "int32"))

## cast_to_floatx
k_cast_to_floatx(c(1L, 2L))

## categorical_crossentropy
target <- k_constant(matrix(c(1, 0, 0, 1), 2))
output <- k_constant(matrix(c(0.8, 0.3, 0.2, 0.7), 2))
k_eval(k_categorical_crossentropy(target, output))

## clear_session
k_clear_session()

## clip
k_eval(k_clip(k_constant(c(-2, 0.5, 3)), 0, 1))

## concatenate
k_int_shape(k_concatenate(list(k_zeros(c(2, 3)), k_ones(c(2, 1))), axis = 2))

## constant
k_eval(k_constant(matrix(1:6, 2)))
k_eval(k_constant(0.5, shape = c(2, 3)))

## control_dependencies
v <- k_variable(0)
with(k_control_dependencies(list()), {
  total <- k_sum(k_constant(c(1, 2)))
})
k_eval(total)

## conv1d
x <- k_ones(c(1, 5, 1))
kernel <- k_ones(c(3, 1, 1))
k_eval(k_conv1d(x, kernel))

## conv2d
x <- k_ones(c(1, 4, 4, 1))
kernel <- k_ones(c(2, 2, 1, 1))
k_eval(k_conv2d(x, kernel, strides = c(2, 2)))

## conv2d_transpose
x <- k_ones(c(1, 2, 2, 1))
kernel <- k_ones(c(2, 2, 1, 1))
k_int_shape(k_conv2d_transpose(x, kernel, output_shape = c(1, 4, 4, 1), strides = c(2, 2)))

## conv3d
x <- k_ones(c(1, 3, 3, 3, 1))
kernel <- k_ones(c(2, 2, 2, 1, 1))
k_int_shape(k_conv3d(x, kernel))

## conv3d_transpose
x <- k_ones(c(1, 2, 2, 2, 1))
kernel <- k_ones(c(2, 2, 2, 1, 1))
k_int_shape(k_conv3d_transpose(x, kernel, output_shape = c(1, 4, 4, 4, 1),
                               strides = c(2, 2, 2)))

## cos
k_eval(k_cos(k_constant(c(0, pi))))

## count_params
k_count_params(k_zeros(c(3, 4)))

## ctc_batch_cost
y_pred <- k_softmax(k_constant(array(seq(0, 1, length.out = 40), c(2, 5, 4))))
labels <- k_constant(matrix(c(1, 2, 2, 1), 2))
k_eval(k_ctc_batch_cost(labels, y_pred, input_length = k_constant(matrix(5, 2, 1)),
                        label_length = k_constant(matrix(2, 2, 1))))

## ctc_decode
y_pred <- k_softmax(k_constant(array(seq(0, 1, length.out = 40), c(2, 5, 4))))
decoded <- k_ctc_decode(y_pred, input_length = k_constant(c(5, 5)))
k_eval(decoded[[1]][[1]])

## ctc_label_dense_to_sparse
labels <- k_constant(matrix(c(1L, 2L, 3L, 0L), 2), dtype = "int32")
lengths <- k_constant(c(2L, 1L), dtype = "int32")
sparse <- k_ctc_label_dense_to_sparse(labels, lengths)
k_is_sparse(sparse)

## cumprod
k_eval(k_cumprod(k_constant(matrix(1:4, 2)), axis = 1))

## cumsum
k_eval(k_cumsum(k_constant(matrix(1:4, 2)), axis = 2))

## depthwise_conv2d
x <- k_ones(c(1, 3, 3, 2))
kernel <- k_ones(c(2, 2, 2, 1))
k_int_shape(k_depthwise_conv2d(x, kernel))

## dot
k_eval(k_dot(k_constant(matrix(1:6, 2)), k_constant(matrix(1:6, 3))))

## dropout
k_int_shape(k_dropout(k_ones(c(2, 3)), level = 0.5, seed = 1))

## dtype
k_dtype(k_variable(1))

## eager
f <- k_eager(function(x) x + 1)
f(1)

## elu
k_eval(k_elu(k_constant(c(-1, 0, 2))))

## epsilon
k_epsilon()

## equal
k_eval(k_equal(k_constant(c(1, 2, 3)), k_constant(c(1, 5, 3))))

## eval
k_eval(k_variable(matrix(1:4, 2)))

## exp
k_eval(k_exp(k_constant(c(0, 1))))

## expand_dims
k_int_shape(k_expand_dims(k_zeros(c(2, 3)), axis = 1))

## eye
k_eval(k_eye(3))
k_eval(k_eye(c(2, 3)))

## flatten
k_eval(k_flatten(k_constant(matrix(1:6, 2)))) # row-major, as in Keras

## floatx
k_floatx()

## foldl
k_eval(k_foldl(function(total, x) total + x, k_constant(c(1, 2, 3)),
               initializer = k_constant(0)))

## foldr
k_eval(k_foldr(function(total, x) total * 2 + x, k_constant(c(1, 2, 3)),
               initializer = k_constant(0)))

## function
x <- k_placeholder(shape = list(NULL, 2))
row_sums <- k_function(list(x), list(k_sum(x, axis = 2)))
row_sums(list(matrix(1:4, 2)))

## gather
k_eval(k_gather(k_constant(matrix(1:6, 3)), c(3, 1))) # rows 3 and 1

## get_session
if (k_backend() != "theano") class(k_get_session())

## get_uid
k_get_uid("dense")

## get_value
k_get_value(k_variable(c(1, 2)))

## get_variable_shape
k_get_variable_shape(k_variable(matrix(0, 2, 3)))

## gradients
x <- k_placeholder(shape = list(NULL, 3))
w <- k_variable(matrix(c(1, 2, 3), 3))
loss <- k_sum(k_square(k_dot(x, w)))
gradient <- k_function(list(x), k_gradients(loss, list(w)))
gradient(list(matrix(1, 1, 3)))

## greater
k_eval(k_greater(k_constant(c(1, 5)), k_constant(c(2, 2))))

## greater_equal
k_eval(k_greater_equal(k_constant(c(1, 5)), k_constant(c(1, 6))))

## hard_sigmoid
k_eval(k_hard_sigmoid(k_constant(c(-3, 0, 1))))

## identity
k_eval(k_identity(k_constant(c(1, 2))))

## image_data_format
k_image_data_format()

## in_test_phase
k_eval(k_in_test_phase(k_constant(1), k_constant(0), training = 0))

## in_top_k
predictions <- k_constant(matrix(c(0.1, 0.8, 0.9, 0.2), 2))
targets <- k_constant(c(1L, 1L), dtype = "int32") # classes are 0-based, as in Keras
k_eval(k_in_top_k(predictions, targets, k = 1))

## in_train_phase
k_eval(k_in_train_phase(k_constant(1), k_constant(0), training = 1))

## int_shape
k_int_shape(k_placeholder(shape = list(NULL, 3)))

## is_keras_tensor
k_is_keras_tensor(k_variable(1))

## is_placeholder
k_is_placeholder(k_placeholder(shape = list(NULL, 3)))

## is_sparse
k_is_sparse(k_zeros(c(2, 2)))

## is_tensor
k_is_tensor(k_variable(1))
k_is_tensor(matrix(1, 2, 2))

## is_variable
k_is_variable(k_variable(1))

## l2_normalize
k_eval(k_l2_normalize(k_constant(matrix(c(3, 0, 4, 1), 2)), axis = 2))

## learning_phase
k_learning_phase()

## less
k_eval(k_less(k_constant(c(1, 5)), k_constant(c(2, 2))))

## less_equal
k_eval(k_less_equal(k_constant(c(1, 5)), k_constant(c(1, 2))))

## local_conv1d
x <- k_ones(c(1, 4, 2))
kernel <- k_ones(c(3, 4, 1))
k_eval(k_local_conv1d(x, kernel, kernel_size = 2, strides = 1))

## local_conv2d
x <- k_ones(c(1, 3, 3, 1))
kernel <- k_ones(c(4, 4, 1))
k_eval(k_local_conv2d(x, kernel, kernel_size = c(2, 2), strides = c(1, 1),
                      output_shape = c(2, 2)))

## log
k_eval(k_log(k_constant(c(1, exp(2)))))

## logsumexp
k_eval(k_logsumexp(k_constant(matrix(1:4, 2)), axis = 1))

## manual_variable_initialization
k_manual_variable_initialization(FALSE)

## map_fn
k_eval(k_map_fn(function(row) row * 2, k_constant(matrix(1:6, 2))))

## max
k_eval(k_max(k_constant(matrix(1:6, 2)), axis = 1))

## maximum
k_eval(k_maximum(k_constant(c(1, 5)), k_constant(c(2, 2))))

## mean
k_eval(k_mean(k_constant(matrix(1:6, 2)), axis = 1))

## min
k_eval(k_min(k_constant(matrix(1:6, 2)), axis = 2))

## minimum
k_eval(k_minimum(k_constant(c(1, 5)), k_constant(c(2, 2))))

## moving_average_update
x <- k_placeholder(shape = list(2))
average <- k_variable(c(0, 0))
step <- k_function(list(x), list(x),
                   updates = list(k_moving_average_update(average, x, 0.9)))
invisible(step(list(c(10, 20))))
k_get_value(average)

## name_scope
with(k_name_scope("block1"), {
  x <- k_constant(c(1, 2))
})
k_eval(x)

## ndim
k_ndim(k_zeros(c(2, 3, 4)))

## normalize_batch_in_training
x <- k_constant(matrix(c(1, 2, 3, 4, 5, 6), 3))
normalized <- k_normalize_batch_in_training(x, gamma = k_constant(c(1, 1)),
                                            beta = k_constant(c(0, 0)), reduction_axes = 1)
k_eval(normalized[[2]]) # the column means

## normalize_data_format
k_normalize_data_format(NULL)

## not_equal
k_eval(k_not_equal(k_constant(c(1, 2)), k_constant(c(1, 3))))

## one_hot
k_eval(k_one_hot(k_constant(c(0L, 2L), dtype = "int32"), num_classes = 3))

## ones
k_eval(k_ones(c(2, 3)))

## ones_like
k_eval(k_ones_like(k_zeros(c(2, 2))))

## pattern_broadcast
k_int_shape(k_pattern_broadcast(k_zeros(c(1, 3)), c(TRUE, FALSE)))

## permute_dimensions
k_int_shape(k_permute_dimensions(k_zeros(c(2, 3, 4)), pattern = c(1, 3, 2)))

## placeholder
x <- k_placeholder(shape = list(NULL, 3))
k_int_shape(x)

## pool2d
x <- k_constant(array(1:16, c(1, 4, 4, 1)))
k_eval(k_pool2d(x, pool_size = c(2, 2), strides = c(2, 2)))

## pool3d
k_int_shape(k_pool3d(k_zeros(c(1, 4, 4, 4, 1)), pool_size = c(2, 2, 2), strides = c(2, 2, 2)))

## pow
k_eval(k_pow(k_constant(c(1, 2, 3)), 2))

## print_tensor
x <- k_print_tensor(k_constant(c(1, 2)), message = "x: ")
k_eval(x)

## prod
k_eval(k_prod(k_constant(matrix(1:6, 2)), axis = 2))

## py_all
k_py_all(list(TRUE, TRUE, FALSE))

## py_sum
k_py_sum(list(1, 2, 3))

## random_bernoulli
k_int_shape(k_random_bernoulli(c(2, 3), p = 0.5, seed = 1))

## random_binomial
k_int_shape(k_random_binomial(c(2, 3), p = 0.5, seed = 1))

## random_normal
k_int_shape(k_random_normal(c(2, 2), mean = 0, stddev = 1, seed = 1))

## random_normal_variable
k_int_shape(k_random_normal_variable(c(2, 2), mean = 0, scale = 1, seed = 1))

## random_uniform
k_int_shape(k_random_uniform(c(2, 2), minval = 0, maxval = 1, seed = 1))

## random_uniform_variable
k_int_shape(k_random_uniform_variable(c(2, 2), low = 0, high = 1, seed = 1))

## relu
k_eval(k_relu(k_constant(c(-1, 0.5, 8)), max_value = 6))

## repeat
k_int_shape(k_repeat(k_zeros(c(2, 3)), n = 4))

## repeat_elements
k_eval(k_repeat_elements(k_constant(matrix(1:4, 2)), rep = 2, axis = 1))

## reset_uids
k_reset_uids()

## reshape
k_int_shape(k_reshape(k_zeros(c(2, 6)), c(-1, 3)))

## resize_images
k_int_shape(k_resize_images(k_zeros(c(1, 2, 2, 1)), 2, 3, data_format = "channels_last"))

## resize_volumes
k_int_shape(k_resize_volumes(k_zeros(c(1, 2, 2, 2, 1)), 2, 2, 2, "channels_last"))

## reverse
k_eval(k_reverse(k_constant(matrix(1:4, 2)), axes = 1))

## rnn
step <- function(inputs, states) {
  output <- inputs + states[[1]]
  list(output, list(output))
}
x <- k_ones(c(1, 3, 2))
result <- k_rnn(step, x, initial_states = list(k_zeros(c(1, 2))))
k_eval(result[[1]]) # the last output: a running sum

## round
k_eval(k_round(k_constant(c(-1.5, 0.5, 2.4))))

## separable_conv1d
x <- k_ones(c(1, 5, 2))
depthwise <- k_ones(c(3, 2, 1))
pointwise <- k_ones(c(1, 2, 4))
k_int_shape(k_separable_conv1d(x, depthwise, pointwise))

## separable_conv2d
x <- k_ones(c(1, 4, 4, 2))
depthwise <- k_ones(c(2, 2, 2, 1))
pointwise <- k_ones(c(1, 1, 2, 3))
k_int_shape(k_separable_conv2d(x, depthwise, pointwise))

## set_epsilon
k_set_epsilon(1e-7)
k_epsilon()

## set_floatx
k_set_floatx("float32")

## set_image_data_format
k_set_image_data_format("channels_last")

## set_learning_phase
k_set_learning_phase(0)
k_learning_phase()

## set_session
if (k_backend() != "theano") k_set_session(k_get_session())

## set_value
v <- k_variable(c(0, 0))
k_set_value(v, c(1, 2))
k_get_value(v)

## shape
k_eval(k_shape(k_zeros(c(2, 3))))

## sigmoid
k_eval(k_sigmoid(k_constant(c(-1, 0, 1))))

## sign
k_eval(k_sign(k_constant(c(-2, 0, 3))))

## sin
k_eval(k_sin(k_constant(c(0, pi / 2))))

## size
k_eval(k_size(k_zeros(c(2, 3))))

## slice
x <- k_constant(matrix(1:12, 3))
k_eval(k_slice(x, start = c(2, 1), size = c(2, -1))) # rows 2:3, every column

## softmax
k_eval(k_softmax(k_constant(matrix(1:4, 2))))

## softplus
k_eval(k_softplus(k_constant(c(-1, 0, 1))))

## softsign
k_eval(k_softsign(k_constant(c(-1, 0, 3))))

## sparse_categorical_crossentropy
target <- k_constant(c(0, 1)) # classes are 0-based, as in Keras
output <- k_constant(matrix(c(0.8, 0.3, 0.2, 0.7), 2))
k_eval(k_sparse_categorical_crossentropy(target, output))

## spatial_2d_padding
k_int_shape(k_spatial_2d_padding(k_zeros(c(1, 2, 2, 1)), padding = list(c(1, 1), c(2, 2))))

## spatial_3d_padding
x <- k_zeros(c(1, 2, 2, 2, 1))
k_int_shape(k_spatial_3d_padding(x, padding = list(c(1, 1), c(1, 1), c(0, 0))))

## sqrt
k_eval(k_sqrt(k_constant(c(4, 9))))

## square
k_eval(k_square(k_constant(c(-2, 3))))

## squeeze
k_int_shape(k_squeeze(k_zeros(c(2, 1, 3)), axis = 2))

## stack
k_int_shape(k_stack(list(k_zeros(c(2, 3)), k_ones(c(2, 3))), axis = 1))

## std
k_eval(k_std(k_constant(matrix(c(1, 3, 2, 6), 2)), axis = 1))

## stop_gradient
k_eval(k_stop_gradient(k_constant(c(1, 2))))

## sum
k_eval(k_sum(k_variable(matrix(1:6, 2)), axis = 1)) # column sums

## switch
k_eval(k_switch(k_constant(c(1, 0)) > 0, k_constant(c(1, 2)), k_constant(c(3, 4))))

## symbolic
f <- k_symbolic(function(x) x * 2)
f(3)

## tanh
k_eval(k_tanh(k_constant(c(-1, 0, 1))))

## temporal_padding
k_int_shape(k_temporal_padding(k_zeros(c(1, 3, 2)), padding = c(1, 2)))

## tile
k_eval(k_tile(k_constant(matrix(1:4, 2)), n = c(1, 2)))

## to_dense
k_eval(k_to_dense(k_ones(c(2, 2))))

## transpose
k_eval(k_transpose(k_constant(matrix(1:6, 2))))

## truncated_normal
k_int_shape(k_truncated_normal(c(2, 2), seed = 1))

## unstack
parts <- k_unstack(k_constant(matrix(1:6, 2)), axis = 2)
length(parts)

## update
x <- k_placeholder(shape = list(2))
v <- k_variable(c(0, 0))
step <- k_function(list(x), list(x), updates = list(k_update(v, x)))
invisible(step(list(c(3, 4))))
k_get_value(v)

## update_add
x <- k_placeholder(shape = list(2))
v <- k_variable(c(1, 1))
step <- k_function(list(x), list(x), updates = list(k_update_add(v, x)))
invisible(step(list(c(3, 4))))
k_get_value(v)

## update_sub
x <- k_placeholder(shape = list(2))
v <- k_variable(c(1, 1))
step <- k_function(list(x), list(x), updates = list(k_update_sub(v, x)))
invisible(step(list(c(3, 4))))
k_get_value(v)

## var
k_eval(k_var(k_constant(matrix(c(1, 3, 2, 6), 2)), axis = 1))

## variable
v <- k_variable(matrix(1:6, 2))
k_eval(v)

## zeros
k_eval(k_zeros(c(2, 3)))

## zeros_like
k_eval(k_zeros_like(k_ones(c(2, 2))))
