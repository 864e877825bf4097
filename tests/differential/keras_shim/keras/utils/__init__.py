"""``keras.utils`` with only what Keras 2.3.1's backend tests and NumPy reference import.

The modules themselves are Keras 2.3.1's (np_utils, generic_utils, conv_utils), found through
this package's search path; Keras 2.3.1's own ``utils/__init__.py`` would import its layers.
"""

import os

__path__.append(os.path.join(os.environ["KERASBRIDGE_KERAS_FOLDER"], "keras", "utils"))

from .np_utils import to_categorical as to_categorical  # noqa: E402  (re-exported)
