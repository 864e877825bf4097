"""engines/common.py's update_pairs and is_update_pair: function()'s updates as (variable, value)
pairs on the engines whose updates are pairs (Theano, JAX). Engine-free: a variable here is any
object the engine's test (``is_variable``) accepts, as each engine passes its own."""

import pytest

from kerasbridge.engines import common


class Variable:
    def __init__(self, name):
        self.name = name


def is_variable(x):
    return isinstance(x, Variable)


W = Variable("w")
B = Variable("b")


@pytest.mark.parametrize(
    "updates, expected",
    [
        (None, []),
        ([], []),
        ([(W, 1.0)], [(W, 1.0)]),
        ([[W, 1.0]], [(W, 1.0)]),  # a pair coming back from R as a list
        ({W: 1.0, B: 2.0}, [(W, 1.0), (B, 2.0)]),
        ([(W, 1.0), [(B, 2.0), {W: 3.0}]], [(W, 1.0), (B, 2.0), (W, 3.0)]),
    ],
    ids=["none", "empty", "pair", "list-pair", "dict", "nested"],
)
def test_update_pairs(updates, expected):
    if isinstance(updates, dict):
        updates = [updates]
    assert common.update_pairs(updates, is_variable) == expected


def test_a_bare_variable_is_refused_with_what_to_pass_instead():
    with pytest.raises(TypeError) as raised:
        common.update_pairs([W], is_variable)
    assert str(raised.value).startswith(
        "function(): each update must be a (variable, new_value) pair; got the variable w itself:"
    )
    assert "Pass (variable, new_value)" in str(raised.value)


def test_anything_else_is_refused_naming_what_was_given():
    with pytest.raises(TypeError) as raised:
        common.update_pairs([3.0], is_variable)
    assert str(raised.value) == (
        "function(): each update must be a (variable, new value) pair as made by K.update(), "
        "K.update_add() or K.update_sub(); got 3.0."
    )


@pytest.mark.parametrize(
    "item, expected",
    [((W, 1.0), True), ([W, 1.0], True), ((W, B), False), ((1.0, W), False), ((W,), False)],
    ids=["tuple", "list", "two-variables", "value-first", "one-element"],
)
def test_is_update_pair(item, expected):
    assert common.is_update_pair(item, is_variable) is expected
