"""YAML text to plain values with their positions: libyaml's events, our reader, and the guards around them.

libyaml (PyYAML's C parser) scans the text into events; our reader turns
them straight into plain Python values and records where each value sits
(:mod:`itsmlint.positions`). No node graph is built: composing one cost
about 360 bytes per value for the whole document, so a 10 MB file of short
values needed a gigabyte. The loop is iterative, so nesting depth is bounded
by a limit we choose, never by the C or Python stack.

YAML 1.2 core-schema resolution (domain.md §8.1), duplicate keys and odd tags
reported, nesting depth and alias expansion bounded, syntax errors placed on
the file's own characters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from array import array
from typing import Any, ClassVar

import yaml
from yaml import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from itsmlint.finding import Pointer, Problem
from itsmlint.ids import DUPLICATE_KEY, INVALID_YAML, UNSUPPORTED_TAG
from itsmlint.model import ref_prefix
from itsmlint.positions import WIDTH, Positions, expansion_order

try:  # libyaml is the fast path; the pure-Python parser is the fallback.
    BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    BaseLoader = yaml.SafeLoader


_CORE_PREFIX = "tag:yaml.org,2002:"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_DATE = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_KNOWN_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _DATE, _SEQ, _MAP})
_SCALAR = yaml.ScalarNode


class _Loader(BaseLoader):  # type: ignore[misc]
    """libyaml composer with YAML 1.2 core-schema resolution (domain.md §8.1).

    PyYAML resolves YAML 1.1: ``on``/``yes``/``no`` become booleans, ``08:00``
    becomes the sexagesimal integer 480 and ``<<`` merges keys. v1 documents
    follow YAML 1.2, so the implicit resolvers are replaced wholesale.
    """

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

    # libyaml calls back into Python for the tag of every node, and for two
    # hooks of PyYAML's path resolvers, which v1 does not use. The hooks
    # become C built-ins that accept the same arguments and do nothing, and
    # tags are memoised: keys and short values recur in every document.
    descend_resolver: Any = staticmethod({}.get)
    ascend_resolver: Any = staticmethod(().__len__)

    @staticmethod
    @functools.lru_cache(maxsize=1 << 14)
    def resolve(kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value is not None:
                # Only the first character selects candidate patterns.
                for tag, pattern in _Loader.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def _resolver(tag: str, pattern: str, first: str) -> None:
    _Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


_resolver(_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolver(_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
_resolver(
    _FLOAT,
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    "-+0123456789.",
)
_resolver(_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])  # type: ignore[arg-type]
_resolver(_DATE, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "0123456789")

_TYPED_FIRST = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)
#: The tag of each plain scalar text met so far: keys and short values recur in every document.
_PLAIN_TAGS: dict[str, str] = {}


def _plain_tag(text: str) -> str:
    if text and text[0] not in _TYPED_FIRST:
        return _STR  # most text: only these first characters can start a number, date, boolean or null
    tag = _Loader.resolve(_SCALAR, text, (True, False))
    if len(_PLAIN_TAGS) < _SHARED_MAX and len(text) <= _SHARE_UP_TO:
        _PLAIN_TAGS[text] = tag
    return tag


#: Short values (names, references, enum words) recur in every document:
#: one object each for the whole run. Longer text is rarely repeated.
_SHARE_UP_TO = 48
_SHARED: dict[str, str] = {}
_SHARED_MAX = 1 << 20


def _share(text: str) -> str:
    if len(text) > _SHARE_UP_TO:
        return text
    found = _SHARED.get(text)
    if found is not None:
        return found
    if len(_SHARED) < _SHARED_MAX:
        _SHARED[text] = text
    return text


def typed(value: str, tag: str) -> Any:
    """A scalar's value under the YAML 1.2 core schema; text for an unknown tag."""
    if tag == _STR or tag not in _KNOWN_TAGS:
        return _share(value)
    try:
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        if tag == _FLOAT:
            lowered = value.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered == ".nan":
                return float("nan")
            return float(value)
        if tag == _DATE:
            # Dates become date objects only in plain YYYY-MM-DD form: no
            # times, no zones, so comparisons never depend on the machine.
            return dt.date.fromisoformat(value)
    except ValueError:
        return value
    return value


MAX_DEPTH = 100
"""Deepest nesting of collections read in a document; no v1 document needs a tenth of it."""

