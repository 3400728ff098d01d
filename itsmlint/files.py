"""Which files a run reads: discovery, exclusion, display paths, the config file, atomic writes.

Plain standard library on purpose (RE2 aside, loaded only for ``exclude``
globs): walking the tree must not pay for importing the YAML parser or the
rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itsmlint.patterns import Matcher

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".itsmlint_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
    }
)
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
#: itsmlint's own config files: YAML, but never documents.
CONFIG_NAMES = (".itsmlint.yaml", ".itsmlint.yml")
#: A CODEOWNERS file is read where GitHub and GitLab look for it, relative to each folder walked.
CODEOWNERS_NAME = "CODEOWNERS"
CODEOWNERS_FOLDERS = ("", ".github", "docs", ".gitlab")


def is_codeowners_place(relative: str) -> bool:
    """Whether a path relative to a walked folder is where GitHub or GitLab reads a CODEOWNERS file."""
    folder, _, name = relative.rpartition("/")
    return name == CODEOWNERS_NAME and folder in CODEOWNERS_FOLDERS


def compile_globs(patterns: Iterable[str]) -> Matcher | None:
    """One matcher for gitignore-style globs over POSIX relative paths (see :func:`glob_regex`).

    The globs come from the repository's configuration and every path is
    matched against them, so the expression runs on RE2: a backtracking
    engine takes minutes on ``*a*a*a*a*a*a*a*a*b`` and a long file name.
    Raises :class:`~itsmlint.patterns.PatternError` only for globs too large
    for RE2; the configuration is checked for those when it is loaded.
    """
    regex = glob_regex(patterns)
    if regex is None:
        return None
    from itsmlint.patterns import compile_linear

    return compile_linear(regex)


def glob_body(body: str, escapes: bool = False) -> str:
    """A glob's wildcards as regular expression text: ``**/``, ``**``, ``*`` and ``?``; the rest literal.

    With ``escapes`` a backslash makes the next character literal (CODEOWNERS);
    without, it is itself a literal character (the configuration's globs).
    """
    out = ""
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif body.startswith("**", i):
            out += ".*"
            i += 2
        elif body[i] == "*":
            out += "[^/]*"
            i += 1
        elif body[i] == "?":
            out += "[^/]"
            i += 1
        elif escapes and body[i] == "\\" and i + 1 < len(body):
            out += re.escape(body[i + 1])
            i += 2
        else:
            out += re.escape(body[i])  # punctuation escaped as RE2 reads it
            i += 1
    return out


def glob_regex(patterns: Iterable[str]) -> str | None:
    """The regular expression of gitignore-style globs, or None for no glob.

    ``*`` stays inside a path segment, ``**`` crosses segments, a pattern
    without a slash matches at any depth, and a match on a folder covers
    everything below it.
    """
    parts = []
    for pattern in patterns:
        anchored = "/" in pattern.rstrip("/")
        prefix = "" if anchored else "(?:.*/)?"
        parts.append(f"{prefix}{glob_body(pattern.strip('/'))}(?:/.*)?")
    if not parts:
        return None
    return "^(?:" + "|".join(parts) + ")$"


def display_path(path: Path, root: Path) -> str:
    """The POSIX path shown in findings: relative to ``root`` when inside it.

    Plain string work (pathlib's relative_to took a tenth of loading a large
    repository); like ``Path.absolute`` it does not resolve ``..`` or links.
    """
    cwd = os.getcwd()
    # str() of a Path has no "." parts or doubled slashes, except "." itself.
    full = cwd if str(path) == "." else os.path.join(cwd, path)
    base = cwd if str(root) == "." else os.path.join(cwd, root)
    if full == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    shown = full[len(prefix) :] if full.startswith(prefix) else full
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


def discover(
    paths: Sequence[Path],
    root: Path,
    exclude: Matcher | None = None,
    exclude_base: Path | None = None,
    skip: Sequence[Path] = (),
) -> list[Path]:
    """Every YAML file under ``paths``, sorted, without duplicates.

    Files named on the command line are taken whatever their suffix; inside
    folders only ``*.yaml``/``*.yml`` are read, and a ``CODEOWNERS`` file
    where GitHub and GitLab look for one (in the folder, or in its
    ``.github/``, ``docs/`` or ``.gitlab/``). Symlinked folders are not
    followed, so a link cannot lead the walk out of the tree or into a loop.
    ``exclude`` globs are matched against paths relative to ``exclude_base``
    (the folder of the config file that holds them), else to ``root``.
    Folders in ``skip`` (the custom rules, whose fixtures are documents on
    purpose) are left out whole.
    """
    anchor = exclude_base or root
    skipped = {p.resolve() for p in skip}

    def excluded(path: Path) -> bool:
        if skipped and path.resolve() in skipped:
            return True
        return exclude is not None and exclude.match(display_path(path, anchor)) is not None

    found: dict[str, Path] = {}
    for top in paths:
        if not top.is_dir():
            # A file named on the command line is read whatever it is; a
            # pipe or device is then reported, not waited on or walked.
            if not excluded(top):
                found.setdefault(display_path(top, root), top)
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            base = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not excluded(base / d))
            for name in sorted(filenames):
                wanted = name.endswith(YAML_SUFFIXES) and name not in CONFIG_NAMES
                if not wanted and (name != CODEOWNERS_NAME or not is_codeowners_place(display_path(base / name, top))):
                    continue
                file = base / name
                rel = display_path(file, root)
                if excluded(file):
                    continue
                if file.is_symlink() and not _inside(file, top):
                    continue
                found.setdefault(rel, file)
    return [found[k] for k in sorted(found)]


def admitted(
    path: str,
    tops: Sequence[Path],
    root: Path,
    exclude: Matcher | None = None,
    exclude_base: Path | None = None,
    skip: Sequence[Path] = (),
) -> bool:
    """Whether :func:`discover` would take the file ``path`` (which need not exist) under ``tops``.

    The same rules, for a list of files that comes from elsewhere (a git
    revision): named files whatever their suffix, inside folders only YAML
    outside the skipped folders, the excludes and the rule folders.
    """
    full = os.path.normpath(os.path.abspath(path))
    for top in tops:
        base = os.path.normpath(os.path.abspath(top))
        if full == base:
            return True
        if not full.startswith(base.rstrip(os.sep) + os.sep):
            continue
        parts = full[len(base.rstrip(os.sep)) + 1 :].split(os.sep)
        if any(part in SKIP_DIRS for part in parts[:-1]) or parts[-1] in CONFIG_NAMES:
            return False
        if not parts[-1].endswith(YAML_SUFFIXES) and not is_codeowners_place("/".join(parts)):
            return False
        if any(full.startswith(os.path.normpath(os.path.abspath(s)) + os.sep) for s in skip):
            return False
        return exclude is None or exclude.match(display_path(Path(full), exclude_base or root)) is None
    return False


def _inside(link: Path, top: Path) -> bool:
    # realpath never raises: a dangling link or a loop resolves to some path,
    # and whatever is there is read (and reported) like any other file.
    target = os.path.realpath(link)
    base = os.path.realpath(top)
    return target == base or target.startswith(base.rstrip(os.sep) + os.sep)


def find_config(start: Path) -> Path | None:
    """Walk up from ``start`` to the repository root looking for a config file."""
    here = start.absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def work_tree(start: Path) -> Path | None:
    """The git work tree that holds ``start``: the nearest folder above it with a ``.git``."""
    here = start.absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder, flushed to disk, and a rename.

    Text is written as UTF-8 with the line feeds it holds; bytes are written
    as they are (a fixed document keeps its byte-order mark and CRLFs).

    A crash or a full disk leaves the previous file intact, never half of
    the new one. What is not a regular file (``/dev/null``, ``/dev/stdout``,
    a named pipe a CI step reads) is written to as it is: a rename would
    replace the device or pipe itself with a file. A symbolic link is
    followed, so the file it points to is replaced, not the link. Raises
    OSError; the caller says what went wrong.
    """
    import stat
    import tempfile  # here, not at the top: a run that writes nothing never needs it

    data = text.encode("utf-8") if isinstance(text, str) else text
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a folder", str(path))
        with open(path, "wb") as stream:
            stream.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; keep the old file's mode, or what the umask gives a new file.
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # On disk before the rename, so that a power cut cannot leave the new name on empty data.
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
