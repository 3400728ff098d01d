#!/usr/bin/env python3
"""Time itsmlint against the parse floor and peer tools on the same generated files.

For each scenario and size the script writes a repository with
``generate.py`` (kept in ``--work`` and reused), then times, as whole
processes, several runs of each command:

* ``floor``: every file loaded with PyYAML's CSafeLoader and nothing else;
* ``itsmlint``: ``itsmlint check --no-cache``, one process, the full catalog;
* ``itsmlint --jobs 2``: the same, sharing the work with a second process;
* ``itsmlint, 1 file edited``: ``itsmlint check`` with a warm per-file cache,
  after one document was edited (a different one before every run), as a
  pre-commit hook or an editor runs it;
* ``yamllint`` (default rules) and ``check-jsonschema`` (the kind schemas
  combined into one), when installed, for the realistic scenario.

Scenarios (see ``generate.py``): ``tidy`` (richer documents, every reference
resolves, no finding), ``adoption`` (a first run: a schema error and 25
unresolved references in every document) and ``realistic`` (one unit in ten
with a defect). It prints the median and fastest wall time, the multiple of
the floor and the peak memory (the largest resident set of the command and its
children, from the operating system's accounting), then the pre-commit check:
one file edited in a 200-document repository, against
``python -c "import yaml"``. Only the standard library, the installed tools
and the repository's own scripts are used. itsmlint's modules are compiled to
bytecode first, as an installed package's are.

    pip install -e '.[bench]'
    python benchmarks/compare.py                                   # tidy and adoption, 1k and 10k
    python benchmarks/compare.py --scenarios tidy --sizes 10000 100000 --runs 3
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the sibling script)

TODAY = "2026-11-23"


@dataclass
class Timing:
    name: str
    walls: list[float]
    peak_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def run_once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run of ``command``.

    The child is started with posix_spawn, not fork: a forked child inherits
    this script's resident size as the starting point of its own peak.
    """
    program = shutil.which(command[0]) or command[0]
    null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(program, command, env or os.environ, file_actions=null)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1 << 10)
    return wall, peak


def measure(
    name: str,
    command: list[str],
    runs: int,
    warmup: int = 1,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
) -> Timing:
    """Time ``runs`` runs after ``warmup`` untimed ones; ``before()`` runs (untimed) before each."""
    walls, peaks = [], []
    for n in range(warmup + runs):
        if before is not None:
            before()
        wall, peak = run_once(command, env)
        if n >= warmup:
            walls.append(wall)
            peaks.append(peak)
    return Timing(name, walls, max(peaks))


class Editor:
    """Edits one document before each run, a different one each time, so exactly one file has new bytes."""

    def __init__(self, folder: Path) -> None:
        self.files = sorted(folder.rglob("*.yaml"))
        self.turn = 0

    def __call__(self) -> None:
        path = self.files[self.turn % len(self.files)]
        self.turn += 1
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"# edited {self.turn}\n")