MAX_EXPANSION = 10_000
"""Values an alias may add to a document beyond ten times its own values."""

DOCUMENT_START = re.compile(r"^(?:---|\.\.\.)", re.MULTILINE)
#: Over-deep documents read past in one file before the rest of it is given up.
_MAX_DEEP_DOCUMENTS = 10


_NO_KEY: Any = object()  # a mapping waiting for its next key


class TooDeep(Exception):
    """A document that is not read: nested too deeply, an alias bomb, or an alias to a value that holds it."""

    def __init__(self, mark: Any, line: int, column: int, reason: str = "", *, stops_stream: bool = True) -> None:
        super().__init__(line, column)
        self.mark_index = mark.index if mark is not None else 0
        self.line, self.column = line, column
        self.reason = reason or f"is nested more than {MAX_DEPTH} levels deep"
        self.stops_stream = stops_stream
        """Found part-way through the document: the rest of it cannot be read from the same stream."""


class _Open:
    """A collection being read: its value, the position entries of its children, where it stands."""

    __slots__ = (
        "anchor",
        "block",
        "column",
        "complex",
        "firsts",
        "is_map",
        "key",
        "key_column",
        "key_line",
        "line",
        "size",
        "slot",
        "value",
    )

    def __init__(
        self, value: Any, slot: str | int, anchor: str | None, complex_key: bool, line: int, column: int
    ) -> None:
        self.value = value
        self.is_map = value.__class__ is dict
        self.block = array("I")
        self.slot = slot
        """Its key or index in its parent; the pointers of problems are made from these."""
        self.anchor = anchor
        self.complex = complex_key
        self.key: Any = _NO_KEY
        self.key_line = self.key_column = 0
        self.line, self.column = line, column
        self.size = 1
        self.firsts: dict[str, int] | None = None
        """The line of the first of each duplicated key, once a key is duplicated."""


#: What an anchor stands for: value, raw text (scalars), line, column, block collection, size (-1 while open).
_Anchor = tuple[Any, "str | None", int, int, bool, int]


