"""The ``itsmlint`` command: run the CLI, then leave without tearing the run down object by object."""

from __future__ import annotations

# Nothing but modules that every interpreter has loaded before it runs a line
# of ours (not even typing): under ``python -m`` this module is imported while
# the current folder is still on sys.path (see __main__.py).
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def names_current_folder(entry: str, cwd: str | None = None) -> bool:
    """Whether a ``sys.path`` entry (or a distribution's location) is the current folder or relative to it.

    Python resolves such entries against whatever folder it runs in, and
    itsmlint usually runs in the checkout it lints: ``python -m`` and ``-c``
    add that folder, ``PYTHONPATH=.`` or an empty ``PYTHONPATH`` entry too.
    """
    if not entry or not os.path.isabs(entry):
        return True
    here = os.path.realpath(cwd if cwd is not None else os.getcwd())
    return os.path.realpath(entry) == here


def without_current_folder(path: list[str]) -> list[str]:
    """Drop the entries that name the current folder from ``path`` (``sys.path``), in place; return them.

    Only code installed elsewhere is then imported: not a ``difflib.py`` nor
    an ``evil-1.0.dist-info`` that the linted repository holds. (``python -P``
    does the same from Python 3.11 on, for ``-m`` and ``-c``.)
    """
    cwd = os.getcwd()
    dropped = [entry for entry in path if names_current_folder(entry, cwd)]
    path[:] = [entry for entry in path if not names_current_folder(entry, cwd)]
    return dropped


def main(argv: Sequence[str] | None = None) -> None:
    """The console script; with ``argv`` given (tests, embedding) it returns or raises as usual.

    Either way the current folder is off ``sys.path`` while the command runs
    (see :func:`without_current_folder`); an embedding program gets its
    entries back afterwards.
    """
    saved = list(sys.path)
    without_current_folder(sys.path)
    if argv is not None:
        try:
            from itsmlint.cli import main as cli

            cli(args=list(argv), prog_name="itsmlint")
        finally:
            sys.path[:] = saved + [entry for entry in sys.path if entry not in saved]
        return
    from itsmlint.cli import main as cli

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