def combined_schema(out: Path) -> Path:
    """One JSON Schema for every kind: each kind's own schema, chosen by ``kind``."""
    kinds = ROOT / "itsmlint" / "schemas" / "kinds"
    defs, branches = {}, []
    for file in sorted(kinds.glob("*.schema.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        kind = schema["properties"]["kind"]["const"]
        defs[kind] = schema
        branches.append(
            {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": {"$ref": schema["$id"]}}
        )
    path = out / "itsmlint-all-kinds.schema.json"
    path.write_text(
        json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs, "allOf": branches}),
        encoding="utf-8",
    )
    return path


def rows(folder: Path, work: Path, schema: Path, jobs: int, runs: int, peers: bool) -> list[Timing]:
    itsmlint = shutil.which("itsmlint") or "itsmlint"
    check = [itsmlint, "check", str(folder), "--today", TODAY, "--output", os.devnull]
    cache = {**os.environ, "ITSMLINT_CACHE_DIR": str(work / "cache")}
    out = [
        measure("floor (CSafeLoader)", [sys.executable, str(HERE / "floor.py"), str(folder)], runs),
        measure("itsmlint", [*check, "--no-cache"], runs),
        measure(f"itsmlint --jobs {jobs}", [*check, "--no-cache", "--jobs", str(jobs)], runs),
        measure("itsmlint, 1 file edited", check, runs, env=cache, before=Editor(folder)),
    ]
    if peers and shutil.which("yamllint"):
        out.append(
            measure("yamllint", [shutil.which("yamllint") or "yamllint", "-f", "parsable", str(folder)], 1, warmup=0)
        )
    if peers and shutil.which("check-jsonschema"):
        files = sorted(str(p) for p in folder.rglob("*.yaml"))
        listing = folder.parent / f"{folder.name}.files"
        listing.write_text("\0".join(files), encoding="utf-8")
        out.append(
            measure(
                "check-jsonschema",
                ["sh", "-c", f"xargs -0 check-jsonschema --schemafile '{schema}' < '{listing}'"],
                1,
                warmup=0,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--scenarios",
        nargs="+",
        choices=generate.SCENARIOS,
        default=["tidy", "adoption"],
        help="kinds of repository (see generate.py)",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="documents per repository")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per command (the median is shown)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel run")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also time yamllint and check-jsonschema (slow: minutes at 10,000 documents)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "itsmlint-bench",
        help="where the generated repositories are kept between runs",
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    for package in ("itsmlint", "rules", "policies"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    schema = combined_schema(args.work)
    print(
        f"# {platform.node() or 'machine'}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    print(
        f"{'scenario':<10} {'documents':>9}  {'command':<26} {'median s':>9} {'min s':>8} {'x floor':>8} "
        f"{'peak MiB':>9}"
    )
    medians: dict[tuple[str, int], float] = {}
    for scenario in args.scenarios:
        for size in args.sizes:
            folder = args.work / f"{scenario}-{size}"
            if not folder.exists():
                generate.write(folder, size, scenario)
            count = sum(1 for _ in folder.rglob("*.yaml"))
            shutil.rmtree(args.work / "cache", ignore_errors=True)
            timings = rows(folder, args.work, schema, args.jobs, args.runs, args.peers and scenario == "realistic")
            floor = timings[0].median
            medians[scenario, size] = timings[1].median / floor
            for t in timings:
                print(
                    f"{scenario:<10} {count:>9}  {t.name:<26} {t.median:>9.2f} {min(t.walls):>8.2f} "
                    f"{t.median / floor:>8.2f} {t.peak_mib:>9.0f}",
                    flush=True,
                )
    for scenario in args.scenarios:
        for small, large in itertools.pairwise(sorted(s for sc, s in medians if sc == scenario)):
            print(
                f"{scenario}: itsmlint at {large} documents is {medians[scenario, large]:.2f}x the floor, "
                f"at {small} {medians[scenario, small]:.2f}x"
            )
    precommit(args.work, max(args.runs, 5))
    return 0


def precommit(work: Path, runs: int) -> None:
    """One file edited in a 200-document repository, the cache warm: against starting Python and importing PyYAML."""
    folder = work / "realistic-200"
    if not folder.exists():
        generate.write(folder, 200, "realistic")
    itsmlint = shutil.which("itsmlint") or "itsmlint"
    env = {**os.environ, "ITSMLINT_CACHE_DIR": str(work / "cache-200")}
    base = measure("python -c 'import yaml'", [sys.executable, "-c", "import yaml"], runs)
    edited = measure(
        "itsmlint check, 1 file edited",
        [itsmlint, "check", str(folder), "--today", TODAY, "--output", os.devnull],
        runs,
        env=env,
        before=Editor(folder),
    )
    cold = measure(
        "itsmlint check --no-cache",
        [itsmlint, "check", str(folder), "--today", TODAY, "--output", os.devnull, "--no-cache"],
        runs,
    )
    print(
        f"pre-commit, {sum(1 for _ in folder.rglob('*.yaml'))} documents: import yaml {base.median * 1000:.0f} ms; "
        f"itsmlint after an edit {edited.median * 1000:.0f} ms ({edited.median / base.median:.2f}x), "
        f"without the cache {cold.median * 1000:.0f} ms ({cold.median / base.median:.2f}x)"
    )


if __name__ == "__main__":
    sys.exit(main())
