"""Discovery benchmark: kerasbridge's scan (cold and warm) against reticulate 1.28's own
discovery, over the same 60 environments, side by side in one run.

Both see the same world: HOME is an empty folder, WORKON_HOME holds the 60 environments
(bench/discovery_envs.py), PATH is /usr/bin:/bin (so both also find /usr/bin/python3), no
pyenv and no conda. None of the environments has numpy, so reticulate's
``py_discover_config()`` probes every candidate, as kerasbridge does.

Wall time is what a user waits; CPU time (user + system of the child processes) is less
sensitive to other work on a shared machine. Both are medians over the repeats.

Usage: .venv/bin/python bench/discovery.py [--repeats N] [--write]
  --write  records the table in bench/results/discovery.md
"""

import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "bridge"))
sys.path.insert(0, HERE)

import discovery_envs  # noqa: E402

from kerasbridge.discovery import discover  # noqa: E402

BUILD = os.path.join(ROOT, ".cache", "bench-discovery")
RESULTS = os.path.join(HERE, "results", "discovery.md")
RETICULATE = "invisible(reticulate::py_discover_config())"
R_BASELINE = 'invisible(loadNamespace("reticulate"))'
R_COUNT = (
    'n <- 0; suppressMessages(trace("python_config_impl", tracer = quote(n <<- n + 1), '
    'where = asNamespace("reticulate"), print = FALSE)); '
    "invisible(reticulate::py_discover_config()); cat(n)"
)


METHOD = """## Method

- The same world for both: HOME an empty folder, WORKON_HOME the 60 environments built by
  `bench/discovery_envs.py` (venvs from pyenv's CPython 3.6 to 3.11 with stand-in packages
  that have dist-info metadata), PATH `/usr/bin:/bin`, no pyenv, no conda,
  and the current folder an empty one (in the repository, reticulate would look for Poetry).
- Not 3.12 or 3.13: reticulate 1.28's probe script compares `sys.version < '3.4'` as strings,
  so on 3.12+ it imports `imp` (removed in 3.12), exits with status 1, and
  `py_discover_config()` stops with "Error 1 occurred running .../python". kerasbridge scans
  those (tests/discovery runs its probe on 2.7 to 3.13).
- No conda-layout environments: for a folder with `conda-meta`, reticulate 1.28 looks for the
  conda binary that manages it (`get_python_conda_info`) and, with none installed, stops with
  "invalid 'path' argument". kerasbridge reads conda-meta as a marker only (tests/discovery has
  a conda-layout environment).
- No environment has numpy, so reticulate's `py_discover_config()` probes every candidate (it
  stops at the first with numpy), as kerasbridge always does; the probe count above is
  reticulate's own, counted by tracing its `python_config_impl`.
- kerasbridge probes in parallel threads (each a subprocess with a timeout); reticulate probes
  one after another. "cold" empties kerasbridge's cache before each run.
- CPU is user + system time of the child processes; wall time depends on what else runs on the
  shared cores (see the load average).
"""


def environment(home: str, cache: str) -> Dict[str, str]:
    return {
        "HOME": home,
        "WORKON_HOME": os.path.join(BUILD, "workon"),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "KERASBRIDGE_CACHE_DIR": cache,
        "PYTHONPATH": os.path.join(ROOT, "bridge"),
    }


