"""R values reaching the guard through rpy2, inside this Python process (R embedded).

These checks never load reticulate: reticulate 1.28 inside rpy2 aborts the process. R code
builds the values, as an R user's code would, and the guard answers as it does for Python values:
integer vectors pass, doubles are refused with the very message a Python float gets.
"""

import pytest

from kerasbridge.errors import IntegerTypeError
from kerasbridge.guard import check_argument

pytestmark = pytest.mark.r

robjects = pytest.importorskip("rpy2.robjects")
vectors = pytest.importorskip("rpy2.robjects.vectors")


def refusal(function, parameter, value):
    with pytest.raises(IntegerTypeError) as caught:
        check_argument(function, parameter, value)
    return str(caught.value)


@pytest.mark.parametrize(
    "code, expected",
    [
        ("c(2L, 4L, 5L)", (2, 4, 5)),
        ("1:3", (1, 2, 3)),
        ("list(2L, 4L, 5L)", (2, 4, 5)),
        ("list(NULL, 4L, 5L)", (None, 4, 5)),
    ],
    ids=["integer-vector", "range", "list", "list-with-NULL"],
)
def test_integer_shapes_from_r_are_accepted(code, expected):
    assert check_argument("placeholder", "shape", robjects.r(code)) == expected


def test_int_vector_is_accepted_as_a_scalar_and_as_a_shape():
    assert check_argument("placeholder", "ndim", vectors.IntVector([3])) == 3
    assert check_argument("placeholder", "shape", vectors.IntVector([2, 4, 5])) == (2, 4, 5)


def test_float_vector_is_refused_with_the_python_float_message():
    from_r = refusal("placeholder", "shape", vectors.FloatVector([2, 4, 5]))
    from_python = refusal("placeholder", "shape", [2.0, 4, 5])
    assert (
        from_r
        == from_python
        == (
            "placeholder(): shape[0] must be a non-negative integer, got 2.0 (float). "
            "From R, write 2L."
        )
    )
    assert refusal("placeholder", "ndim", vectors.FloatVector([3])) == refusal(
        "placeholder", "ndim", 3.0
    )


@pytest.mark.parametrize(
    "code, parameter, expected",
    [
        (
            "c(2, 4, 5)",
            "shape",
            "placeholder(): shape[0] must be a non-negative integer, got 2.0 (float). From R, write 2L.",
        ),
        (
            "list(NULL, 4, 5L)",
            "shape",
            "placeholder(): shape[1] must be a non-negative integer, got 4.0 (float). From R, write 4L.",
        ),
        (
            "3",
            "ndim",
            "placeholder(): ndim must be a non-negative integer, got 3.0 (float). From R, write 3L.",
        ),
        (
            "2.5",
            "ndim",
            "placeholder(): ndim must be a non-negative integer, got 2.5 (float). From R, write a whole "
            "number with the L suffix, such as 2L.",
        ),
        (
            "TRUE",
            "ndim",
            "placeholder(): ndim must be a non-negative integer, got True (bool). From R, write 1L.",
        ),
        (
            "NA_integer_",
            "ndim",
            "placeholder(): ndim must be a non-negative integer, got NA (R's NA_integer_ arrives as "
            "-2147483648). Give a whole number such as 2L.",
        ),
        (
            "c(NA, 4L)",
            "shape",
            "placeholder(): shape[0] must be a non-negative integer, got NA (R's NA_integer_ arrives as "
            "-2147483648). Give a whole number such as 2L.",
        ),
    ],
    ids=[
        "double-vector",
        "double-in-list",
        "double-scalar",
        "fraction",
        "logical",
        "NA",
        "NA-in-vector",
    ],
)
def test_r_values_that_are_not_integers_are_refused(code, parameter, expected):
    assert refusal("placeholder", parameter, robjects.r(code)) == expected


def test_r_null_is_none():
    null = robjects.r("NULL")
    assert check_argument("placeholder", "ndim", null) is None
    assert check_argument("placeholder", "shape", null) is None
    assert (
        refusal("repeat_elements", "rep", null)
        == refusal("repeat_elements", "rep", None)
        == ("repeat_elements(): rep must be a non-negative integer, got None.")
    )
