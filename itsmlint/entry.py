"""The ``itsmlint`` command: run the CLI, then leave without tearing the run down object by object."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """The console script; with ``argv`` given (tests, embedding) it returns or raises as usual."""
    from itsmlint.cli import main as cli

    if argv is not None:
        cli(args=list(argv), prog_name="itsmlint")
        return
    try:
        cli(args=sys.argv[1:], prog_name="itsmlint")
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
