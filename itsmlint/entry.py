"""The ``itsmlint`` command: replay an unchanged check from the cache, else run the full CLI.

Kept apart from :mod:`itsmlint.cli` so that a cache hit imports neither
click nor the YAML parser nor the rules (``python -X importtime`` shows what
a replay loads).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

_NO_CACHE = ("--no-cache", "--help", "-h", "--version")


def cacheable(argv: Sequence[str]) -> bool:
    return (bool(argv) and argv[0] == "check" and not any(a in _NO_CACHE for a in argv)
            and not os.environ.get("ITSMLINT_NO_CACHE"))


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if cacheable(args):
        from itsmlint import cache
        from itsmlint.files import write_atomically

        name, folder = cache.key(args), cache.cache_dir()
        entry = cache.lookup(name, folder)
        if entry is not None:
            sys.stdout.write(entry.stdout)
            sys.stdout.flush()
            sys.stderr.write(entry.stderr)
            for path, text in entry.writes:
                try:
                    write_atomically(Path(path), text)
                except OSError as exc:
                    sys.stderr.write(f"itsmlint: error: {path}: cannot write: {exc.strerror or exc}\n")
                    sys.exit(2)
            sys.exit(entry.code)
        cache.RECORDING = cache.Recorder(name, folder)
    from itsmlint.cli import main as cli

    cli(args=args, prog_name="itsmlint")
