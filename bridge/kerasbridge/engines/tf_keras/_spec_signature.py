"""Wrappers that give a tf_keras function the spec's exact signature.

tf_keras's functions carry their own docstrings and, for a few, extra parameters (placeholder's
``ragged``, rnn's ``time_major``...) or other parameter names (``batch_get_value(tensors)``).
Exposed through these wrappers, every function of this implementation has the spec's parameter
names, order and defaults, and no docstring of its own (the docs live in the spec), like every
engine. The wrapper calls tf_keras positionally: tf_keras's leading parameters are the spec's,
in the spec's order (the parity test checks the result).
"""

import inspect
from typing import Any, Callable, Dict, Optional

from ...api import SPEC


def with_spec_signature(name: str, target: Callable, before: Optional[Callable] = None):
    """A function ``name(<spec parameters>)`` returning ``target(<the same, positionally>)``,
    calling ``before()`` first when given (e.g. to push settings into tf_keras)."""
    namespace: Dict[str, Any] = {"_target": target, "_before": before, "__name__": __name__}
    signature, arguments = [], []
    for index, param in enumerate(SPEC[name].params):
        if param.variadic:
            signature.append(param.variadic + param.name)
            arguments.append(param.variadic + param.name)
        elif param.default is inspect.Parameter.empty:
            signature.append(param.name)
            arguments.append(param.name)
        else:
            namespace["_default%d" % index] = param.default
            signature.append("%s=_default%d" % (param.name, index))
            arguments.append(param.name)
    prelude = "    _before()\n" if before is not None else ""
    source = "def %s(%s):\n%s    return _target(%s)\n" % (
        name,
        ", ".join(signature),
        prelude,
        ", ".join(arguments),
    )
    exec(compile(source, "<kerasbridge tf_keras: %s>" % name, "exec"), namespace)
    return namespace[name]
