"""Run the itsmlint CLI under a Python audit hook and record what it opens, connects to or starts.

Usage: python audited_run.py EVENTS.json ARGS...  (run in a child process: an audit hook cannot be removed).
"""

from __future__ import annotations

import json
import sys
from typing import Any

events: list[list[str]] = []
WATCHED = (
    "socket.",
    "subprocess.",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "ctypes.",
    "urllib.",
    "http.",
    "ftplib.",
    "smtplib.",
    "webbrowser.",
    "os.startfile",
    "pty.",
)


def hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        path = args[0].decode() if isinstance(args[0], bytes) else args[0]
        events.append(["open", path, str(args[1])])
    elif event in ("os.scandir", "os.listdir") and args:
        events.append([event, str(args[0])])
    elif event.startswith(WATCHED):
        events.append([event, repr(args)[:200]])


def main() -> int:
    out, args = sys.argv[1], sys.argv[2:]
    sys.addaudithook(hook)
    from itsmlint.cli import main as cli

    code = 0
    try:
        cli(args, prog_name="itsmlint")
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        recorded = list(events)
        with open(out, "w", encoding="utf-8") as handle:
            json.dump({"code": code, "events": recorded}, handle)
    return code


if __name__ == "__main__":
    sys.exit(main())
