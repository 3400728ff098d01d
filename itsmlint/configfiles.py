"""The files a configuration names: read with the bounds of documents, and quiet about files that are not ours.

The linted repository decides which configuration files itsmlint reads:
its ``.itsmlint.yaml`` (which may be a symbolic link), the files it
``extends``, the ``rules_dirs`` folders, the rule files and rule pages in
them. Any of these may point anywhere on the machine: a device, a pipe, a
huge file, a file of credentials. So:

* every one is read through :func:`itsmlint.reading.read_bounded`: regular
  files only, at most ``max_file_size`` bytes, never waiting on a pipe;
* a rules folder is read without leaving it: a rule file or page that is a
  symbolic link to somewhere else is refused, not followed;
* an error about a file that does not claim to be ours names the file and
  shows nothing of its content. Messages end up in CI logs, often public,
  and "unknown key 'aws_secret_access_key'" or "'hunter2' is not of type
  'object'" would publish what the file holds. A file claims to be a
  configuration when a configuration key (``extends``, ``rules``...) is at
  its top level, and a rule file when it has an ``id`` beside ``given``,
  ``then`` or another rule key; a file that claims to be ours gets the full
  message, with line and value, as before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmlint.files import DEFAULT_MAX_FILE_SIZE
from itsmlint.ids import UNSUPPORTED_TAG
from itsmlint.loader import decode, parse_text
from itsmlint.positions import Positions
from itsmlint.reading import TooLarge, read_bounded, why


class ConfigError(Exception):
    """A configuration, rule or plugin that cannot be used; carries file and line, shown as one line."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        # Line 0: the source is not a file (a plugin), so there is no position to give.
        super().__init__(f"{path}:{line}:{column}: {message}" if line > 0 else f"{path}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


def parse_config_text(text: str, display: str) -> tuple[Any, Positions | None]:
    """Parse a single-document YAML configuration (settings, presets, rule files).

    Stricter than documents: a tag, a duplicate key or a second document is an
    error (:class:`ConfigError`, with the file and line), not a finding.
    """
    parsed, problems = parse_text(text, display)
    if problems:
        p = min(problems, key=lambda p: (p.line, p.column))
        # Data files keep a tagged value as plain data; a config must be exact.
        raise ConfigError(
            display,
            p.line,
            p.column,
            p.message.split(" ignored;")[0] + " is not allowed here" if p.rule_id == UNSUPPORTED_TAG else p.message,
        )
    if not parsed:
        return None, None
    if len(parsed) > 1:
        raise ConfigError(display, 1, 1, "expected a single YAML document")
    _, value, locator = parsed[0]
    return value, locator


class Unreadable(ConfigError):
    """The file could not be read at all: missing, not a regular file, over the bound."""


class NotOurs(ConfigError):
    """The file does not claim to be what it was read as; the message shows nothing of it."""


@dataclass(frozen=True, slots=True)
class Shape:
    """What a file read as configuration should look like, to tell ours from anything else."""

    what: str
    claims: Callable[[Any], bool]
    """Whether parsed data claims to be of this shape."""
    claims_text: Callable[[str], bool]
    """Whether text that does not parse still claims it (so its syntax error is worth showing)."""
    hint: str

    def refusal(self) -> str:
        return f"not {self.what} ({self.hint}); its content is not shown"


def _top_keys(keys: tuple[str, ...]) -> re.Pattern[str]:
    # A key at the start of a line, as block YAML writes top-level keys, or just after an opening brace;
    # quoted or not. Linear: each line start is tried once, and nothing in it can backtrack far.
    names = "|".join(keys)
    return re.compile(rf"""^(?:\{{[ \t]*)?["']?(?:{names})["']?[ \t]*:""", re.MULTILINE)


#: The configuration schema's top-level keys but ``description`` (which a preset has, and alone claims nothing);
#: written out so that recognising a file does not read the schema; a test keeps them equal.
CONFIG_KEYS = ("extends", "rules", "params", "exclude", "max_file_size", "rules_dirs", "formats")
_CONFIG_TEXT = _top_keys(CONFIG_KEYS)

CONFIG = Shape(
    "an itsmlint configuration",
    lambda data: isinstance(data, dict) and any(k in data for k in CONFIG_KEYS),
    lambda text: _CONFIG_TEXT.search(text) is not None,
    f"it has none of the keys {', '.join(CONFIG_KEYS)} at its top level",
)

#: Besides ``id``, keys that only a rule file has at its top level.
RULE_KEYS = (
    "given",
    "when",
    "then",
    "message",
    "hint",
    "kinds",
    "summary",
    "remediation",
    "severity",
    "level",
    "subchecks",
)
_RULE_ID = _top_keys(("id",))
_RULE_TEXT = _top_keys(RULE_KEYS)

RULE = Shape(
    "a rule file",
    lambda data: isinstance(data, dict) and "id" in data and any(k in data for k in RULE_KEYS),
    lambda text: _RULE_ID.search(text) is not None and _RULE_TEXT.search(text) is not None,
    "a rule file is a mapping with id, name, summary, kinds, severity, level, remediation, given, then and message",
)


def unreadable(path: Path, display: str, exc: OSError, what: str = "file", configured: bool = False) -> Unreadable:
    """One line for a file that could not be read.

    ``configured``: the bound was the configuration's ``max_file_size``, so
    a file over it says how to raise it (configuration files themselves are
    read before there is one, with the default bound).
    """
    hint = "; raise max_file_size in the configuration" if configured and isinstance(exc, TooLarge) else ""
    return Unreadable(display, 0, 0, f"cannot read {what}: {why(path, exc)}{hint}")


def read_yaml(
    path: Path, display: str, shape: Shape, max_size: int | None = None, trusted: bool = False
) -> tuple[Any, Positions | None]:
    """One single-document YAML file that should have ``shape``.

    ``max_size`` is the configuration's ``max_file_size`` when there is one
    already (for rule files); configuration files are read with the default.
    ``trusted`` is for a file that is ours by its name and place (the
    project's own ``.itsmlint.yaml``, not a link): its errors are shown in
    full whatever it holds. Raises :class:`Unreadable`, :class:`NotOurs`,
    or :class:`ConfigError` with the file and line.
    """
    try:
        raw = read_bounded(path, DEFAULT_MAX_FILE_SIZE if max_size is None else max_size)
    except OSError as exc:
        raise unreadable(path, display, exc, configured=max_size is not None) from None
    text, problem = decode(raw, display)
    if text is None:
        assert problem is not None
        if not (trusted or shape.claims_text(raw.decode("latin-1"))):
            raise NotOurs(display, 0, 0, shape.refusal())
        raise ConfigError(display, problem.line, problem.column, problem.message)
    try:
        data, locator = parse_config_text(text, display)
    except ConfigError:
        if trusted or shape.claims_text(text):
            raise
        raise NotOurs(display, 0, 0, shape.refusal()) from None
    if not (trusted or shape.claims(data)):
        raise NotOurs(display, 0, 0, shape.refusal())
    return data, locator


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links resolved, is in ``folder`` (links resolved too)."""
    # realpath never raises: a dangling link or a loop resolves to some path,
    # and whatever is there is then read (and reported) like any other file.
    target = os.path.realpath(path)
    base = os.path.realpath(folder)
    return target.startswith(base.rstrip(os.sep) + os.sep)


def outside(display: str) -> ConfigError:
    return ConfigError(
        display, 0, 0, "a symbolic link out of the rules folder; name the folder it points to in rules_dirs instead"
    )


def read_page(path: Path, display: str, folder: Path, max_size: int | None = None) -> str:
    """A rule's Markdown page beside its rule file, or "" when it has none; never from outside ``folder``."""
    if not os.path.lexists(path):
        return ""
    if not inside(path, folder):
        raise outside(display)
    try:
        raw = read_bounded(path, DEFAULT_MAX_FILE_SIZE if max_size is None else max_size)
    except OSError as exc:
        raise unreadable(path, display, exc, configured=max_size is not None) from None
    return raw.decode("utf-8", errors="replace")
