"""A classic Keras-2-style training loop written only with K: placeholders, a conv + dense
model, gradients, and a K.function whose updates implement SGD with momentum.

Task: 8x8 images holding a noisy horizontal bar, vertical bar or diagonal; 3 classes.
Stated accuracy: at least 95% on 150 held-out images after 150 steps.
"""

import numpy as np
import pytest

SIZE, CLASSES = 8, 3


def make_images(count, random):
    labels = random.randint(0, CLASSES, size=count)
    images = random.normal(0.0, 0.3, size=(count, SIZE, SIZE, 1)).astype("float32")
    for image, label in zip(images, labels):
        where = random.randint(1, SIZE - 1)
        if label == 0:
            image[where, :, 0] += 1.0
        elif label == 1:
            image[:, where, 0] += 1.0
        else:
            image[np.arange(SIZE), np.arange(SIZE), 0] += 1.0
    return images, np.eye(CLASSES, dtype="float32")[labels]


def glorot(K, shape, random, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return K.variable(random.uniform(-limit, limit, size=shape))


def build_model(K, x, random):
    kernel = glorot(K, (3, 3, 1, 8), random, 9, 72)
    conv_bias = K.zeros((8,))
    dense = glorot(K, (4 * 4 * 8, CLASSES), random, 128, CLASSES)
    dense_bias = K.zeros((CLASSES,))
    hidden = K.relu(
        K.bias_add(
            K.conv2d(x, kernel, padding="same", data_format="channels_last"),
            conv_bias,
            data_format="channels_last",
        )
    )
    hidden = K.pool2d(hidden, (2, 2), strides=(2, 2), data_format="channels_last")
    logits = K.bias_add(K.dot(K.batch_flatten(hidden), dense), dense_bias)
    return K.softmax(logits), [kernel, conv_bias, dense, dense_bias]


def sgd_momentum_updates(K, loss, params, learning_rate=0.1, momentum=0.9):
    updates = []
    for param, grad in zip(params, K.gradients(loss, params)):
        velocity = K.zeros(K.int_shape(param))
        new_velocity = momentum * velocity - learning_rate * grad
        updates.append(K.update(velocity, new_velocity))
        updates.append(K.update_add(param, new_velocity))
    return updates


@pytest.mark.slow
def test_conv_dense_model_learns_bar_orientation(K):
    random = np.random.RandomState(0)
    x = K.placeholder(shape=(None, SIZE, SIZE, 1))
    y = K.placeholder(shape=(None, CLASSES))
    probabilities, params = build_model(K, x, random)
    loss = K.mean(K.categorical_crossentropy(y, probabilities))
    accuracy = K.mean(K.cast(K.equal(K.argmax(probabilities), K.argmax(y)), K.floatx()))
    train = K.function([x, y], [loss], updates=sgd_momentum_updates(K, loss, params))
    test = K.function([x, y], [loss, accuracy])

    images, labels = make_images(150, random)
    first_loss = test([images, labels])[0]
    for _ in range(150):
        batch_x, batch_y = make_images(32, random)
        train([batch_x, batch_y])
    final_loss, final_accuracy = test([images, labels])
    assert final_loss < first_loss / 4
    assert final_accuracy >= 0.95
