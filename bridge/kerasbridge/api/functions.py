"""The backend API: every function, its signature with integer kinds, and its one-line doc.

This table is the single source of truth. Engines implement the names; the guard checks the
integer-typed parameters; the parity test compares every engine with it. Notation: see _types.
"""

SPEC_LINES = r"""
abs(x) | Element-wise absolute value.
all(x, axis: axes? = None, keepdims = False) | Bitwise reduction (logical AND) along the given axes.
any(x, axis: axes? = None, keepdims = False) | Bitwise reduction (logical OR) along the given axes.
arange(start: int, stop: int? = None, step: int = 1, dtype = 'int32') | Creates a 1D tensor holding a sequence of integers; with one argument it is the stop.
argmax(x, axis: int = -1) | Index of the maximum value along an axis.
argmin(x, axis: int = -1) | Index of the minimum value along an axis.
backend() | Name of the engine in use: "tensorflow", "theano" or "cntk".
batch_dot(x, y, axes: axes? = None) | Batchwise dot product of two tensors whose first dimension is the batch; the result has x's other axes then y's, and two 2D inputs give (batch, 1).
batch_flatten(x) | Turns an nD tensor into a 2D tensor with the same first dimension.
batch_get_value(ops) | Values of several variables, as a list of arrays.
batch_normalization(x, mean, var, beta, gamma, axis: int = -1, epsilon = 0.001) | Applies batch normalization on x given mean, var, beta and gamma.
batch_set_value(tuples) | Sets the values of several variables at once, from (variable, array) pairs.
bias_add(x, bias, data_format: {data_format}? = None) | Adds a bias vector to a tensor, on the channel axis of the data format; a bias with one axis fewer than x is given channels-last and, for channels_first, reshaped (not transposed) to (1, channels, ...) as in Keras 2.3.1.
binary_crossentropy(target, output, from_logits = False) | Binary crossentropy between an output tensor and a target tensor.
cast(x, dtype) | Casts a tensor to a different dtype.
cast_to_floatx(x) | Casts an array to the default float type (floatx), returning an array.
categorical_crossentropy(target, output, from_logits = False, axis: int = -1) | Categorical crossentropy between an output tensor and a target tensor.
clear_session() | Resets the engine's graph and state and the uid counters.
clip(x, min_value, max_value) | Element-wise value clipping; a None bound does not clip, and max_value < min_value clips everything to min_value.
concatenate(tensors, axis: int = -1) | Concatenates a list of tensors along an axis.
constant(value, dtype = None, shape: dims? = None, name = None) | Creates a constant tensor.
control_dependencies(control_inputs) | A context manager: operations built inside it run after control_inputs (symbolic tensors or operations; None clears the dependencies); Theano and CNTK have no control dependencies, so there it does nothing, as in Keras 2.3.1.
conv1d(x, kernel, strides: sizes = 1, padding: {padding1d} = 'valid', data_format: {data_format}? = None, dilation_rate: sizes = 1) | 1D convolution; padding may also be "causal" (zeros before the sequence only), in either data format.
conv2d(x, kernel, strides: sizes = (1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None, dilation_rate: sizes = (1, 1)) | 2D convolution.
conv2d_transpose(x, kernel, output_shape: shape, strides: sizes = (1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None, dilation_rate: sizes = (1, 1)) | 2D transposed convolution (deconvolution); a None batch size in output_shape is taken from x.
conv3d(x, kernel, strides: sizes = (1, 1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None, dilation_rate: sizes = (1, 1, 1)) | 3D convolution.
conv3d_transpose(x, kernel, output_shape: shape, strides: sizes = (1, 1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None) | 3D transposed convolution (deconvolution); kernel is (depth, rows, cols, output channels, input channels) and a None batch size in output_shape is taken from x.
cos(x) | Element-wise cosine.
count_params(x) | Number of scalars in a variable.
ctc_batch_cost(y_true, y_pred, input_length, label_length) | CTC loss of each batch element, -log P(label), shape (samples, 1); on Theano, as in Keras 2.3.1's Theano backend, shape (1, samples) and -log(input_length * P(label)) with probabilities smoothed by 1e-4.
ctc_decode(y_pred, input_length, greedy = True, beam_width: positive = 100, top_paths: positive = 1, merge_repeated = False) | Decodes a softmax output by greedy or beam search; returns (list of decoded sequences, each padded with -1 to its longest sequence, as in Keras 2.3.1; log probabilities).
ctc_label_dense_to_sparse(labels, label_lengths) | Converts dense CTC labels to a sparse tensor.
cumprod(x, axis: int = 0) | Cumulative product of the values along an axis.
cumsum(x, axis: int = 0) | Cumulative sum of the values along an axis.
depthwise_conv2d(x, depthwise_kernel, strides: sizes = (1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None, dilation_rate: sizes = (1, 1)) | 2D depthwise convolution: input channel c is convolved with depthwise_kernel[:, :, c, m] (rows, cols, channels, multiplier) into output channel c * multiplier + m.
dot(x, y) | Multiplies two tensors: x's last axis with y's second to last (its only axis when 1D), as numpy.dot and Keras 2.
dropout(x, level, noise_shape: shape? = None, seed: count? = None) | Sets entries of x to zero at random with probability level, scaling the rest by 1 / (1 - level); None entries of noise_shape take x's size.
dtype(x) | The dtype of a tensor or variable, as a string.
eager(func) | Decorator kept from Keras 2.3.1, where it leaves TensorFlow's Keras graph: returns func unchanged, as K functions already run eagerly on values and symbolically on placeholders.
elu(x, alpha = 1.0) | Exponential linear unit.
epsilon() | The fuzz factor used in numeric expressions.
equal(x, y) | Element-wise equality of two tensors.
eval(x) | Value of a tensor or variable, as an array.
exp(x) | Element-wise exponential.
expand_dims(x, axis: int = -1) | Adds a dimension of size 1 at index axis.
eye(size: counts, dtype = None, name = None) | An identity matrix variable; size is n or (rows, columns).
flatten(x) | Flattens a tensor to 1D.
floatx() | The default float type, as a string.
foldl(fn, elems, initializer = None, name = None) | Reduces elems with fn from left to right.
foldr(fn, elems, initializer = None, name = None) | Reduces elems with fn from right to left.
function(inputs, outputs, updates = None, name = None, **kwargs) | A compiled callable from input placeholders to outputs, applying updates at each call.
gather(reference, indices) | Elements of reference at the given indices along the first axis.
get_session() | The session of the engine; TensorFlow 2 runs without sessions, so this is a compatibility object whose run(fetches, feed_dict) evaluates tensors (feed_dict may be a list of (placeholder, value) pairs: TF 2 graph tensors cannot be dict keys).
get_uid(prefix = '') | An integer counter per string prefix, starting at 1.
get_value(x) | Value of a variable, as an array.
get_variable_shape(x) | The shape of a variable as a tuple of integers (as int_shape).
gradients(loss, variables) | Gradients of loss with respect to each of the variables.
greater(x, y) | Element-wise truth value of x > y.
greater_equal(x, y) | Element-wise truth value of x >= y.
hard_sigmoid(x) | Segment-wise linear approximation of sigmoid: clip(0.2 x + 0.5, 0, 1).
identity(x, name = None) | A tensor with the same content as the input tensor.
image_data_format() | The default image data format convention: "channels_last" or "channels_first".
in_test_phase(x, alt, training = None) | Selects x in test phase and alt otherwise.
in_top_k(predictions, targets, k: positive) | Whether each target is among the top k predictions (predictions tied with the k-th largest count as in).
in_train_phase(x, alt, training = None) | Selects x in train phase and alt otherwise.
int_shape(x) | The shape of a tensor as a tuple of integers, None where unknown.
is_keras_tensor(x) | Whether x is a Keras tensor (the output of a Keras layer or Input, marked with _keras_history); K functions never make one, so a tensor or variable gives FALSE and anything else raises an error.
is_placeholder(x) | Whether x is a placeholder made by K.placeholder().
is_sparse(tensor) | Whether a tensor is sparse.
is_tensor(x) | Whether x is a tensor of the engine (a placeholder, variable, constant or result of a K function), not an array or a Python value.
is_variable(x) | Whether x is a variable (made by K.variable(), K.zeros() and the like).
l2_normalize(x, axis: axes? = None) | Normalizes a tensor by its L2 norm along the given axes.
learning_phase() | The learning phase flag: 0 (test) or 1 (train), or a symbolic flag when unset.
less(x, y) | Element-wise truth value of x < y.
less_equal(x, y) | Element-wise truth value of x <= y.
local_conv1d(inputs, kernel, kernel_size: sizes, strides: sizes, data_format: {data_format}? = None) | 1D convolution with unshared weights.
local_conv2d(inputs, kernel, kernel_size: sizes, strides: sizes, output_shape: dims, data_format: {data_format}? = None) | 2D convolution with unshared weights.
log(x) | Element-wise natural logarithm.
logsumexp(x, axis: axes? = None, keepdims = False) | log(sum(exp(x))) along the given axes, computed stably.
manual_variable_initialization(value) | Sets the manual variable initialization flag (TRUE/FALSE); only implementation "tensorflow" (tf_keras sessions) acts on it: the other engines give every variable its value when it is made, so nothing is left to initialize.
map_fn(fn, elems, name = None, dtype = None) | Maps fn over the first dimension of elems and stacks the results.
max(x, axis: axes? = None, keepdims = False) | Maximum value along the given axes.
maximum(x, y) | Element-wise maximum of two tensors.
mean(x, axis: axes? = None, keepdims = False) | Mean along the given axes; bool and integer tensors give a floatx result.
min(x, axis: axes? = None, keepdims = False) | Minimum value along the given axes.
minimum(x, y) | Element-wise minimum of two tensors.
moving_average_update(x, value, momentum) | An update setting x to x * momentum + value * (1 - momentum).
name_scope(name) | A context manager that prefixes the names of the operations created inside it.
ndim(x) | The number of axes of a tensor, as an integer.
normalize_batch_in_training(x, gamma, beta, reduction_axes: axislist|{batch_norm_mode}, epsilon = 0.001) | Batch mean and (biased) variance over reduction_axes, and x normalized with them: (normalized, mean, variance); reduction_axes may also be Theano's mode "per-activation" (the batch axis) or "spatial" (every axis but 1), as Keras 2.3.1's Theano backend allows; gamma and beta may be None.
normalize_data_format(value) | The data format value names, in lower case ("channels_first" or "channels_last"), or the image_data_format() setting when value is None; anything else raises an error.
not_equal(x, y) | Element-wise inequality of two tensors.
one_hot(indices, num_classes: positive) | One-hot representation of an integer tensor, with a new last axis of num_classes, in floatx.
ones(shape: dims, dtype = None, name = None) | An all-ones variable.
ones_like(x, dtype = None, name = None) | An all-ones variable of the same shape as x.
pattern_broadcast(x, broadcastable) | x with the axes flagged TRUE in broadcastable (one flag per axis) declared broadcastable; Theano records the pattern, the other engines check that those axes have size 1 and return x.
permute_dimensions(x, pattern: pattern) | Permutes the axes of a tensor.
placeholder(shape: shape? = None, ndim: count? = None, dtype = None, sparse = False, name = None) | A placeholder tensor, fed when a function is called; shape may hold None dimensions. Python operators on it (x * 2) give symbolic tensors too.
pool2d(x, pool_size: sizes, strides: sizes = (1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None, pool_mode: {pool_mode} = 'max') | 2D max or average pooling.
pool3d(x, pool_size: sizes, strides: sizes = (1, 1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None, pool_mode: {pool_mode} = 'max') | 3D max or average pooling.
pow(x, a) | Element-wise exponentiation.
print_tensor(x, message = '') | Prints message and the tensor's value when it is evaluated, and returns the tensor.
prod(x, axis: axes? = None, keepdims = False) | Product of the values along the given axes.
py_all(iterable) | Python's all(): True when every element is true.
py_sum(iterable, start = 0) | Python's sum() of a sequence, plus start.
random_bernoulli(shape: dims, p = 0.0, dtype = None, seed: count? = None) | A tensor of 0 and 1 drawn with probability p of 1 (as random_binomial).
random_binomial(shape: dims, p = 0.0, dtype = None, seed: count? = None) | A tensor of 0 and 1 drawn with probability p of 1.
random_normal(shape: dims, mean = 0.0, stddev = 1.0, dtype = None, seed: count? = None) | A tensor with normally distributed values.
random_normal_variable(shape: dims, mean, scale, dtype = None, name = None, seed: count? = None) | A variable with values drawn from a normal distribution.
random_uniform(shape: dims, minval = 0.0, maxval = 1.0, dtype = None, seed: count? = None) | A tensor with uniformly distributed values in [minval, maxval).
random_uniform_variable(shape: dims, low, high, dtype = None, name = None, seed: count? = None) | A variable with values drawn from a uniform distribution.
relu(x, alpha = 0.0, max_value = None, threshold = 0.0) | Rectified linear unit, with optional leak, ceiling and threshold.
repeat(x, n: count) | Repeats a 2D tensor n times along a new middle axis: (samples, dim) becomes (samples, n, dim).
repeat_elements(x, rep: count, axis: int) | Repeats each element of a tensor along an axis, like numpy.repeat.
reset_uids() | Resets the counters of get_uid.
reshape(x, shape: newshape) | Reshapes a tensor; one dimension may be -1.
resize_images(x, height_factor: positive, width_factor: positive, data_format: {data_format}?, interpolation: {interpolation} = 'nearest') | Resizes the images of a 4D tensor by integer factors: "nearest" repeats entries, "bilinear" interpolates with half-pixel centres (as TensorFlow 2).
resize_volumes(x, depth_factor: positive, height_factor: positive, width_factor: positive, data_format: {data_format}?) | Resizes the volumes of a 5D tensor by integer factors (nearest neighbour).
reverse(x, axes: axes) | Reverses a tensor along the given axes.
rnn(step_function, inputs, initial_states, go_backwards = False, mask = None, constants = None, unroll = False, input_length: count? = None) | Iterates step_function over the time dimension: returns (last output, outputs, new states).
round(x) | Element-wise rounding to the closest integer, halves to even.
separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides: sizes = 1, padding: {padding} = 'valid', data_format: {data_format}? = None, dilation_rate: sizes = 1) | 1D convolution with separable filters (depthwise then pointwise).
separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides: sizes = (1, 1), padding: {padding} = 'valid', data_format: {data_format}? = None, dilation_rate: sizes = (1, 1)) | 2D convolution with separable filters (depthwise then pointwise).
set_epsilon(e) | Sets the fuzz factor used in numeric expressions.
set_floatx(floatx) | Sets the default float type: "float16", "float32" or "float64".
set_image_data_format(data_format) | Sets the image data format: "channels_last" or "channels_first".
set_learning_phase(value: int) | Sets the learning phase to 0 (test) or 1 (train).
set_session(session) | Sets the session; TensorFlow 2 keeps no global session, so only a compatible session object is accepted.
set_value(x, value) | Sets the value of a variable from an array.
shape(x) | The symbolic shape of a tensor, as an integer tensor.
sigmoid(x) | Element-wise sigmoid.
sign(x) | Element-wise sign.
sin(x) | Element-wise sine.
size(x, name = None) | The number of elements of a tensor, as an int32 scalar tensor.
slice(x, start: dims, size: newshape) | The block of x that starts at start and spans size entries on each axis (x[start[0]:start[0] + size[0], ...]); a size of -1 takes the rest of its axis.
softmax(x, axis: int = -1) | Softmax of a tensor along an axis.
softplus(x) | Softplus of a tensor: log(exp(x) + 1).
softsign(x) | Softsign of a tensor: x / (abs(x) + 1).
sparse_categorical_crossentropy(target, output, from_logits = False, axis: int = -1) | Categorical crossentropy with integer targets.
spatial_2d_padding(x, padding: pairs = ((1, 1), (1, 1)), data_format: {data_format}? = None) | Pads the two spatial dimensions of a 4D tensor with zeros.
spatial_3d_padding(x, padding: pairs = ((1, 1), (1, 1), (1, 1)), data_format: {data_format}? = None) | Pads the three spatial dimensions of a 5D tensor with zeros.
sqrt(x) | Element-wise square root; negative inputs count as 0, as in Keras 2.
square(x) | Element-wise square.
squeeze(x, axis: int) | Removes a dimension of size 1 at index axis.
stack(x, axis: int = 0) | Stacks a list of rank R tensors into a rank R+1 tensor.
std(x, axis: axes? = None, keepdims = False) | Standard deviation along the given axes (population, ddof 0).
stop_gradient(variables) | The input (or each input of a list) with gradients stopped.
sum(x, axis: axes? = None, keepdims = False) | Sum of the values along the given axes.
switch(condition, then_expression, else_expression) | Selects between two tensors (or callables) by a scalar or element-wise condition.
symbolic(func) | Decorator kept from Keras 2.3.1, where it enters TensorFlow's Keras graph: returns func unchanged, as K functions already build symbolic results from placeholders.
tanh(x) | Element-wise hyperbolic tangent.
temporal_padding(x, padding: dims = (1, 1)) | Pads the middle dimension of a 3D tensor with zeros (left, right).
tile(x, n: counts) | Tiles x n times (one count per axis; fewer counts tile the last axes, as numpy.tile).
to_dense(tensor) | Converts a sparse tensor to a dense tensor.
transpose(x) | Transposes a tensor (reverses its axes).
truncated_normal(shape: dims, mean = 0.0, stddev = 1.0, dtype = None, seed: count? = None) | A tensor of normal values redrawn when more than two standard deviations from the mean.
unstack(x, axis: int = 0, num: count? = None, name = None) | Splits a tensor along an axis into a list of tensors without that axis (the inverse of stack); the axis size must be known statically or given as num.
update(x, new_x) | An update that sets x to new_x, run by K.function; when new_x is an eager value, TensorFlow 2 applies it at once.
update_add(x, increment) | An update that adds increment to x, run by K.function; when increment is an eager value, TensorFlow 2 applies it at once.
update_sub(x, decrement) | An update that subtracts decrement from x, run by K.function; when decrement is an eager value, TensorFlow 2 applies it at once.
var(x, axis: axes? = None, keepdims = False) | Variance along the given axes (population, ddof 0).
variable(value, dtype = None, name = None, constraint = None) | A variable holding value.
zeros(shape: dims, dtype = None, name = None) | An all-zeros variable.
zeros_like(x, dtype = None, name = None) | An all-zeros variable of the same shape as x.
"""
