"""The run cache: replay a check whose inputs have not changed, without linting again.

A pre-commit hook runs on every commit, and most commits do not touch the
process repository. An entry in ``.itsmlint_cache/`` is keyed by everything
that can change a run's output before any file is read: the exact command
line, the working folder, the date, the environment variables that choose
formats and colours, whether standard output is a terminal, the itsmlint
version and its installed files, and the installed packages (plugins). The
entry then lists what the run read, each with a content hash: the
configuration files, the custom rule folders, the baseline and every linted
file (found again by walking the tree with the same parameters, so a new or
deleted file is noticed). Only when all of it matches is the recorded output
replayed, byte for byte, with the same exit code.

Standard library only, and nothing from itsmlint but the file discovery: a
replay must cost about as much as starting Python.

Entries are written to a temporary file and renamed, so concurrent runs
never read half an entry; the worst a race does is one extra lint. A cache
that cannot be read or written is silently not used: it can make a run
faster, never make one fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from itsmlint import __version__
from itsmlint.files import compile_globs, discover, find_config, write_atomically

CACHE_DIR = ".itsmlint_cache"
#: Environment variables that change what a check prints.
_ENVIRONMENT = ("GITHUB_ACTIONS", "NO_COLOR", "TERM", "ITSMLINT_CACHE_DIR")
_KEEP = 64  # entries kept; older ones are removed
_FORMAT = 1


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path | str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return _digest(handle.read())
    except OSError:
        return None


def _installation() -> list[Any]:
    """What identifies this itsmlint and its plugins: versions, and the stamp of every installed file.

    A new release, an edited rule in a development checkout or a package
    installed beside (a plugin) all change it.
    """
    package = Path(__file__).resolve().parent
    stamps: list[Any] = [__version__, sys.version, sys.executable]
    roots = [package, package.parent / "rules", package.parent / "policies"]
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".py", ".yaml", ".json", ".md")):
                    info = os.stat(os.path.join(dirpath, name))
                    stamps.append([os.path.relpath(os.path.join(dirpath, name), root), info.st_size,
                                   info.st_mtime_ns])
    # Installing or removing a package (a plugin among them) changes its
    # site folder's stamp; other sys.path entries (the working folder with
    # ``-m``) change for unrelated reasons, this cache's own folder included.
    for entry in sys.path:
        if not entry.endswith(("site-packages", "dist-packages")):
            continue
        try:
            stamps.append([entry, os.stat(entry).st_mtime_ns])
        except OSError:
            stamps.append([entry, None])
    return stamps


def cache_dir() -> Path:
    return Path(os.environ.get("ITSMLINT_CACHE_DIR") or CACHE_DIR)


def key(argv: Sequence[str], today: dt.date | None = None) -> str:
    """The entry name of a command line run here, now."""
    parts = {
        "format": _FORMAT,
        "argv": list(argv),
        "cwd": os.getcwd(),
        "today": (today or dt.date.today()).isoformat(),
        "env": {name: os.environ.get(name) for name in _ENVIRONMENT},
        "tty": [sys.stdout.isatty(), sys.stderr.isatty()],
        "installation": _installation(),
    }
    return _digest(json.dumps(parts, sort_keys=True).encode())


class Walk:
    """How the run found its files, to find them again."""

    # Plain classes rather than dataclasses: importing dataclasses (and
    # inspect with it) would be a fifth of a replay's time.
    def __init__(self, paths: list[str], exclude: list[str], exclude_base: str | None, skip: list[str]) -> None:
        self.paths, self.exclude, self.exclude_base, self.skip = paths, exclude, exclude_base, skip

    def files(self) -> list[Path]:
        return discover([Path(p) for p in self.paths], Path.cwd(), compile_globs(self.exclude),
                        Path(self.exclude_base) if self.exclude_base else None, [Path(p) for p in self.skip])


class Entry:
    """One recorded run: what it read, and what it printed and wrote.

    ``inputs`` maps every file read (``doc:`` documents, ``dep:``
    configuration, rules and baseline) to its content digest.
    """

    def __init__(self, config: str | None, start: str, walk: Walk, inputs: dict[str, str | None] | None = None,
                 stdout: str = "", stderr: str = "", writes: list[tuple[str, str]] | None = None,
                 code: int = 0) -> None:
        self.config, self.start, self.walk = config, start, walk
        self.inputs = inputs if inputs is not None else {}
        self.stdout, self.stderr, self.code = stdout, stderr, code
        self.writes = writes if writes is not None else []

    def to_json(self) -> str:
        return json.dumps({"format": _FORMAT, "config": self.config, "start": self.start,
                           "walk": self.walk.__dict__, "inputs": self.inputs, "stdout": self.stdout,
                           "stderr": self.stderr, "writes": self.writes, "code": self.code})

    @classmethod
    def from_json(cls, text: str) -> Entry:
        data = json.loads(text)
        if data.get("format") != _FORMAT:
            raise ValueError("another cache format")
        return cls(data["config"], data["start"], Walk(**data["walk"]), data["inputs"], data["stdout"],
                   data["stderr"], [(p, t) for p, t in data["writes"]], int(data["code"]))

    def still_valid(self) -> bool:
        """Whether every input is as it was: same config found, same files, same bytes."""
        found = find_config(Path(self.start))
        if (str(found) if found else None) != self.config:
            return False
        documents = {str(p) for p in self.walk.files()}
        recorded_documents = {p for p in self.inputs if p.startswith("doc:")}
        if {f"doc:{p}" for p in documents} != recorded_documents:
            return False
        return all(file_digest(name.partition(":")[2]) == digest for name, digest in self.inputs.items())


class Recorder:
    """Collects what a run reads and emits, to store it as an entry when the run ends."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.entry: Entry | None = None
        self.failed = False

    def inputs(self, config: Path | None, start: Path, walk: Walk, extra: Sequence[Path]) -> None:
        """Note what the run is about to read; hashed now, before it is linted."""
        entry = Entry(str(config) if config else None, str(start), walk)
        for path in walk.files():
            entry.inputs[f"doc:{path}"] = file_digest(path)
        for path in extra:
            if path.is_dir():
                for dirpath, dirnames, filenames in os.walk(path):
                    dirnames.sort()
                    for name in sorted(filenames):
                        full = os.path.join(dirpath, name)
                        entry.inputs[f"dep:{full}"] = file_digest(full)
            else:
                entry.inputs[f"dep:{path}"] = file_digest(path)
        self.entry = entry

    def store(self, stdout: str, stderr: str, writes: Sequence[tuple[Path, str]], code: int) -> None:
        if self.entry is None or self.failed:
            return
        self.entry.stdout, self.entry.stderr, self.entry.code = stdout, stderr, code
        self.entry.writes = [(str(p), text) for p, text in writes]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Written by itsmlint: its run cache, never to be committed.\n*\n",
                                  encoding="utf-8")
            write_atomically(self.folder / f"{self.name}.json", self.entry.to_json())
            _prune(self.folder)
        except OSError:
            pass  # a cache that cannot be written is simply not used


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[_KEEP:]:
        old.unlink(missing_ok=True)


def lookup(name: str, folder: Path) -> Entry | None:
    """The recorded run of this name, if every one of its inputs is unchanged."""
    try:
        entry = Entry.from_json((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return entry if entry.still_valid() else None


RECORDING: Recorder | None = None
"""Set by :mod:`itsmlint.entry` when a check missed the cache; the check hands it what it read and emitted."""
