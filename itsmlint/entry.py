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
    """The console script; with ``argv`` given (tests, embedding) it returns or raises as usual."""
    if argv is not None:
        _main(list(argv))
        return
    try:
        _main(sys.argv[1:])
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    # A large run leaves millions of objects behind; tearing them down one by
    # one at exit costs a fifth of the run and frees nothing the system would
    # not. Every file was written and closed already: flush and leave.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = code or 1
    os._exit(code)


def _main(args: list[str]) -> None:
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
