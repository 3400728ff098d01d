"""The YAML files of a git revision, read from git's object store without checking anything out.

Used by ``check --new-since REV``: ``git ls-tree`` lists the revision's
files and one ``git cat-file --batch`` reads their bytes. Nothing is
written, the work tree and the index are left alone, and git is asked not
to run a file-system monitor. :func:`run` is also how the audit asks
``git status`` whether the work tree has changes (:mod:`itsmlint.gitstate`);
those are the only times itsmlint starts a process.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from itsmlint.files import CODEOWNERS_NAME, YAML_SUFFIXES


class GitError(Exception):
    """git is missing, the folder is not in a work tree, or the revision does not exist."""


def _git(top: Path | str, *args: str, data: bytes | None = None) -> bytes:
    command = ["git", "-c", "core.fsmonitor=false", "-C", str(top), *args]
    try:
        done = subprocess.run(command, input=data, capture_output=True, check=False, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitError(reason[-1] if reason else f"git {args[0]} failed")
    return done.stdout


def run(top: Path | str, *args: str) -> bytes:
    """The output of one git command in ``top`` (no file-system monitor); GitError when it cannot run or fails."""
    return _git(top, *args)


def work_tree_top(start: Path) -> Path:
    """The top folder of the git work tree that holds ``start``."""
    folder = start if start.is_dir() else start.parent
    return Path(_git(folder, "rev-parse", "--show-toplevel").decode("utf-8", errors="surrogateescape").strip())


def yaml_files(top: Path, revision: str, max_size: int) -> dict[str, bytes]:
    """Every ``*.yaml``/``*.yml`` file (and ``CODEOWNERS`` file) of ``revision`` up to ``max_size`` bytes, by its
    path in the work tree.

    A revision that does not exist yet (``HEAD`` before the first commit)
    has no files. Larger files are left out: the current run reports them.
    """
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{tree}}")
    except GitError:
        if revision == "HEAD" and not _git(top, "rev-list", "-n", "1", "--all").strip():
            return {}  # a repository with no commit yet: everything is new
        raise GitError(f"no revision {revision!r} in this repository") from None
    listing = _git(top, "ls-tree", "-r", "-z", "-l", "--full-tree", revision)
    wanted: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, _, name = entry.partition(b"\t")
        mode, kind, sha, listed = info.split()
        path = name.decode("utf-8", errors="surrogateescape")
        readable = path.endswith(YAML_SUFFIXES) or path.rsplit("/", 1)[-1] == CODEOWNERS_NAME
        if kind == b"blob" and mode != b"120000" and readable and int(listed) <= max_size:
            wanted.append((sha.decode("ascii"), path))
    if not wanted:
        return {}
    out = _git(top, "cat-file", "--batch", data="".join(f"{sha}\n" for sha, _ in wanted).encode("ascii"))
    files: dict[str, bytes] = {}
    at = 0
    for _, path in wanted:
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        files[path] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return files


def display(top: Path, path: str) -> str:
    """A path of the work tree as findings show it: relative to the current folder when inside it."""
    full = os.path.join(top, path)
    relative = os.path.relpath(full)
    return full if relative.startswith("..") else relative.replace(os.sep, "/")
