"""The per-file cache: what reading a file gave, kept in the user's cache folder, never in the repository.

An entry is keyed by a hash of the file's bytes and of everything that
changes how they are read: the entry format, itsmlint's version, the size
and time stamps of the installed files that read and check documents (so a
development checkout that changes the reader is not served stale entries),
the byte order, and whether the file was named on the command line. The
entry holds the file's documents as plain data with their positions, each
document's schema problems and reference candidates, and the file's other
problems and suppression comments. It never holds findings: every rule runs
on every run, on the whole repository, so a run with the cache gives the
same bytes as one without it.

Nothing in the linted repository can reach the cache: its folder is
``$ITSMLINT_CACHE_DIR``, else the platform's user cache folder
(``$XDG_CACHE_HOME/itsmlint`` or ``~/.cache/itsmlint`` on Linux). Entries are
read without following symbolic links and with a size bound, written to a
temporary file and renamed, and the folder is kept under a total size by
removing the entries used least recently. An entry that cannot be read,
does not decode or has the wrong shape is treated as absent, and a folder
that cannot be written is simply not used: the cache can make a run faster,
never change or break it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from pathlib import Path

from itsmlint import __version__
from itsmlint.reading import read_bounded

_FORMAT = "itsmlint-file-cache-4"
#: Default bound on the folder's total size: room for about 300,000 documents' entries (a 100,000-document
#: repository needs about 300 MB; a smaller bound would evict a quarter of it on every run and parse it again).
DEFAULT_LIMIT = 1024 * 1024 * 1024
#: An entry is at most this many times the size of the file it was read from (plus a little).
_ENTRY_FACTOR = 16
#: Entries used again are marked as used (their time stamp moved) at most this often.
_TOUCH_AFTER = 3600.0
#: The folder's size is checked after a run that wrote this much, or once this long after the last check.
_CHECK_AFTER_BYTES = 8 * 1024 * 1024
_CHECK_AFTER_SECONDS = 3600.0
_STAMP = "last-pruned"


def default_folder() -> Path:
    """``$ITSMLINT_CACHE_DIR``, else the platform's user cache folder for itsmlint."""
    chosen = os.environ.get("ITSMLINT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("itsmlint", appauthor=False))


def _reader_stamp() -> str:
    """What identifies the code that reads and checks documents: its files' sizes and times."""
    package = Path(__file__).resolve().parent
    parts = [_FORMAT, __version__, sys.byteorder, sys.version]
    for folder in (package, package / "loader", package / "interop", package / "schemas" / "kinds"):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.endswith((".py", ".json")):
                try:
                    info = os.stat(folder / name)
                except OSError:
                    continue
                parts.append(f"{folder.name}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


class FileCache:
    """Entries in one folder, two levels deep (``ab/cdef….json``) so that no folder grows too large."""

    def __init__(self, folder: Path, salt: str, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder
        self.limit = limit
        self._salt = hashlib.blake2b(salt.encode("utf-8") + _reader_stamp().encode("utf-8"), digest_size=16).digest()
        self.hits = 0
        self.misses = 0
        self.written = 0
        self._usable = True

    def __getstate__(self) -> dict[str, object]:
        # Worker processes get the folder and the salt, not the counters.
        return {
            "folder": self.folder,
            "limit": self.limit,
            "_salt": self._salt,
            "hits": 0,
            "misses": 0,
            "written": 0,
            "_usable": self._usable,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def key(self, data: bytes, explicit: bool, reader: str = "") -> str:
        """The entry's key; ``reader`` names a format read otherwise than as YAML (a CODEOWNERS file)."""
        person = reader.encode("ascii")[:16] if reader else b"named" if explicit else b"found"
        digest = hashlib.blake2b(data, digest_size=20, key=self._salt, person=person)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> bytes | None:
        """The entry stored under ``key``, or None."""
        path = self._path(key)
        try:
            data = read_bounded(path, _ENTRY_FACTOR * 10 * 1024 * 1024, follow_links=False)
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        try:
            info = os.stat(path, follow_symlinks=False)
            now = time.time()
            if now - info.st_mtime > _TOUCH_AFTER:
                os.utime(path, (now, now), follow_symlinks=False)
        except OSError:
            pass
        return data

    def put(self, key: str, entry: bytes) -> None:
        """Store an entry; a folder that cannot be written is given up for the rest of the run."""
        if not self._usable:
            return
        path = self._path(key)
        try:
            _write_new(path, entry)
        except OSError:
            self._usable = False
            return
        self.written += len(entry)

    def prune(self, now: float | None = None) -> None:
        """Keep the folder under its limit, removing the entries used least recently.

        Checked after a run that wrote much, or at most once an hour, so that
        a run does not list a large folder every time.
        """
        now = time.time() if now is None else now
        stamp = self.folder / _STAMP
        try:
            last = os.stat(stamp, follow_symlinks=False).st_mtime
        except OSError:
            last = 0.0
        if self.written < _CHECK_AFTER_BYTES and now - last < _CHECK_AFTER_SECONDS:
            return
        entries: list[tuple[float, int, str]] = []
        try:
            with os.scandir(self.folder) as top:
                shards = [e.path for e in top if len(e.name) == 2 and e.is_dir(follow_symlinks=False)]
            for shard in shards:
                with os.scandir(shard) as found:
                    for e in found:
                        if e.name.endswith(".json") and e.is_file(follow_symlinks=False):
                            info = e.stat(follow_symlinks=False)
                            entries.append((info.st_mtime, info.st_size, e.path))
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        if total > self.limit:
            # Down to nine tenths of the limit, so that the next runs do not prune again at once.
            for _, size, name in sorted(entries):
                if total <= self.limit * 9 // 10:
                    break
                try:
                    os.unlink(name)
                except OSError:
                    continue
                total -= size
        with contextlib.suppress(OSError):
            _write_new(stamp, b"")


def _write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; never through a symbolic link."""
    folder = path.parent
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if os.path.islink(folder):
        raise OSError(f"{folder} is a symbolic link")
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    fd = os.open(
        tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0), 0o600
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def size_limit(text: str | None) -> int:
    """``ITSMLINT_CACHE_SIZE``: bytes, or with a K, M or G suffix; the default when unset or unreadable."""
    if not text:
        return DEFAULT_LIMIT
    text = text.strip().upper().removesuffix("B")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    try:
        return max(0, int(text[:-1] if scale > 1 else text) * scale)
    except ValueError:
        return DEFAULT_LIMIT


def open_cache(enabled: bool, salt: str) -> FileCache | None:
    """The run's file cache, or None when it is switched off (``--no-cache``, ``ITSMLINT_NO_CACHE``)."""
    if not enabled or os.environ.get("ITSMLINT_NO_CACHE"):
        return None
    try:
        folder = default_folder()
    except Exception:  # a platform without a home folder: no cache, not a failure
        return None
    return FileCache(folder, salt, size_limit(os.environ.get("ITSMLINT_CACHE_SIZE")))
