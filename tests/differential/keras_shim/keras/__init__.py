"""A stand-in ``keras`` package under which Keras 2.3.1's own backend tests run on kerasbridge.

``keras.backend`` is kerasbridge's backend (see backend/__init__.py). Every other module the
tests import (``keras.utils.conv_utils``, ``keras.backend.numpy_backend``, ...) is Keras
2.3.1's own file, found through this package's search path, which goes on to the Keras 2.3.1
install (scripts/setup.sh puts it in .cache/keras-2.3.1; the runner names it in
KERASBRIDGE_KERAS_FOLDER). Keras 2.3.1's own ``keras/__init__.py``, which would load one of
its backends and every layer, is never run.
"""

import os

__path__.append(os.path.join(os.environ["KERASBRIDGE_KERAS_FOLDER"], "keras"))
