#!/usr/bin/env python3
"""Time itsmlint against the parse floor and peer tools on the same generated files.

For each size the script writes a repository with ``generate.py`` (kept in
``--work`` and reused), then times, as whole processes, several runs each:

* ``floor``: every file loaded with PyYAML's CSafeLoader and nothing else;
* ``itsmlint``: ``itsmlint check`` with the full catalog, no cache;
* ``itsmlint --jobs 2``: the same, parsing in two processes;
* ``itsmlint cached``: the same command run again with nothing changed;
* ``yamllint`` (default rules) and ``check-jsonschema`` (the kind schemas
  combined into one), when installed and the size is at most ``--peers-up-to``.

It prints the median and fastest wall time, the multiple of the floor and the
peak memory (the largest resident set of the command and its children,
from the operating system's accounting), then the pre-commit check: a warm
``itsmlint check`` of a 200-document repository against
``python -c "import yaml"``. Only the standard library, the installed tools
and the repository's own scripts are used.

    pip install -e '.[bench]'
    python benchmarks/compare.py                         # 1k, 10k and 100k documents
    python benchmarks/compare.py --sizes 1000 10000 --runs 5
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
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


def run_once(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run of ``command``.

    The child is started with posix_spawn, not fork: a forked child inherits
    this script's resident size as the starting point of its own peak.
    """
    program = shutil.which(command[0]) or command[0]
    null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    here = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        start = time.perf_counter()
        pid = os.posix_spawn(program, command, os.environ, file_actions=null)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.chdir(here)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1 << 10)
    return wall, peak


def measure(name: str, command: list[str], runs: int, cwd: Path | None = None, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        run_once(command, cwd)
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = run_once(command, cwd)
        walls.append(wall)
        peaks.append(peak)
    return Timing(name, walls, max(peaks))


def combined_schema(out: Path) -> Path:
    """One JSON Schema for every kind: each kind's own schema, chosen by ``kind``."""
    kinds = Path(__file__).resolve().parents[1] / "itsmlint" / "schemas" / "kinds"
    defs, branches = {}, []
    for file in sorted(kinds.glob("*.schema.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        kind = schema["properties"]["kind"]["const"]
        defs[kind] = schema
        branches.append({"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                         "then": {"$ref": schema["$id"]}})
    path = out / "itsmlint-all-kinds.schema.json"
    path.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                                "$defs": defs, "allOf": branches}), encoding="utf-8")
    return path


def commands(folder: Path, schema: Path, jobs: int, peers: bool) -> list[tuple[str, list[str], bool]]:
    """(name, command, warm the cache first) for one repository."""
    itsmlint = shutil.which("itsmlint") or "itsmlint"
    check = [itsmlint, "check", str(folder), "--today", TODAY, "--output", os.devnull]
    out = [
        ("floor (CSafeLoader)", [sys.executable, str(HERE / "floor.py"), str(folder)], False),
        ("itsmlint", [*check, "--no-cache"], False),
        (f"itsmlint --jobs {jobs}", [*check, "--no-cache", "--jobs", str(jobs)], False),
        ("itsmlint cached", check, True),
    ]
    if peers and shutil.which("yamllint"):
        out.append(("yamllint", [shutil.which("yamllint") or "yamllint", "-f", "parsable", str(folder)], False))
    if peers and shutil.which("check-jsonschema"):
        files = sorted(str(p) for p in folder.rglob("*.yaml"))
        listing = folder.parent / f"{folder.name}.files"
        listing.write_text("\0".join(files), encoding="utf-8")
        out.append(("check-jsonschema", ["sh", "-c", f"xargs -0 check-jsonschema --schemafile '{schema}' "
                                                      f"< '{listing}'"], False))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="documents per repository")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per command (the median is shown)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel run")
    parser.add_argument("--peers-up-to", type=int, default=10000,
                        help="time yamllint and check-jsonschema only up to this many documents (they are slow)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "itsmlint-bench",
                        help="where the generated repositories are kept between runs")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    schema = combined_schema(args.work)
    print(f"# {platform.node() or 'machine'}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print(f"{'documents':>9}  {'command':<22} {'median s':>9} {'min s':>8} {'x floor':>8} {'peak MiB':>9}")
    itsmlint_medians: dict[int, float] = {}
    for size in args.sizes:
        folder = args.work / f"docs-{size}"
        if not folder.exists():
            generate.write(folder, size)
        count = sum(1 for _ in folder.rglob("*.yaml"))
        floor = None
        for name, command, warm in commands(folder, schema, args.jobs, size <= args.peers_up_to):
            ours = name.startswith(("floor", "itsmlint"))
            # The peers take minutes on large repositories: one run there is enough for a ratio of ten.
            runs = args.runs if ours or size < 10000 else 1
            timing = measure(name, command, runs, warmup=1 if warm or (ours and size < 100000) else 0)
            floor = floor or timing.median
            if name == "itsmlint":
                itsmlint_medians[size] = timing.median
            print(f"{count:>9}  {name:<22} {timing.median:>9.2f} {min(timing.walls):>8.2f} "
                  f"{timing.median / floor:>8.2f} {timing.peak_mib:>9.0f}", flush=True)
    sizes = sorted(itsmlint_medians)
    for small, large in itertools.pairwise(sizes):
        ratio = itsmlint_medians[large] / itsmlint_medians[small]
        print(f"itsmlint {large} / {small} documents: {ratio:.2f}x the time for {large / small:.0f}x the documents")
    precommit(args.work, args.runs)
    return 0


def precommit(work: Path, runs: int) -> None:
    """A warm run on a 200-document repository, against starting Python and importing PyYAML."""
    folder = work / "docs-200"
    if not folder.exists():
        generate.write(folder, 200)
    itsmlint = shutil.which("itsmlint") or "itsmlint"
    base = measure("python -c 'import yaml'", [sys.executable, "-c", "import yaml"], max(runs, 5))
    warm = measure("itsmlint check (cached)", [itsmlint, "check", str(folder), "--today", TODAY,
                                                "--output", os.devnull], max(runs, 5))
    cold = measure("itsmlint check --no-cache", [itsmlint, "check", str(folder), "--today", TODAY,
                                                  "--output", os.devnull, "--no-cache"], max(runs, 5))
    print(f"pre-commit, {sum(1 for _ in folder.rglob('*.yaml'))} documents: import yaml {base.median * 1000:.0f} ms; "
          f"itsmlint cached {warm.median * 1000:.0f} ms ({warm.median / base.median:.2f}x), "
          f"uncached {cold.median * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
