"""Which git commit a folder is at, and whether its work tree has uncommitted changes: for the audit's provenance.

An auditor must be able to reproduce an audit, so the report names the
commit it was made from. The commit is read from git's own files, without
starting a process: ``.git`` (a folder, or a ``gitdir:`` file as in linked
work trees and submodules), ``HEAD``, the ref it names and ``packed-refs``.
Every read is bounded, refuses symbolic links (``O_NOFOLLOW``, and a
resolved path must stay inside the git folder it was looked up in), and
never waits on a named pipe; a ref name is used as a path only when it is a
plain ``refs/...`` name.

Whether the tree is *dirty* needs the index compared with the files and with
the commit's tree, and untracked files weighed against ``.gitignore``: that
is git's work, not worth copying. So, only when the commit could be read and
a ``git`` program is installed, ``git status`` is run once (through
:mod:`itsmlint.gitrev`, without taking git's optional index lock, so nothing
in the repository is written). Without git the state is *unknown*, said so,
and the audit goes on: it never fails for want of git.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

#: A HEAD, ref, ``commondir`` or ``.git`` file is a line; anything longer is not git's.
_SMALL = 4096
#: ``packed-refs`` can hold many thousands of tags; past this it is not read.
_PACKED_LIMIT = 64 * 1024 * 1024
#: How many changed paths the report lists (the count is always given).
MAX_CHANGES = 50
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256 repositories
# A ref name that is safe as a path below the git folder: under refs/, none of
# the characters git forbids in a ref, and no component starting with a dot
# (so no "." or ".." either) or ending in ".lock".
_REF_NAME = re.compile(r"refs/[^\x00-\x20\x7f~^:?*\[\\]+")


@dataclass(frozen=True, slots=True)
class GitState:
    """What the audit records about git. Every field may be unknown; ``note`` says why."""

    read: bool = True
    """False when the user asked not to read git (``--no-git``)."""
    found: bool = False
    """A git work tree holds the audited path."""
    commit: str | None = None
    branch: str | None = None
    """The branch HEAD names; None when HEAD is detached or unknown."""
    dirty: bool | None = None
    """Uncommitted changes (tracked or untracked files, not ignored ones); None when unknown."""
    changes: tuple[str, ...] = ()
    """``git status --porcelain`` lines (``XY path``), at most :data:`MAX_CHANGES`."""
    changed: int = 0
    """How many paths ``git status`` listed."""
    top: Path | None = None
    """The work tree's top folder (not shown in reports: paths are given relative to it)."""
    notes: tuple[str, ...] = ()
    """Why something is unknown, in a few words each."""


def _read(path: Path, base: Path, limit: int = _SMALL) -> str | None:
    """The text of a regular file inside ``base``, or None: missing, a link, a pipe, too large, or outside it."""
    real, root = os.path.realpath(path), os.path.realpath(base)
    if real != os.path.normpath(os.path.abspath(path)) and not real.startswith(root.rstrip(os.sep) + os.sep):
        return None  # a folder on the way is a link that leads out of the git folder
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    if size > limit:
        return None
    return b"".join(chunks).decode("utf-8", errors="replace")


def locate(start: Path) -> tuple[Path, Path | None, str] | None:
    """(work-tree top, git folder or None, why not) for the nearest ``.git`` above ``start``; None outside git."""
    here = start.absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        dotgit = folder / ".git"
        try:
            mode = os.lstat(dotgit).st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            return folder, None, ".git is a symbolic link, which is not followed"
        if stat.S_ISDIR(mode):
            return folder, dotgit, ""
        text = _read(dotgit, folder) if stat.S_ISREG(mode) else None
        if text is None or not text.startswith("gitdir:"):
            return folder, None, ".git is neither a folder nor a gitdir file"
        # A linked work tree or a submodule: git's own pointer to its folder.
        target = Path(text[len("gitdir:") :].strip())
        return folder, Path(os.path.normpath(folder / target)), ""
    return None


def _common(gitdir: Path) -> Path:
    """The folder that holds the shared refs: a linked work tree's ``commondir``, else the git folder itself."""
    text = _read(gitdir / "commondir", gitdir)
    if text is None or not text.strip():
        return gitdir
    return Path(os.path.normpath(gitdir / text.strip()))


