"""kerasbridge.rsupport (what the R package asks about tensors) imports no engine by itself;
its behaviour on every engine is tested from R (Rpkg/tests/testthat/test-tensor-*.R)."""

import json

from kerasbridge.engines import probe_packages

from ..conftest import clean_environ, run_python

# Every engine library in the registry, and Keras itself.
ENGINES = [name for name in probe_packages() if name != "kerasbridge"] + ["keras"]


def test_import_rsupport_imports_no_engine(home):
    result = run_python(
        "import json, sys, kerasbridge.rsupport; "
        "print(json.dumps(sorted(set(m.split('.')[0] for m in sys.modules))))",
        clean_environ(home),
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert loaded.isdisjoint(ENGINES), loaded & set(ENGINES)
    assert "kerasbridge" in loaded
