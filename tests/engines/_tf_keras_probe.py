"""Run in a child interpreter by test_tf_keras_implementation.py (implementation "tensorflow",
keras.json with floatx float64): prints what it observes as one JSON object."""

import json
import sys

import numpy as np

import kerasbridge
from kerasbridge import backend as K

import tensorflow as tf  # isort: skip
from tf_keras import backend as tf_keras_backend  # isort: skip

seen = {}


def error_of(call):
    try:
        call()
    except Exception as error:  # the test asserts on the type and message
        return [type(error).__name__, str(error)]
    return None


seen["engine"] = list(kerasbridge.loaded_engine())
seen["executing_eagerly"] = tf.executing_eagerly()
seen["unsupported"] = sorted(
    name for name in dir(K) if getattr(getattr(K, name), "unsupported_reason", None)
)

# floatx comes from keras.json (float64) and follows every change, in tf_keras too.
seen["floatx_from_file"] = [
    K.floatx(),
    tf_keras_backend.floatx(),
    K.dtype(K.variable([1.0])),
    K.dtype(K.placeholder(shape=(2,))),
]
K.set_floatx("float16")
seen["floatx_after_set"] = [K.floatx(), tf_keras_backend.floatx(), K.dtype(K.zeros((2,)))]
kerasbridge.configure(floatx="float32")
seen["floatx_after_configure"] = [K.dtype(K.constant(1.0)), tf_keras_backend.floatx()]
seen["floatx_refused"] = error_of(lambda: K.set_floatx("float8"))
seen["floatx_kept_after_refusal"] = [K.floatx(), tf_keras_backend.floatx()]

# epsilon reaches tf_keras's crossentropy: a certain mistake costs -log(2 * epsilon) there.
K.set_epsilon(1e-4)
certain_mistake = K.binary_crossentropy(K.constant([[1.0]]), K.constant([[0.0]]))
seen["epsilon"] = [K.epsilon(), tf_keras_backend.epsilon(), float(K.eval(certain_mistake)[0, 0])]

# image_data_format reaches tf_keras's conv2d when data_format is not given.
K.set_image_data_format("channels_first")
images, kernel = K.constant(np.ones((1, 1, 3, 3))), K.constant(np.ones((2, 2, 1, 1)))
seen["conv2d_channels_first"] = K.eval(K.conv2d(images, kernel)).tolist()
seen["image_data_format"] = [K.image_data_format(), tf_keras_backend.image_data_format()]
K.set_image_data_format("channels_last")

# The guard applies to this implementation as to every engine.
seen["guard"] = error_of(lambda: K.placeholder(shape=(2.0, 3)))

# The README's quick start: inputs given as nested lists.
x = K.placeholder(shape=(None, 3))
w = K.variable([[1.0], [2.0], [3.0]])
loss = K.mean(K.square(K.dot(x, w)))
step = K.function([x], [loss] + K.gradients(loss, [w]))
seen["quick_start"] = [np.asarray(value).tolist() for value in step([[[1.0, 0.0, 0.0]]])]

# Beam search with and without merging repeated labels: the best path is 0, blank, 0.
y_pred = np.array([[[0.9, 0.05, 0.05], [0.05, 0.05, 0.9], [0.9, 0.05, 0.05]]], "float32")
lengths = np.array([3], "int32")
for merge in (False, True):
    decoded, _ = K.ctc_decode(
        K.constant(y_pred),
        K.constant(lengths, "int32"),
        greedy=False,
        beam_width=10,
        top_paths=1,
        merge_repeated=merge,
    )
    seen["beam_merge_%s" % merge] = K.eval(decoded[0]).tolist()

# The session takes feeds as a dict (graph-mode tensors are hashable) or as pairs.
holder = K.placeholder(shape=(2,))
session = K.get_session()
seen["session_feeds"] = [
    session.run(holder * 2, feed_dict={holder: [1.0, 2.0]}).tolist(),
    session.run(holder * 2, feed_dict=[(holder, [3.0, 4.0])]).tolist(),
]

# A function with updates only, run twice.
counter = K.variable(0.0)
increment = K.function([], [], updates=[K.update_add(counter, 1.0)])
increment([])
increment([])
seen["updates_only"] = float(K.get_value(counter))

json.dump(seen, sys.stdout)