class _Reader:
    """Turn libyaml's events into plain values and a position table, one document at a time.

    There is no node graph: a value goes into its parent as soon as it is read
    and its position into the parent's block of the table, so a document
    costs its data and four numbers per value. Aliases share one value, so an
    alias bomb costs memory linear in its text; its expanded size is counted
    as it is read and refused at the end of the document. Duplicate keys and
    odd tags are reported; nesting deeper than :data:`MAX_DEPTH` stops the
    read there, before libyaml's scanner goes any further.
    """

    def __init__(self, loader: Any, path: str, offset: int) -> None:
        self.loader = loader
        self.path = path
        self.offset = offset
        self.problems: list[Problem] = []
        self.quiet = 0  # inside a complex key, which is read but not kept: nothing in it is reported
        self.shared = False
        """Whether an alias made two places share one value (such data does not survive a round trip)."""
        self.irregular = False
        """Whether the document read has a duplicate or a complex key, which the final data drops."""
        self.stack: list[_Open] = []
        self.candidates: list[tuple[Pointer, str]] | None = []
        """The strings of the document read that claim to be references (``kind:…``), with their pointers, in
        document order, as :func:`itsmlint.model.reference_candidates` finds them; None for an irregular
        document, whose data must be walked for them."""

    def _pointer(self, *last: str | int) -> Pointer:
        return (*(o.slot for o in self.stack[1:]), *last)

    def document(self, index: int) -> tuple[Any, Positions]:
        """Read one document, its start event already taken, up to and with its end event."""
        get = self.loader.get_event
        plain_tags = _PLAIN_TAGS
        shared = _SHARED
        intern = sys.intern
        offset = self.offset
        anchors: dict[str, _Anchor] = {}
        blocks: dict[int, tuple[Any, array[int]]] = {}
        order: list[array[int]] = []
        stack: list[_Open] = []
        self.stack = stack
        self.irregular = False
        candidates: list[tuple[Pointer, str]] = []
        self.candidates = candidates
        top: _Open | None = None
        values = 0  # distinct values read (an alias adds none)
        # The common case first and inline: a plain scalar under a key or in a
        # list. Everything else (anchors, aliases, odd tags, duplicate keys,
        # collections) goes through the slower, general code below it.
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent:
                values += 1
                mark = event.start_mark
                line = mark.line + 1 + offset
                column = mark.column + 1
                text = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    # Quoted text is text; a plain scalar's type comes from how it looks.
                    tag = (plain_tags.get(text) or _plain_tag(text)) if event.implicit[0] else _STR
                if tag == _STR:
                    value: Any = (shared.get(text) or _share(text)) if len(text) <= _SHARE_UP_TO else text
                else:
                    value = typed(text, tag)
                if top is not None and event.anchor is None and tag in _KNOWN_TAGS:
                    top.size += 1
                    if top.is_map:
                        key = top.key
                        if key is _NO_KEY:
                            top.key = intern(text)
                            top.key_line = line
                            top.key_column = column
                            continue
                        if key not in top.value:
                            top.key = _NO_KEY
                            top.value[key] = value
                            top.block.extend((line, column, top.key_line, top.key_column))
                            if ":" in text and value.__class__ is str and ref_prefix(value) and not self.quiet:
                                candidates.append((self._pointer(key), value))
                            continue
                        top.size -= 1
                    else:
                        if ":" in text and value.__class__ is str and ref_prefix(value) and not self.quiet:
                            candidates.append((self._pointer(len(top.value)), value))
                        top.value.append(value)
                        top.block.extend((line, column, line, column))
                        continue
                if event.anchor is not None:
                    self._anchor(anchors, event.anchor, (value, text, line, column, False, 1), mark)
                if top is None:
                    get()  # the document's end
                    return value, Positions(
                        value, array("I", (line, column) * 2), line, event.end_mark.line + 1 + offset
                    )
                self._add(top, value, text, line, column, False, 1, tag, index)
            elif cls is AliasEvent:
                self.shared = True
                mark = event.start_mark
                found = anchors.get(event.anchor)
                if found is None:
                    raise yaml.composer.ComposerError(None, None, "found undefined alias", mark)
                value, text, a_line, a_column, block, size = found
                if size < 0:
                    raise TooDeep(mark, a_line, a_column, "holds an alias to a value that contains it")
                if top is None:
                    get()  # the document's end
                    return value, Positions(
                        value, array("I", (a_line, a_column) * 2), a_line, event.end_mark.line + 1 + offset
                    )
                self._add(top, value, text, a_line, a_column, block, size, _STR, index)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                values += 1
                mark = event.start_mark
                line = mark.line + 1 + offset
                column = mark.column + 1
                if len(stack) >= MAX_DEPTH:
                    raise TooDeep(mark, line, column)
                complex_key = top is not None and top.is_map and top.key is _NO_KEY
                if top is None:
                    slot: str | int = ""
                elif not top.is_map:
                    slot = len(top.value)
                else:
                    slot = "<complex key>" if complex_key else top.key
                container: Any = {} if cls is MappingStartEvent else []
                tag = event.tag
                if tag is not None and tag != "!" and tag not in _KNOWN_TAGS and not complex_key:
                    self._tag(tag, line, column, self._pointer(slot) if top is not None else (), index)
                block = event.flow_style is not True
                if event.anchor is not None:
                    self._anchor(anchors, event.anchor, (container, None, line, column, block, -1), mark)
                opened = _Open(container, slot, event.anchor, complex_key, line, column)
                blocks[id(container)] = (container, opened.block)
                order.append(opened.block)
                if complex_key:
                    self.irregular = True
                    self.quiet += 1
                elif top is not None:
                    self._place(top, container, line, column, block, index)
                stack.append(opened)
                top = opened
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                closed = stack.pop()
                if closed.anchor is not None:
                    value, text, a_line, a_column, block, _ = anchors[closed.anchor]
                    anchors[closed.anchor] = (value, text, a_line, a_column, block, closed.size)
                if stack:
                    top = stack[-1]
                    top.size += closed.size
                    if closed.complex:
                        self.quiet -= 1
                        top.key, top.key_line, top.key_column = "<complex key>", closed.line, closed.column
                    continue
                root = closed.value
                last = event.end_mark.line + 1 + offset
                get()  # the document's end
                if closed.size > 10 * values + MAX_EXPANSION:
                    raise TooDeep(
                        None,
                        closed.line,
                        closed.column,
                        f"has aliases that expand to {closed.size:,} values from {values:,} (an alias bomb?)",
                        stops_stream=False,
                    )
                if self.irregular:
                    self.candidates = None
                table = array("I", (closed.line, closed.column) * 2)
                # Blocks follow the collections in document order, which is
                # the data's depth-first order unless a duplicate or complex
                # key dropped some of what was read.
                for piece in [blocks[id(c)][1] for c in expansion_order(root)] if self.irregular else order:
                    table.extend(piece)
                return root, Positions(root, table, closed.line, last)
            else:  # pragma: no cover - libyaml's grammar allows nothing else inside a document
                raise AssertionError(f"unexpected {cls.__name__}")

    def _add(
        self,
        parent: _Open,
        value: Any,
        text: str | None,
        line: int,
        column: int,
        block: bool,
        size: int,
        tag: str,
        index: int,
    ) -> None:
        """A scalar or an alias read inside ``parent``: an item, a key, or a key's value."""
        parent.size += size
        if parent.is_map and parent.key is _NO_KEY:
            parent.key = sys.intern(text) if text is not None else "<complex key>"
            parent.key_line, parent.key_column = line, column
            return
        if tag not in _KNOWN_TAGS and not self.quiet:
            where = len(parent.value) if not parent.is_map else parent.key
            self._tag(tag, line, column, self._pointer(where), index)
        self._place(parent, value, line, column, block, index)

    def _place(self, parent: _Open, value: Any, line: int, column: int, block: bool, index: int) -> None:
        """Put a value into its parent, and its position entry into the parent's block."""
        if (
            value.__class__ is str
            and ":" in value
            and ref_prefix(value)
            and not self.quiet
            and self.candidates is not None
        ):
            self.candidates.append((self._pointer(len(parent.value) if not parent.is_map else parent.key), value))
        if not parent.is_map:
            parent.value.append(value)
            parent.block.extend((line, column, line, column))
            return
        key, key_line, key_column = parent.key, parent.key_line, parent.key_column
        parent.key = _NO_KEY
        mapping = parent.value
        # A block collection starts on the line after its key; the key is where a reader looks.
        entry = (key_line, key_column, key_line, key_column) if block else (line, column, key_line, key_column)
        if key not in mapping:
            mapping[key] = value
            parent.block.extend(entry)
            return
        # The last duplicate wins, in the place of the first, as in a plain mapping.
        self.irregular = True
        ordinal = next(i for i, k in enumerate(mapping) if k == key)
        if parent.firsts is None:
            parent.firsts = {}
        first = parent.firsts.setdefault(key, parent.block[ordinal * WIDTH + 2])
        if not self.quiet:
            self.problems.append(
                Problem(
                    DUPLICATE_KEY,
                    self.path,
                    key_line,
                    key_column,
                    f"duplicate key {key!r} (first defined on line {first}); only the last value would be used",
                    self._pointer(key),
                    index=index,
                )
            )
        mapping[key] = value
        parent.block[ordinal * WIDTH : (ordinal + 1) * WIDTH] = array("I", entry)

    def _anchor(self, anchors: dict[str, _Anchor], name: str, what: _Anchor, mark: Any) -> None:
        if name in anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence", None, "second occurrence", mark
            )
        anchors[name] = what

    def _tag(self, tag: str, line: int, column: int, pointer: Pointer, index: int) -> None:
        if self.quiet:
            return
        shown = "!!" + tag[len(_CORE_PREFIX) :] if tag.startswith(_CORE_PREFIX) else tag
        self.problems.append(
            Problem(
                UNSUPPORTED_TAG,
                self.path,
                line,
                column,
                f"unsupported tag {shown!r} ignored; the value is read as plain data",
                pointer,
                index=index,
            )
        )


