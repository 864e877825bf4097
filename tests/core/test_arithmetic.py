"""engines/arithmetic.py against hand-worked values (each case's arithmetic is in its id or
comment), on ints, NumPy integers and arrays standing in for a library's symbolic sizes."""

import numpy as np
import pytest

from kerasbridge.engines import arithmetic as A
from kerasbridge.engines import common


@pytest.mark.parametrize(
    "size, window, stride, dilation, expected",
    [
        (5, 3, 2, 1, (1, 1)),  # out 3: (3-1)*2 + 3 - 5 = 2 zeros
        (4, 3, 2, 1, (0, 1)),  # out 2: (2-1)*2 + 3 - 4 = 1, the odd zero after
        (4, 2, 1, 1, (0, 1)),  # out 4: 3 + 2 - 4 = 1
        (7, 3, 1, 2, (2, 2)),  # span 5, out 7: 6 + 5 - 7 = 4
        (2, 5, 3, 1, (1, 2)),  # out 1: 0 + 5 - 2 = 3
        (6, 1, 3, 1, (0, 0)),  # out 2: 3 + 1 - 6 = -2, never negative
    ],
    ids=["5-k3-s2", "4-k3-s2", "4-k2-s1", "7-k3-d2", "2-k5-s3", "6-k1-s3"],
)
def test_same_padding(size, window, stride, dilation, expected):
    assert A.same_padding(size, window, stride, dilation) == expected


def test_same_padding_on_symbolic_sizes_takes_the_librarys_maximum():
    before, after = A.same_padding(np.array([5, 4, 6]), 3, 2, maximum=np.maximum)
    assert before.tolist() == [1, 0, 0] and after.tolist() == [1, 1, 1]  # totals 2, 1, 1


@pytest.mark.parametrize(
    "padding, expected",
    [("valid", (0, 0)), ("same", (1, 1)), ("causal", (4, 0))],
)
def test_padding_amounts(padding, expected):
    # size 5, window 3, stride 2; causal with dilation 2: span 5, so 4 zeros before
    dilation = 2 if padding == "causal" else 1
    assert A.padding_amounts(padding, 5, 3, 2, dilation) == expected


def test_padding_amounts_refuses_an_unknown_padding():
    with pytest.raises(ValueError, match='padding must be one of "valid", "same", "causal"'):
        A.padding_amounts("full", 5, 3)


@pytest.mark.parametrize(
    "padding, size, window, stride, dilation, expected",
    [
        ("valid", 5, 3, 2, 1, 2),  # (5 - 3) // 2 + 1
        ("same", 5, 3, 2, 1, 3),  # ceil(5 / 2)
        ("causal", 5, 3, 1, 1, 5),
        ("valid", 2, 3, 1, 1, 0),  # the window does not fit: no output, never negative
        ("valid", 7, 3, 1, 2, 3),  # span 5: 7 - 5 + 1
        ("same", None, 3, 2, 1, None),
        ("valid", np.int64(9), 2, 2, 1, 4),
    ],
    ids=["valid", "same", "causal", "too-small", "dilated", "unknown", "numpy-int"],
)
def test_output_size(padding, size, window, stride, dilation, expected):
    assert A.output_size(padding, size, window, stride, dilation) == expected


def test_output_size_of_a_symbolic_size():
    assert A.output_size("valid", np.array([5, 9]), 3, 2).tolist() == [2, 4]
    assert A.output_size("same", np.array([5, 9]), 3, 2).tolist() == [3, 5]


@pytest.mark.parametrize(
    "padding, size, window, stride, expected",
    [
        ("same", 3, 3, 2, 6),  # 3 * 2
        ("valid", 3, 3, 2, 7),  # 3 * 2 + (3 - 2)
        ("valid", 3, 1, 2, 6),  # window under the stride: nothing added
        ("valid", None, 3, 2, None),
    ],
)
def test_transposed_output_size(padding, size, window, stride, expected):
    assert A.transposed_output_size(padding, size, window, stride) == expected


def test_a_transposed_convolution_inverts_the_sizes_of_its_convolution():
    for padding in ("valid", "same"):
        for size in range(1, 9):
            for window in (1, 2, 3):
                for stride in (1, 2, 3):
                    out = A.output_size(padding, size, window, stride)
                    if out == 0:
                        continue
                    back = A.transposed_output_size(padding, out, window, stride)
                    assert A.output_size(padding, back, window, stride) == out


@pytest.mark.parametrize(
    "value, count, expected",
    [(2, 3, (2, 2, 2)), (np.int64(2), 2, (2, 2)), ([1, 2], 2, (1, 2)), ((np.int32(3),), 1, (3,))],
    ids=["int", "numpy-int", "list", "numpy-elements"],
)
def test_int_tuple(value, count, expected):
    result = A.int_tuple(value, count)
    assert result == expected and all(type(element) is int for element in result)


def test_int_tuple_of_the_wrong_length_names_the_function_and_argument():
    with pytest.raises(ValueError) as raised:
        A.int_tuple([1, 2, 3], 2, "conv2d", "strides")
    assert str(raised.value) == "conv2d(): strides must be one integer or 2 of them, got [1, 2, 3]."


def test_name_scopes_nest_and_close():
    scopes = A.NameScopes()
    assert scopes.prefixed("x") == "x"
    with scopes.scope("outer") as outer:
        assert outer == "outer"
        with scopes.scope(2) as inner:
            assert inner == "outer/2"
            assert scopes.prefixed("x") == "outer/2/x"
        assert scopes.names == ("outer",)
    assert scopes.names == ()


def test_a_name_scope_closes_when_its_block_raises():
    scopes = A.NameScopes()
    with pytest.raises(KeyError):
        with scopes.scope("block"):
            raise KeyError("inside")
    assert scopes.prefixed("x") == "x"


@pytest.fixture
def fresh_uids():
    common.reset_uids()
    yield
    common.reset_uids()


def test_name_for_numbers_default_names_per_prefix(fresh_uids):
    scopes = A.NameScopes()
    names = [scopes.name_for(None, prefix) for prefix in ("variable", "variable", "placeholder")]
    assert names == ["variable_1", "variable_2", "placeholder_1"]


def test_name_for_puts_given_and_default_names_under_the_open_scopes(fresh_uids):
    scopes = A.NameScopes()
    with scopes.scope("outer"), scopes.scope("inner"):
        assert scopes.name_for("w", "variable") == "outer/inner/w"
        assert scopes.name_for(None, "variable") == "outer/inner/variable_1"
    assert scopes.name_for("w", "variable") == "w"
    assert common.get_uid("variable") == 2  # a given name takes no number
