#!/usr/bin/env python3
"""Time the activity-graph rules on one very large process.

Writes a Process of N activities (default 2,000): a main line with side
branches that join again, a rework loop every 50 activities, a long run of
consecutive approvals, waits, and handoffs between four teams. It then
times, as a whole process, ``itsmlint check`` with only the graph rules
(RIG, RACI004) selected, and prints what they found, so the run is shown to
do the work and not to skip it.

    python benchmarks/graph_bench.py
    python benchmarks/graph_bench.py --activities 500 2000 8000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

TEAMS = ("desk", "network", "apps", "vendor")


def cast() -> str:
    docs = []
    for t in TEAMS:
        docs.append(f"kind: Team\nmetadata: {{name: {t}}}\nspec: {{type: internal}}\n")
        docs.append(f"kind: Person\nmetadata: {{name: {t}-lead}}\nspec: {{memberOf: [team:{t}]}}\n")
        docs.append(f"kind: Role\nmetadata: {{name: {t}-agent}}\nspec: {{competencies: [work]}}\n")
        docs.append(
            f"kind: RoleAssignment\nmetadata: {{name: {t}-agents}}\n"
            f"spec: {{role: role:{t}-agent, assignees: [person:{t}-lead]}}\n"
        )
    return "".join(f"apiVersion: itsmlint/v1\n{d}---\n" for d in docs)


def process(n: int) -> str:
    """A process of ``n`` activities exercising every part of the graph."""
    acts: list[dict[str, str | list[str]]] = []
    chain = range(n // 2, n // 2 + 12)  # twelve approvals in a row
    for i in range(n):
        team = TEAMS[(i // 10) % len(TEAMS)]
        act: dict[str, str | list[str]] = {
            "id": f"a{i}",
            "raci": f"{{responsible: [role:{team}-agent], accountable: role:{team}-agent}}",
            "inputs": [f"o{i - 1}"] if i else ["request"],
            "outputs": [f"o{i}"],
            "after": [f"a{i - 1}"] if i else [],
        }
        if i % 10 == 5 and i > 5:
            act["after"] = [*act["after"], f"a{i - 5}"]  # a side branch joining again
        if i % 50 == 20:
            act["after"] = []
            act["waitsFor"] = (
                f"[{{on: activity:a{i - 1}, timeout: PT1H, onTimeout: escalate, escalateTo: role:desk-agent}}]"
            )
        if i in chain:
            act["approval"] = "{approvers: [role:desk-agent], mode: any}"
        acts.append(act)
    for i in range(49, n, 50):  # a bounded rework loop: a{i-2} runs again after a{i-1}
        acts[i - 2]["after"] = [*acts[i - 2]["after"], f"a{i - 1}"]
        acts[i - 2]["loop"] = "{maxIterations: 3}"
    lines = [
        "apiVersion: itsmlint/v1",
        "kind: Process",
        "metadata: {name: huge}",
        "spec:",
        "  caseOwner: role:desk-agent",
        "  activities:",
    ]
    for act in acts:
        fields = [f"{k}: [{', '.join(v)}]" if isinstance(v, list) else f"{k}: {v}" for k, v in act.items() if v != []]
        lines.append(f"    - {{{', '.join(fields)}}}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--activities", type=int, nargs="+", default=[500, 2000, 8000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--itsmlint", default=shutil.which("itsmlint") or "itsmlint")
    args = parser.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="itsmlint-graph-"))
    print(f"{'activities':>10} {'median s':>9} {'min s':>7}  findings")
    try:
        for n in args.activities:
            folder = base / f"p{n}"
            folder.mkdir()
            (folder / "cast.yaml").write_text(cast(), encoding="utf-8")
            (folder / "process.yaml").write_text(process(n), encoding="utf-8")
            command = [
                args.itsmlint,
                "check",
                str(folder),
                "--isolated",
                "--select",
                "RIG,RACI004",
                "--format",
                "json",
                "--today",
                "2026-11-23",
            ]
            timings, out = [], b""
            for _ in range(args.runs + 1):  # the first run warms the caches and is not counted
                start = time.perf_counter()
                out = subprocess.run(command, capture_output=True, check=False).stdout
                timings.append(time.perf_counter() - start)
            found = Counter(f["rule"] for f in json.loads(out)["findings"])
            shown = ", ".join(f"{rule}×{count}" for rule, count in sorted(found.items()))
            print(f"{n:>10} {statistics.median(timings[1:]):>9.3f} {min(timings[1:]):>7.3f}  {shown}")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
