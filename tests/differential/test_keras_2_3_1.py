"""Each differential case on the engine under test, compared with Keras 2.3.1's answer.

Compared: the number of outputs, each output's shape, dtype and values (tolerances per case;
shape and dtype only for random draws), ``int_shape`` of each symbolic output where Keras 2.3.1
knows it (a None there accepts any size), the printed text of print_tensor, and the Python
value of static cases (ndim, int_shape, dtype). See conftest.py for the oracle.
"""

import numpy as np
import pytest

from . import harness
from .cases import CASES
from .conftest import ANSWERED_BY


def _answer(reference, case):
    backend, record, outputs, agreement = reference.answer(case.id)
    if backend is None:
        pytest.skip("Keras 2.3.1 cannot run this case (%s)" % "; ".join(record))
    ANSWERED_BY[case.id] = agreement
    return record, outputs


def _printed_by_oracle(text):
    # Theano's Print op writes "<message> __str__ = <value>" (its attribute name and "="):
    # what Keras 2.3.1 prints through it is the message, a space and NumPy's format.
    return text.replace(" __str__ =", "")


def _check_int_shape(expected, received, index):
    if expected is None:
        return  # Keras 2.3.1 does not know it: nothing to match
    assert received is not None and len(received) == len(expected), (
        "int_shape of output %d: Keras 2.3.1 gives %s, kerasbridge %s"
        % (index, tuple(expected), received)
    )
    for axis, (want, got) in enumerate(zip(expected, received)):
        assert want is None or want == got, (
            "int_shape of output %d: Keras 2.3.1 gives %s, "
            "kerasbridge %s (axis %d)" % (index, tuple(expected), tuple(received), axis)
        )


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_matches_keras_2_3_1(K, reference, case):
    record, expected = _answer(reference, case)
    result = harness.run_case(K, case)
    if case.static:
        assert harness._jsonable(result["static"]) == record["static"]
        return
    outputs = result["outputs"]
    assert len(outputs) == len(expected), "Keras 2.3.1 returns %d outputs, kerasbridge %d" % (
        len(expected),
        len(outputs),
    )
    for index, (want, got) in enumerate(zip(expected, outputs)):
        assert got.shape == want.shape, "output %d: shape %s, Keras 2.3.1's %s" % (
            index,
            got.shape,
            want.shape,
        )
        assert got.dtype == want.dtype, "output %d: dtype %s, Keras 2.3.1's %s" % (
            index,
            got.dtype,
            want.dtype,
        )
        if case.compare != "shape":
            np.testing.assert_allclose(
                got, want, rtol=case.rtol, atol=case.atol, err_msg="output %d" % index
            )
        _check_int_shape(record["int_shapes"][index], result["int_shapes"][index], index)
    if case.compare == "stdout":
        assert result["stdout"] == _printed_by_oracle(record["stdout"])