def timed(command: List[str], environ: Dict[str, str]) -> Tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its children), run from the empty HOME."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
        cwd=environ["HOME"],
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def repeat(
    runs: int, command: List[str], environ: Dict[str, str], prepare=None
) -> Tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        wall, cpu = timed(command, environ)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def in_process(runs: int, environ: Dict[str, str], refresh: bool) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        discover(environ=environ, refresh=refresh)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    arguments = parser.parse_args()
    envs = discovery_envs.build(BUILD)
    work = tempfile.mkdtemp(prefix="kerasbridge-bench-")
    home, cache = os.path.join(work, "home"), os.path.join(work, "cache")
    os.makedirs(home)
    environ = environment(home, cache)
    try:
        rows, facts = measure(arguments.repeats, environ, cache, len(envs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = render(rows, facts)
    print(table)
    if arguments.write:
        record(table)


def measure(runs: int, environ: Dict[str, str], cache: str, count: int):
    python = sys.executable
    cli = [python, "-m", "kerasbridge", "envs", "--json"]

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    result = discover(environ=environ, refresh=True)
    from_workon = sum(1 for c in result.candidates if c.source == "WORKON_HOME")
    assert from_workon == count, "kerasbridge saw %d of the %d environments" % (from_workon, count)
    rscript = shutil.which("Rscript")
    facts = {
        "candidates": len(result.candidates),
        "from_workon": from_workon,
        "reticulate_probes": None,
        "cores": os.cpu_count(),
        "load": os.getloadavg()[0],
    }
    rows = [
        ("kerasbridge cold: `python -m kerasbridge envs --json`, empty cache",)
        + repeat(runs, cli, environ, prepare=drop_cache),
        ("kerasbridge warm: `python -m kerasbridge envs --json`",)
        + repeat(max(runs, 5), cli, environ),
        (
            "kerasbridge cold: `discover(refresh=True)` in process",
            in_process(runs, environ, refresh=True),
            None,
        ),
        ("kerasbridge warm: `discover()` in process", in_process(20, environ, refresh=False), None),
        (_PYTHON_START,) + repeat(max(runs, 5), [python, "-c", "import kerasbridge"], environ),
    ]
    if rscript:
        count_run = subprocess.run(
            [rscript, "-e", R_COUNT],
            env=environ,
            check=True,
            stdout=subprocess.PIPE,
            universal_newlines=True,
            cwd=environ["HOME"],
        )
        facts["reticulate_probes"] = int(count_run.stdout.strip().split()[-1])
        rows += [
            ("reticulate 1.28: `Rscript -e 'reticulate::py_discover_config()'`",)
            + repeat(runs, [rscript, "-e", RETICULATE], environ),
            ("R start + loading reticulate (no scan)",)
            + repeat(runs, [rscript, "-e", R_BASELINE], environ),
        ]
    return rows, facts


_PYTHON_START = "Python start + `import kerasbridge` (no scan)"


def render(rows, facts) -> str:
    lines = [
        "Discovery over %d candidates (%d environments in WORKON_HOME + the system Python); "
        "reticulate probed %s times. %s cores, load average %.1f at the start."
        % (
            facts["candidates"],
            facts["from_workon"],
            facts["reticulate_probes"],
            facts["cores"],
            facts["load"],
        ),
        "",
        "| what | wall (median) | CPU (median) |",
        "|---|---:|---:|",
    ]
    for name, wall, cpu in rows:
        lines.append(
            "| %s | %s | %s |" % (name, _seconds(wall), "-" if cpu is None else _seconds(cpu))
        )
    lines += ["", _ratios(rows)]
    return "\n".join(lines)


def _ratios(rows) -> str:
    named = {row[0]: row for row in rows}
    cold = named["kerasbridge cold: `python -m kerasbridge envs --json`, empty cache"]
    warm = named["kerasbridge warm: `python -m kerasbridge envs --json`"]
    inproc = named["kerasbridge warm: `discover()` in process"]
    retic = [row for name, row in named.items() if name.startswith("reticulate")]
    baseline = named.get("R start + loading reticulate (no scan)")
    parts = [
        "- Warm scan: %s in process (target < 100 ms), %s as a command (of which Python's "
        "own start is %s)."
        % (_seconds(inproc[1]), _seconds(warm[1]), _seconds(named[_PYTHON_START][1]))
    ]
    if retic:
        parts.append(
            "- Cold, as commands: reticulate / kerasbridge = %.1fx wall, %.1fx CPU "
            "(target: kerasbridge faster)." % (retic[0][1] / cold[1], retic[0][2] / cold[2])
        )
        parts.append(
            "- reticulate's scan alone (minus R start and loading reticulate): %s wall, "
            "%s CPU, against kerasbridge's whole cold command: %s wall, %s CPU."
            % (
                _seconds(retic[0][1] - baseline[1]),
                _seconds(retic[0][2] - baseline[2]),
                _seconds(cold[1]),
                _seconds(cold[2]),
            )
        )
        parts.append(
            "- reticulate / kerasbridge warm command: %.0fx wall." % (retic[0][1] / warm[1])
        )
    return "\n".join(parts)


def _seconds(value: float) -> str:
    return "%.0f ms" % (value * 1000) if value < 1 else "%.2f s" % value


def record(table: str) -> None:
    header = [
        "# Discovery benchmark",
        "",
        "Recorded %s on %s (%s, Python %s), with `.venv/bin/python bench/discovery.py %s`."
        % (
            datetime.date.today().isoformat(),
            platform.node() or "this machine",
            platform.platform(terse=True),
            platform.python_version(),
            " ".join(sys.argv[1:]),
        ),
        "",
        "",
    ]
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as handle:
        handle.write("\n".join(header) + table + "\n\n" + METHOD)


if __name__ == "__main__":
    main()