def _packed(common: Path, name: str) -> str | None:
    text = _read(common / "packed-refs", common, _PACKED_LIMIT)
    if text is None:
        return None
    for line in text.splitlines():
        object_id, _, ref = line.partition(" ")
        if ref == name and _OBJECT_ID.fullmatch(object_id):
            return object_id
    return None


def read_head(gitdir: Path) -> tuple[str | None, str | None, str]:
    """(commit, branch, why unknown) from the files of a git folder; an empty branch-less answer names the reason."""
    head = _read(gitdir / "HEAD", gitdir)
    if head is None:
        return None, None, "no readable HEAD: not a git repository"
    common = _common(gitdir)
    value, branch = head.strip(), None
    for _ in range(5):  # a symbolic ref may name another; git itself stops after a few
        if _OBJECT_ID.fullmatch(value):
            return value, branch, ""
        if not value.startswith("ref:"):
            return None, branch, "HEAD is not in a form itsmlint reads"
        name = value[len("ref:") :].strip()
        if not _REF_NAME.fullmatch(name) or any(p.startswith(".") or p.endswith(".lock") for p in name.split("/")):
            return None, branch, "HEAD names a ref itsmlint does not read"
        if branch is None:
            branch = name.removeprefix("refs/heads/")
        # Per-work-tree refs live in the git folder, shared ones in the common folder.
        found = _read(gitdir / name, gitdir) or (_read(common / name, common) if common != gitdir else None)
        if found is None:
            packed = _packed(common, name)
            if packed is not None:
                return packed, branch, ""
            if (common / "reftable").is_dir():
                return None, branch, "the refs are in git's reftable format"
            return None, branch, "no commit yet"
        value = found.strip()
    return None, branch, "HEAD names refs in a loop"


def status(top: Path) -> tuple[bool | None, tuple[str, ...], int, str]:
    """(dirty, first changed paths, how many, why unknown) from ``git status``; never raises."""
    from itsmlint import gitrev

    if shutil.which("git") is None:
        return None, (), 0, "git is not installed, so whether files changed since the commit is unknown"
    try:
        out = gitrev.run(top, "--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=normal")
    except gitrev.GitError as exc:
        return None, (), 0, f"git status failed ({exc}), so whether files changed since the commit is unknown"
    entries = out.split(b"\0")
    lines: list[str] = []
    i = 0
    while i < len(entries):
        entry = entries[i].decode("utf-8", errors="replace")
        i += 1
        if len(entry) < 4:
            continue
        if entry[0] in "RC":
            i += 1  # a rename or copy is followed by the path it came from
        lines.append(entry)
    return bool(lines), tuple(lines[:MAX_CHANGES]), len(lines), ""


def read(start: Path) -> GitState:
    """The git state of the work tree that holds ``start``."""
    where = locate(start)
    if where is None:
        return GitState(notes=("not in a git work tree",))
    top, gitdir, why = where
    if gitdir is None:
        return GitState(found=True, top=top, notes=(why,))
    commit, branch, why = read_head(gitdir)
    notes = [why] if why else []
    if commit is None and why.startswith("no readable HEAD"):
        return GitState(found=True, top=top, notes=tuple(notes))
    dirty, changes, changed, why = status(top)
    if why:
        notes.append(why)
    if commit is None and why == "" and "reftable" in " ".join(notes):
        commit = _commit_by_git(top)
        if commit is not None:
            notes = [n for n in notes if "reftable" not in n]
    return GitState(True, True, commit, branch, dirty, changes, changed, top, tuple(notes))


def _commit_by_git(top: Path) -> str | None:
    """HEAD's commit from git itself, for ref formats itsmlint does not read (git exists: status just ran)."""
    from itsmlint import gitrev

    try:
        text = gitrev.run(top, "rev-parse", "--verify", "--quiet", "HEAD").decode("ascii", errors="replace").strip()
    except gitrev.GitError:
        return None
    return text if _OBJECT_ID.fullmatch(text) else None
