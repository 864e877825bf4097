"""Data types of the API spec, and the parser of its compact signature notation.

A signature line reads like Python with one addition: an integer-typed parameter carries an
integer *kind* after a colon, and a trailing ``?`` when ``None`` is allowed::

    placeholder(shape: shape? = None, ndim: count? = None, dtype = None) | Instantiates ...

The kinds are defined once in ``INTEGER_KINDS``; the guard turns them into checks.

A string parameter that takes one of a fixed set of values names its set in braces, with the
same ``?`` when ``None`` is allowed::

    pool2d(..., padding: {padding} = 'valid', data_format: {data_format}? = None, ...)

The sets are defined once in ``CHOICES``; the guard refuses any other value. A parameter
that takes integers of a kind or one of a set of strings names both::

    normalize_batch_in_training(..., reduction_axes: axislist|{batch_norm_mode}, ...)
"""

import ast
import inspect
from typing import Any, Dict, NamedTuple, Optional, Tuple

from ..config import IMAGE_DATA_FORMATS


class IntegerKind(NamedTuple):
    """What an integer-typed parameter accepts.

    ``form`` is "scalar" (one integer), "sequence" (a list or tuple of integers; a single
    integer is taken as a sequence of one), "either" (one integer or a sequence, kept as given)
    or "nested" (a sequence of sequences, such as paddings).
    """

    name: str
    form: str
    minimum: Optional[int]
    none_elements: bool
    description: str


INTEGER_KINDS = {
    kind.name: kind
    for kind in (
        IntegerKind("int", "scalar", None, False, "an integer"),
        IntegerKind("count", "scalar", 0, False, "a non-negative integer"),
        IntegerKind("positive", "scalar", 1, False, "a positive integer"),
        IntegerKind("axes", "either", None, False, "an integer or a list of integers"),
        IntegerKind("axislist", "sequence", None, False, "a list of integers"),
        IntegerKind("sizes", "either", 1, False, "a positive integer or a list of them"),
        IntegerKind("counts", "either", 0, False, "a non-negative integer or a list of them"),
        IntegerKind("pattern", "sequence", 0, False, "a list of non-negative integers"),
        IntegerKind("dims", "sequence", 0, False, "a list of non-negative integers"),
        IntegerKind("shape", "sequence", 0, True, "a list of non-negative integers or None"),
        IntegerKind("newshape", "sequence", -1, False, "a list of integers >= -1"),
        IntegerKind("pairs", "nested", 0, False, "a list of pairs of non-negative integers"),
    )
}


# The string choices: parameters whose value is one of these strings (checked by the guard,
# which also accepts them in any case and with surrounding spaces, as settings are).
CHOICES = {
    "padding": ("valid", "same"),
    "padding1d": ("valid", "same", "causal"),  # conv1d: "causal" pads before the sequence only
    "pool_mode": ("max", "avg"),
    "interpolation": ("nearest", "bilinear"),
    "data_format": IMAGE_DATA_FORMATS,
    # normalize_batch_in_training's reduction_axes may also name one of Theano's batch-norm
    # modes, as Keras 2.3.1's Theano backend allows: the batch axis only, or every axis but 1.
    "batch_norm_mode": ("per-activation", "spatial"),
}  # type: Dict[str, Tuple[str, ...]]


class Param(NamedTuple):
    name: str
    kind: Optional[IntegerKind]  # None: not integer-typed, never checked
    nullable: bool  # None is an accepted value
    default: Any  # inspect.Parameter.empty when required
    variadic: str  # "", "*" or "**"
    choices: Tuple[str, ...] = ()  # the allowed strings of a choice parameter, else empty


class FunctionSpec(NamedTuple):
    name: str
    params: Tuple[Param, ...]
    doc: str

    @property
    def integer_params(self) -> Tuple[Param, ...]:
        return tuple(p for p in self.params if p.kind is not None)

    @property
    def choice_params(self) -> Tuple[Param, ...]:
        return tuple(p for p in self.params if p.choices)

    @property
    def signature(self) -> inspect.Signature:
        return inspect.Signature([_to_inspect_parameter(p) for p in self.params])


def _to_inspect_parameter(param: Param) -> inspect.Parameter:
    if param.variadic == "*":
        return inspect.Parameter(param.name, inspect.Parameter.VAR_POSITIONAL)
    if param.variadic == "**":
        return inspect.Parameter(param.name, inspect.Parameter.VAR_KEYWORD)
    return inspect.Parameter(
        param.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=param.default
    )


def parse_line(line: str) -> FunctionSpec:
    """Parse ``name(params) | doc`` into a FunctionSpec; a malformed line raises ValueError."""
    head, sep, doc = line.partition(" | ")
    if not sep or not head.endswith(")") or "(" not in head:
        raise ValueError("API spec line must read 'name(params) | doc', got: %r" % line)
    name, _, params_text = head[:-1].partition("(")
    params = tuple(_parse_param(text.strip()) for text in _split_params(params_text))
    return FunctionSpec(name.strip(), params, doc.strip())


def _split_params(text: str):
    """Split on commas that are outside brackets (defaults may be tuples)."""
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            yield text[start:index]
            start = index + 1
    if text[start:].strip():
        yield text[start:]


def _parse_param(text: str) -> Param:
    variadic = "**" if text.startswith("**") else "*" if text.startswith("*") else ""
    text = text[len(variadic) :]
    declaration, has_default, default_text = text.partition("=")
    default = ast.literal_eval(default_text.strip()) if has_default else inspect.Parameter.empty
    name, _, kind_text = declaration.partition(":")
    kind_text = kind_text.strip()
    nullable = kind_text.endswith("?")
    kind_text = kind_text.rstrip("?")
    kind_text, _, choice_text = kind_text.partition("|")  # "axislist|{set}": either one
    if kind_text.startswith("{") and kind_text.endswith("}"):
        kind_text, choice_text = "", kind_text
    choices = _lookup_choices(choice_text[1:-1]) if choice_text else ()
    kind = _lookup_kind(kind_text) if kind_text else None
    return Param(name.strip(), kind, nullable, default, variadic, choices)


def _lookup_kind(name: str) -> IntegerKind:
    try:
        return INTEGER_KINDS[name]
    except KeyError:
        raise ValueError(
            "unknown integer kind %r in the API spec; known kinds: %s"
            % (name, ", ".join(sorted(INTEGER_KINDS)))
        ) from None


def _lookup_choices(name: str) -> Tuple[str, ...]:
    try:
        return CHOICES[name]
    except KeyError:
        raise ValueError(
            "unknown choice set {%s} in the API spec; known sets: %s"
            % (name, ", ".join(sorted(CHOICES)))
        ) from None


def index_by_name(specs) -> Dict[str, FunctionSpec]:
    table = {}
    for spec in specs:
        if spec.name in table:
            raise ValueError("API spec lists %r twice" % spec.name)
        table[spec.name] = spec
    return table