def parse_text(text: str, path: str) -> tuple[list[tuple[int, Any, Positions]], list[Problem]]:
    """Read every document of ``text``: (index, value, positions) triples, and the problems met."""
    parsed, problems, _, _ = read_text(text, path)
    return parsed, problems


#: The reference candidates of each document read, by its index in the file (None: walk its data for them).
Candidates = dict[int, "list[tuple[Pointer, str]] | None"]


def read_text(text: str, path: str) -> tuple[list[tuple[int, Any, Positions]], list[Problem], bool, Candidates]:
    """The documents of ``text`` as (index, value, positions), the problems, and whether aliases shared values.

    A syntax error ends the file, but the documents before it are kept. A
    document nested deeper than :data:`MAX_DEPTH`, or whose aliases expand
    too far, is reported and skipped; after an over-deep one, reading goes on
    at the next ``---`` line.
    """
    out: list[tuple[int, Any, Positions]] = []
    problems: list[Problem] = []
    index = 0
    offset = 0  # lines before the part being read
    part = text
    deep = 0
    shared = False
    candidates: Candidates = {}
    while True:
        reader = _Reader(_Loader(part), path, offset)
        stop: TooDeep | None = None
        try:
            get = reader.loader.get_event
            get()  # the stream's start
            while get().__class__ is not StreamEndEvent:
                try:
                    value, positions = reader.document(index)
                    out.append((index, value, positions))
                    candidates[index] = reader.candidates
                except TooDeep as exc:
                    problems.append(
                        Problem(INVALID_YAML, path, exc.line, exc.column, f"document {index + 1} {exc.reason}; skipped")
                    )
                    reader.problems = [p for p in reader.problems if p.index != index]
                    deep += 1
                    if exc.stops_stream:
                        stop = exc
                        index += 1
                        break
                index += 1
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if mark is not None and "maximum nesting depth" in str(exc.problem):
                # libyaml 0.2.6 and later stop at 1,000 levels themselves; the
                # document is over-deep, not broken.
                problems.append(
                    Problem(
                        INVALID_YAML,
                        path,
                        mark.line + 1 + offset,
                        mark.column + 1,
                        f"document {index + 1} is nested more than {MAX_DEPTH} levels deep; skipped",
                    )
                )
                stop = TooDeep(mark, 0, 0)
                deep += 1
                index += 1
            else:
                problems.append(_syntax_problem(exc, part, path, offset))
        except yaml.reader.ReaderError as exc:
            # A character YAML forbids (NUL, other C0 controls). libyaml
            # reports a byte offset into the UTF-8 text, not a line.
            at = len(part.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore"))
            line, column = _line_column(part, at)
            what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
            problems.append(
                Problem(INVALID_YAML, path, line + offset, column, f"invalid YAML: {exc.reason} (character {what})")
            )
        except yaml.YAMLError as exc:
            problems.append(Problem(INVALID_YAML, path, 1 + offset, 1, f"invalid YAML: {' '.join(str(exc).split())}"))
        finally:
            reader.loader.dispose()
        problems.extend(reader.problems)
        shared = shared or reader.shared
        if stop is None:
            break
        following = DOCUMENT_START.search(part, stop.mark_index + 1)
        if following is None:
            break
        if deep >= _MAX_DEEP_DOCUMENTS:
            line = offset + part.count("\n", 0, following.start()) + 1
            problems.append(
                Problem(
                    INVALID_YAML,
                    path,
                    line,
                    1,
                    f"more than {_MAX_DEEP_DOCUMENTS} over-deep documents; the rest of the file is skipped",
                )
            )
            break
        offset += part.count("\n", 0, following.start())
        part = part[following.start() :]
    return out, problems, shared, candidates


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = _end_clamped(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = _yaml_reason(exc)
    if mark is not None and text[mark.index : mark.index + 1] == "\t" and "cannot start any token" in reason:
        reason = "a tab cannot indent YAML; use spaces"
    return Problem(INVALID_YAML, path, line + offset, column, f"invalid YAML: {reason}")


# Line breaks as YAML (and so libyaml's marks) count them; --show-source splits lines the same way.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_column(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    breaks = list(LINE_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


def _end_clamped(text: str, line: int, column: int) -> tuple[int, int]:
    """A syntax error at the end of a file with no final line break stays on its last line.

    libyaml adds the missing break before it reports, which would put the
    error on a line the file does not have.
    """
    if text and not text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        last = _line_column(text, len(text))
        if (line, column) > last:
            return last
    return line, column


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return ", ".join(parts) if parts else "syntax error"


def decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (with or without BOM); a clear problem otherwise."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            INVALID_YAML, path, line, column, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        )
    return text, None


def scan_scalar_spans(text: str) -> list[tuple[int, int]] | None:
    """The character spans of every scalar in ``text`` (sorted), or None if it does not scan."""
    try:
        return sorted(
            (t.start_mark.index, t.end_mark.index)
            for t in yaml.scan(text, Loader=BaseLoader)
            if isinstance(t, yaml.ScalarToken)
        )
    except yaml.YAMLError:
        return None
