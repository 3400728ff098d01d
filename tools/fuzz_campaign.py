#!/usr/bin/env python3
"""Run the fuzz tests (tests/hostile/test_fuzz.py) with the "campaign" Hypothesis profile.

``python3 tools/fuzz_campaign.py --examples 5000 [--seed N]`` runs pytest in a
child process with HYPOTHESIS_PROFILE=campaign and ITSMLINT_FUZZ_EXAMPLES=N,
echoes its output, then prints the examples tried per test, the wall time and
pass/fail. Failing examples are kept in the system temp dir
(itsmlint-hypothesis/examples) and replayed first by the next campaign.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "hostile" / "test_fuzz.py"
_TEST = re.compile(r"::(?P<name>\w+):$")
_COUNTS = re.compile(r"(?P<passing>\d+) passing(?: examples?)?, (?P<failing>\d+) failing")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=5000, help="examples per test (default: 5000)")
    parser.add_argument("--seed", help="Hypothesis seed, to repeat a campaign (default: random)")
    args = parser.parse_args(argv)
    env = {**os.environ, "HYPOTHESIS_PROFILE": "campaign", "ITSMLINT_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", str(TESTS), "--hypothesis-show-statistics"]
    if args.seed is not None:
        command.append(f"--hypothesis-seed={args.seed}")
    start = time.monotonic()
    tried: dict[str, list[int]] = {}
    test = "?"
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            sys.stdout.write(line)
            if m := _TEST.search(line.strip()):
                test = m["name"]
            elif m := _COUNTS.search(line):  # one line per phase (reuse, generate, shrink)
                counts = tried.setdefault(test, [0, 0])
                counts[0] += int(m["passing"]) + int(m["failing"])
                counts[1] += int(m["failing"])
    elapsed = time.monotonic() - start
    print(f"\nfuzz campaign: --examples {args.examples}" + (f" --seed {args.seed}" if args.seed else ""))
    for name, (examples, failing) in tried.items():
        print(f"  {name}: {examples} examples tried, {failing} failing")
    print(f"  wall time {elapsed:.0f} s; {'PASS' if child.returncode == 0 else 'FAIL'}")
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
