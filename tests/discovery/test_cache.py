"""The per-user cache: warm scans probe nothing; installing or removing a package invalidates
that interpreter only; a corrupted cache is ignored and rewritten atomically."""

import json
import os
import shutil
import time

import pytest

from kerasbridge.discovery import cache, discover

from .conftest import add_stand_in, by_path, make_venv, site_packages

pytestmark = [pytest.mark.discovery, pytest.mark.slow]


@pytest.fixture
def scene(world, tmp_path, cache_dir):
    """A WORKON_HOME of its own (so the test may install into it) with two venvs."""
    workon = tmp_path / "workon"
    first = make_venv(str(workon / "first"), "3.12.1", [("kerasbridge", "0.1.0")])
    second = make_venv(str(workon / "second"), "3.8.18", [("kerasbridge", "0.1.0")])
    environ = world.environ(KERASBRIDGE_CACHE_DIR=cache_dir, WORKON_HOME=str(workon))
    return environ, first, second


def test_warm_scan_probes_nothing(scene):
    environ, first, _ = scene
    cold = discover(environ=environ)
    warm = discover(environ=environ)
    assert cold.details["probed"] == len(cold.candidates)
    assert warm.details["probed"] == 0
    assert warm.details["from_cache"] == len(warm.candidates)
    assert warm.as_dict()["candidates"][0]["cached"] is True
    assert [c.as_dict()["packages"] for c in warm.candidates] == [
        c.as_dict()["packages"] for c in cold.candidates
    ]


def test_warm_scan_is_fast(scene):
    environ, _, _ = scene
    discover(environ=environ)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        discover(environ=environ)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.1


def test_installing_a_package_invalidates_that_interpreter_only(scene):
    environ, first, second = scene
    assert discover(backend="cntk", environ=environ).selected is None
    add_stand_in(os.path.dirname(os.path.dirname(first)), "tensorflow", "2.21.0")
    result = discover(environ=environ)
    assert result.details["probed"] == 1
    assert by_path(result)[first].packages["tensorflow"] == "2.21.0"
    assert result.selected == first


def test_removing_a_package_invalidates(scene):
    environ, first, _ = scene
    assert by_path(discover(environ=environ))[first].packages["kerasbridge"] == "0.1.0"
    site = site_packages(os.path.dirname(os.path.dirname(first)))
    shutil.rmtree(os.path.join(site, "kerasbridge"))
    shutil.rmtree(os.path.join(site, "kerasbridge-0.1.0.dist-info"))
    assert by_path(discover(environ=environ))[first].packages["kerasbridge"] is None


def test_refresh_probes_everything_again(scene):
    environ, _, _ = scene
    discover(environ=environ)
    result = discover(environ=environ, refresh=True)
    assert result.details["probed"] == len(result.candidates)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b"[1, 2, 3]",
        b'{"format": 1, "probe": "old", "entries": {}}',
        b'{"format": 99}',
        b"",
    ],
    ids=["binary", "wrong-shape", "other-probe", "other-format", "empty"],
)
def test_corrupted_cache_is_ignored_and_rewritten(scene, cache_dir, content):
    environ, _, _ = scene
    os.makedirs(cache_dir)
    file = os.path.join(cache_dir, cache.FILE_NAME)
    with open(file, "wb") as handle:
        handle.write(content)
    result = discover(environ=environ)
    assert result.details["probed"] == len(result.candidates)
    with open(file) as handle:
        payload = json.load(handle)
    assert payload["format"] == cache.FORMAT and len(payload["entries"]) == len(result.candidates)
    assert os.listdir(cache_dir) == [cache.FILE_NAME]  # no temporary file left behind


def test_malformed_entries_are_dropped_others_kept(scene, cache_dir):
    environ, first, _ = scene
    discover(environ=environ)
    file = os.path.join(cache_dir, cache.FILE_NAME)
    with open(file) as handle:
        payload = json.load(handle)
    key = next(key for key, entry in payload["entries"].items() if entry["path"] == first)
    payload["entries"][key]["probe"] = {"version": "evil"}
    payload["entries"]["bogus"] = "not an entry"
    with open(file, "w") as handle:
        json.dump(payload, handle)
    result = discover(environ=environ)
    assert result.details["probed"] == 1  # only the tampered one
    assert by_path(result)[first].version == "3.12.1"


def test_unwritable_cache_still_discovers(scene, tmp_path):
    environ, first, _ = scene
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    environ = dict(environ, KERASBRIDGE_CACHE_DIR=str(blocker / "cache"))
    result = discover(environ=environ)
    assert by_path(result)[first].version == "3.12.1"
    assert result.details["cache_error"].startswith("cannot write the discovery cache")


def test_cache_location(tmp_path):
    assert cache.cache_dir({"KERASBRIDGE_CACHE_DIR": "/c"}) == "/c"
    assert cache.cache_dir({"XDG_CACHE_HOME": "/x", "HOME": "/h"}) == "/x/kerasbridge"
    assert cache.cache_dir({"XDG_CACHE_HOME": "relative", "HOME": "/h"}) == (
        "/h/.cache/kerasbridge"
    )
    assert cache.cache_dir({"HOME": "/h"}) == "/h/.cache/kerasbridge"


def test_failures_expire(tmp_path):
    store = cache.Cache(str(tmp_path))
    path = str(tmp_path / "python")
    store.store("key", path, None, "probe timed out after 10 s", cache.stamp([path]))
    assert store.lookup("key") == (None, "probe timed out after 10 s")
    assert store.lookup("key", now=time.time() + cache.FAILURE_TTL + 1) is None
