"""Read a file without trusting it: regular files only, bounded, never blocking.

Every file itsmlint reads (documents, configuration, rule files, baselines,
cache entries) comes through here, so a named pipe called ``x.yaml`` is never
waited on, a link to ``/dev/zero`` never fills memory and a file that grows
while it is read is still cut at the bound.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: Bytes of an over-large file read anyway, to tell whether it looks like ours.
HEAD = 65536


class NotRegular(OSError):
    """The path is a pipe, socket, device or folder, not a file to read."""


class TooLarge(OSError):
    """The file is larger than the bound; ``head`` holds its first bytes."""

    def __init__(self, size: int, limit: int, head: bytes) -> None:
        super().__init__(errno.EFBIG, f"file is {size} bytes, over the limit of {limit}")
        self.size, self.limit, self.head = size, limit, head


def read_bounded(path: Path | str, max_size: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    The file is opened without blocking and checked on the open handle, so a
    FIFO is never waited on and a file swapped for one after a ``stat`` is
    still caught. No more than ``max_size`` + 1 bytes are ever read. With
    ``follow_links`` false a symbolic link is refused (``ELOOP``).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, file_type(info.st_mode))
        if info.st_size > max_size:
            raise TooLarge(info.st_size, max_size, handle.read(HEAD))
        data = handle.read(max_size + 1)
        if len(data) > max_size:
            raise TooLarge(max(info.st_size, len(data)), max_size, data[:HEAD])
        return data


def file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


def why(path: Path | str, exc: OSError) -> str:
    """A reason a file could not be read, in a few words."""
    if isinstance(exc, NotRegular):
        return f"not a regular file ({exc.strerror})"
    if isinstance(exc, TooLarge):
        return str(exc.strerror)
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"broken symbolic link to {os.readlink(path)!r}"
    return exc.strerror or str(exc)
