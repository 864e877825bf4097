"""The backend API spec: ``SPEC`` maps each function name to its FunctionSpec."""

from typing import Dict, Tuple

from ._types import INTEGER_KINDS, FunctionSpec, IntegerKind, Param, index_by_name, parse_line
from .functions import SPEC_LINES

SPEC: Dict[str, FunctionSpec] = index_by_name(
    parse_line(line) for line in SPEC_LINES.strip().splitlines()
)

NAMES: Tuple[str, ...] = tuple(SPEC)

__all__ = ["SPEC", "NAMES", "FunctionSpec", "Param", "IntegerKind", "INTEGER_KINDS"]
