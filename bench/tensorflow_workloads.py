"""The benchmark's workloads, written once against the Keras 2 backend API: ``K`` is
kerasbridge's backend (either implementation) or tf_keras's own backend module.

Both are Keras-2-style training steps: placeholders, gradients, and a K.function whose updates
apply plain SGD. Weights and data come from a fixed seed, so every side computes the same.
"""

import numpy as np

LEARNING_RATE = 0.01


def _sgd_updates(K, loss, params):
    return [K.update_add(p, -LEARNING_RATE * g) for p, g in zip(params, K.gradients(loss, params))]


def _uniform(K, random, shape, fan_in):
    limit = np.sqrt(3.0 / fan_in)
    return K.variable(random.uniform(-limit, limit, size=shape).astype("float32"))


def conv_net_step(K):
    """(train step, its input values): a small conv net on 28x28 images, batch 32."""
    random = np.random.RandomState(0)
    x = K.placeholder(shape=(None, 28, 28, 1))
    y = K.placeholder(shape=(None, 10))
    kernel1 = _uniform(K, random, (3, 3, 1, 16), 9)
    kernel2 = _uniform(K, random, (3, 3, 16, 32), 144)
    dense = _uniform(K, random, (7 * 7 * 32, 10), 7 * 7 * 32)
    bias1, bias2, bias3 = K.zeros((16,)), K.zeros((32,)), K.zeros((10,))
    hidden = K.relu(K.bias_add(K.conv2d(x, kernel1, padding="same"), bias1))
    hidden = K.pool2d(hidden, (2, 2), strides=(2, 2))
    hidden = K.relu(K.bias_add(K.conv2d(hidden, kernel2, padding="same"), bias2))
    hidden = K.pool2d(hidden, (2, 2), strides=(2, 2))
    probabilities = K.softmax(K.bias_add(K.dot(K.batch_flatten(hidden), dense), bias3))
    loss = K.mean(K.categorical_crossentropy(y, probabilities))
    params = [kernel1, bias1, kernel2, bias2, dense, bias3]
    step = K.function([x, y], [loss], updates=_sgd_updates(K, loss, params))
    images = random.normal(size=(32, 28, 28, 1)).astype("float32")
    labels = np.eye(10, dtype="float32")[random.randint(0, 10, size=32)]
    return step, [images, labels]


def rnn_step(K, steps=100):
    """(train step, its input values): a tanh RNN over ``steps`` steps, batch 32, 16 -> 32."""
    random = np.random.RandomState(1)
    x = K.placeholder(shape=(None, steps, 16))
    h0 = K.placeholder(shape=(None, 32))
    kernel, recurrent = _uniform(K, random, (16, 32), 16), _uniform(K, random, (32, 32), 32)

    def step_function(inputs, states):
        h = K.tanh(K.dot(inputs, kernel) + K.dot(states[0], recurrent))
        return h, [h]

    last, _, _ = K.rnn(step_function, x, [h0])
    loss = K.mean(K.square(last))
    step = K.function([x, h0], [loss], updates=_sgd_updates(K, loss, [kernel, recurrent]))
    inputs = random.normal(size=(32, steps, 16)).astype("float32")
    return step, [inputs, np.zeros((32, 32), "float32")]


def small_function(K):
    """(K.function, its input values): tanh(x . w), two ops and a variable read."""
    random = np.random.RandomState(2)
    x = K.placeholder(shape=(None, 16))
    w = K.variable(random.normal(size=(16, 16)).astype("float32"))
    return K.function([x], [K.tanh(K.dot(x, w))]), [random.normal(size=(8, 16)).astype("float32")]


# --- the same training steps in raw TensorFlow: a tf.function, GradientTape and assign_sub -----


def _raw_uniform(tf, random, shape, fan_in):
    limit = np.sqrt(3.0 / fan_in)
    return tf.Variable(random.uniform(-limit, limit, size=shape).astype("float32"))


def _raw_sgd(tf, tape, loss, params):
    for param, gradient in zip(params, tape.gradient(loss, params)):
        param.assign_sub(LEARNING_RATE * gradient)


def raw_conv_net_step(tf):
    """conv_net_step as a TensorFlow user writes it: same weights, data and updates."""
    random = np.random.RandomState(0)
    kernel1 = _raw_uniform(tf, random, (3, 3, 1, 16), 9)
    kernel2 = _raw_uniform(tf, random, (3, 3, 16, 32), 144)
    dense = _raw_uniform(tf, random, (7 * 7 * 32, 10), 7 * 7 * 32)
    bias1, bias2, bias3 = (tf.Variable(tf.zeros((n,))) for n in (16, 32, 10))
    params = [kernel1, bias1, kernel2, bias2, dense, bias3]
    epsilon = 1e-7  # Keras 2's: categorical_crossentropy clips probabilities to it

    @tf.function(
        input_signature=[
            tf.TensorSpec((None, 28, 28, 1), tf.float32),
            tf.TensorSpec((None, 10), tf.float32),
        ]
    )
    def step(x, y):
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, kernel1, 1, "SAME"), bias1))
            hidden = tf.nn.max_pool2d(hidden, 2, 2, "VALID")
            hidden = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(hidden, kernel2, 1, "SAME"), bias2))
            hidden = tf.nn.max_pool2d(hidden, 2, 2, "VALID")
            flat = tf.reshape(hidden, (-1, 7 * 7 * 32))
            probabilities = tf.nn.softmax(tf.nn.bias_add(tf.matmul(flat, dense), bias3))
            probabilities /= tf.reduce_sum(probabilities, -1, keepdims=True)
            probabilities = tf.clip_by_value(probabilities, epsilon, 1 - epsilon)
            loss = tf.reduce_mean(-tf.reduce_sum(y * tf.math.log(probabilities), -1))
        _raw_sgd(tf, tape, loss, params)
        return loss

    images = random.normal(size=(32, 28, 28, 1)).astype("float32")
    labels = np.eye(10, dtype="float32")[random.randint(0, 10, size=32)]
    return lambda values: [step(*values).numpy()], [images, labels]


def raw_rnn_step(tf, steps=100):
    """rnn_step as a TensorFlow user writes it: a while loop over the time steps."""
    random = np.random.RandomState(1)
    kernel = _raw_uniform(tf, random, (16, 32), 16)
    recurrent = _raw_uniform(tf, random, (32, 32), 32)

    @tf.function(
        input_signature=[
            tf.TensorSpec((None, steps, 16), tf.float32),
            tf.TensorSpec((None, 32), tf.float32),
        ]
    )
    def step(x, h0):
        with tf.GradientTape() as tape:
            h = h0
            for t in tf.range(steps):  # a tf.while_loop, as K.rnn builds
                h = tf.tanh(tf.matmul(x[:, t], kernel) + tf.matmul(h, recurrent))
            loss = tf.reduce_mean(tf.square(h))
        _raw_sgd(tf, tape, loss, [kernel, recurrent])
        return loss

    inputs = random.normal(size=(32, steps, 16)).astype("float32")
    return lambda values: [step(*values).numpy()], [inputs, np.zeros((32, 32), "float32")]
