"""kerasbridge's backend as ``keras.backend``, and as each of Keras 2.3.1's backend modules.

The tests compare ``K`` with the backend module of the engine in use (``KTF``, ``KTH`` or
``KC``) and with Keras 2.3.1's NumPy reference (``keras.backend.numpy_backend``, its own file):
all three backend modules are this one, so every comparison is kerasbridge against NumPy.
"""

import os
import sys

import kerasbridge.backend as _kerasbridge

for _name in dir(_kerasbridge):
    if not _name.startswith("__"):
        globals()[_name] = getattr(_kerasbridge, _name)

# numpy_backend.py and common.py come from Keras 2.3.1 itself.
__path__.append(os.path.join(os.environ["KERASBRIDGE_KERAS_FOLDER"], "keras", "backend"))

theano_backend = tensorflow_backend = cntk_backend = sys.modules[__name__]

# Module attributes of Keras 2.3.1's backends that the tests read to choose their cases.
th_sparse_module = None  # no Theano sparse cases: kerasbridge's sparse support differs


def _is_tf_1():
    return False  # the TensorFlow cases for TensorFlow 2


class _Device(object):
    """cntk_backend.dev: the tests skip GPU-only cases when its type() is 0 (CPU)."""

    @staticmethod
    def type():
        return 0


dev = _Device()
