"""Keras 2.3.1's ``_keras_shape`` attribute on an engine's tensors.

Keras 2.3.1's backends set ``x._keras_shape`` on many results (and on every layer output), and
code written for them reads it, or sets it to tell later code a shape. Engines give it as a
property of their tensor classes: reading costs nothing until it is read, and no function pays
for setting it. Reading gives the shape set on the tensor, else the engine's int_shape.
"""

_DECLARED = "_kerasbridge_keras_shape"


def install(classes, int_shape, declare=None):
    """Give every class in ``classes`` the ``_keras_shape`` property. ``declare(x, shape)``,
    when given, records a set shape where the engine's int_shape reads it; otherwise the set
    shape is kept on the tensor and only ``_keras_shape`` reads it."""

    def read(x):
        declared = getattr(x, _DECLARED, None)
        return int_shape(x) if declared is None else declared

    def write(x, shape):
        shape = tuple(None if size is None else int(size) for size in shape)
        if declare is None:
            setattr(x, _DECLARED, shape)
        else:
            declare(x, shape)

    attribute = property(read, write, doc="The static shape, as Keras 2.3.1 code reads it.")
    for cls in classes:
        cls._keras_shape = attribute
