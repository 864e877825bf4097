"""The main job's Python half: load the backend, show the settings, evaluate real things."""

import numpy as np

import kerasbridge
from kerasbridge import backend as K

print("kerasbridge %s on the %s engine\n" % (kerasbridge.__version__, K.backend()))
print(kerasbridge.get_settings())

x = K.placeholder(shape=(None, 3), name="x")
w = K.variable(np.array([[1.0], [2.0], [3.0]]), name="w")
y = K.dot(x, w)
loss = K.mean(K.square(y))
grad = K.gradients(loss, [w])[0]
step = K.function([x], [y, loss, grad])

batch = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]], dtype=K.floatx())
outputs, loss_value, gradient = step([batch])
print("\nplaceholder", K.int_shape(x), "variable", K.int_shape(w), K.dtype(w))
print("x @ w        =", outputs.ravel())
print("mean((x@w)^2) =", float(loss_value))
print("d loss / d w  =", gradient.ravel())
expected = 2 * batch.T @ (batch @ K.get_value(w)) / len(batch)
assert np.allclose(gradient, expected), "gradient differs from the NumPy reference"
print("gradient matches NumPy:", np.allclose(gradient, expected))
try:
    K.placeholder(shape=(2.0, 3))
except TypeError as error:
    print("\nstrict integers:", error)
