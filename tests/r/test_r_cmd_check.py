"""`R CMD build` then `R CMD check --no-manual` on the package: Status OK.

The check runs the testthat suite the way CRAN would (NOT_CRAN unset): the tests that start
Python skip there; test_testthat.py runs them all.
"""

import pytest

from .conftest import R, copy_package, r_environ, require_r, run

pytestmark = [pytest.mark.r, pytest.mark.slow]


def test_r_cmd_check_status_ok(tmp_path):
    require_r()
    source = copy_package(tmp_path)
    environ = r_environ(_R_CHECK_CRAN_INCOMING_REMOTE_="false", _R_CHECK_SYSTEM_CLOCK_="false")
    bundled = run(["sh", "./configure"], cwd=str(source), env=environ, timeout=120)
    assert bundled.returncode == 0, bundled.stdout
    built = run([R, "CMD", "build", source.name], cwd=str(tmp_path), env=environ, timeout=600)
    assert built.returncode == 0, built.stdout
    tarballs = sorted(tmp_path.glob("kerasbridge_*.tar.gz"))
    assert len(tarballs) == 1, built.stdout
    checked = run(
        [R, "CMD", "check", "--no-manual", tarballs[0].name],
        cwd=str(tmp_path),
        env=environ,
        timeout=1200,
    )
    assert "Status: OK" in checked.stdout, checked.stdout
    assert checked.returncode == 0, checked.stdout
