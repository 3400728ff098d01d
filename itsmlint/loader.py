"""Files to documents: discovery, YAML composition and exact positions.

This is one of the two modules allowed to touch a YAML library. Documents are
composed with libyaml (PyYAML's C parser) into nodes, turned into plain Python
values by our own converter, and the nodes are kept so that any pointer can be
located later. Positions are looked up only when a finding needs one, so the
cost of a clean document is one pass over its nodes.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import errno
import functools
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from itsmlint.files import DEFAULT_MAX_FILE_SIZE, compile_globs, discover, display_path
from itsmlint.finding import Pointer
from itsmlint.model import API_VERSION, KINDS, Document

try:  # libyaml is the fast path; the pure-Python parser is the fallback.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


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


class _Loader(_BaseLoader):  # type: ignore[misc]
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
_resolver(_FLOAT, r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
          r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789.")
_resolver(_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])  # type: ignore[arg-type]
_resolver(_DATE, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "0123456789")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file or document found while loading."""

    rule_id: str
    path: str
    line: int
    column: int
    message: str
    pointer: Pointer = ()
    document: str | None = None
    index: int | None = None
    """The position of the document in its file, for problems inside one."""


@dataclass(slots=True)
class LoadResult:
    """Every document that could be read, and every problem met on the way."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    """Files that held itsmlint documents or a problem; other YAML is not counted."""
    directives: list[Directive] = field(default_factory=list)
    """``# itsmlint: ...`` comments in files that hold itsmlint documents."""
    text: str | None = None
    """The text of a single file that held documents (see :func:`load_file`), to locate them again."""


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``# itsmlint: ignore[RULE,...] reason`` comment (or ``ignore-file``).

    ``kind`` is empty when the comment names itsmlint but cannot be read, so
    that a typo is reported instead of silently suppressing nothing.
    """

    path: str
    line: int
    column: int
    kind: str
    rules: tuple[str, ...]
    reason: str
    own_line: bool
    text: str


class NodeLocator:
    """Find the line and column of a pointer by walking the composed nodes.

    ``offset`` is the number of lines before the text the nodes were
    composed from, when a file is read in parts.
    """

    __slots__ = ("_offset", "_root")

    def __init__(self, root: yaml.Node, offset: int = 0) -> None:
        self._root = root
        self._offset = offset

    @property
    def lines(self) -> tuple[int, int]:
        return self._root.start_mark.line + 1 + self._offset, self._root.end_mark.line + 1 + self._offset

    def locate(self, pointer: Pointer) -> tuple[int, int]:
        line, column = self._locate(pointer)
        return line + self._offset, column

    def _locate(self, pointer: Pointer) -> tuple[int, int]:
        node: yaml.Node = self._root
        key_node: yaml.Node | None = None
        for part in pointer:
            child = _child(node, part)
            if child is None:
                # A missing field is reported at the key that should hold it.
                return _position(key_node or node)
            key_node, node = child
        block = not isinstance(node, yaml.ScalarNode) and getattr(node, "flow_style", None) is not True
        if key_node is not None and block:
            # A block collection starts on the line after its key; the key is
            # where a reader looks.
            return _position(key_node)
        return _position(node)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in reversed(node.value):  # the last duplicate wins, as in the data
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Converter:
    """Turn a node graph into plain values, noting duplicate keys and odd tags.

    Aliases share one converted value (memoised by node identity), so an alias
    bomb costs memory and time linear in its nodes, not in its expansion.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.offset = 0
        """Lines before the part of the file being converted."""
        self.problems: list[Problem] = []
        self._memo: dict[int, Any] = {}

    def convert(self, root: yaml.Node, index: int = 0) -> Any:
        # An explicit stack rather than recursion: nesting depth is the
        # author's choice, not ours, and must not hit the recursion limit.
        # Scalars, most of the nodes, are converted where they are met;
        # only collections go on the stack.
        result: list[Any] = [None]
        stack: list[tuple[yaml.Node, Any, Any, Pointer]] = [(root, result, 0, ())]
        memo = self._memo
        while stack:
            node, parent, slot, pointer = stack.pop()
            if node.__class__ is yaml.ScalarNode:
                parent[slot] = self._scalar(node, pointer, index)
                continue
            known = memo.get(id(node))
            if known is not None:
                parent[slot] = known
                continue
            if len(pointer) >= MAX_DEPTH:
                raise _TooDeep(node.start_mark)
            if node.tag not in _KNOWN_TAGS:
                self._tag(node, pointer, index)
            if node.__class__ is yaml.SequenceNode:
                seq: list[Any] = [None] * len(node.value)
                memo[id(node)] = seq
                parent[slot] = seq
                for i, item in enumerate(node.value):
                    if item.__class__ is yaml.ScalarNode and item.tag == _STR:
                        seq[i] = item.value
                    else:
                        stack.append((item, seq, i, (*pointer, i)))
            else:
                mapping: dict[str, Any] = {}
                memo[id(node)] = mapping
                parent[slot] = mapping
                # Keys first, holding their value nodes: the last duplicate
                # wins, in the place of the first, as in a plain mapping.
                for key_node, value_node in node.value:
                    key = key_node.value if key_node.__class__ is yaml.ScalarNode else "<complex key>"
                    if key in mapping:
                        self._duplicate(node, key_node, key, pointer, index)
                    mapping[key] = value_node
                for key, value_node in mapping.items():
                    if value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:
                        mapping[key] = value_node.value
                    else:
                        stack.append((value_node, mapping, key, (*pointer, key)))
        return result[0]

    def _scalar(self, node: yaml.ScalarNode, pointer: Pointer, index: int) -> Any:
        if node.tag not in _KNOWN_TAGS:
            self._tag(node, pointer, index)
        return _scalar(node)

    def _tag(self, node: yaml.Node, pointer: Pointer, index: int) -> None:
        tag = "!!" + node.tag[len(_CORE_PREFIX):] if node.tag.startswith(_CORE_PREFIX) else node.tag
        self._problem("YAML003", node, f"unsupported tag {tag!r} ignored; the value is read as plain data",
                      pointer, index)

    def _duplicate(self, node: yaml.Node, key_node: yaml.Node, key: str, pointer: Pointer,
                   index: int) -> None:
        first = next(k for k, _ in node.value if (k.value if k.__class__ is yaml.ScalarNode else "<complex key>")
                     == key)
        self._problem("YAML002", key_node, f"duplicate key {key!r} (first defined on line "
                      f"{first.start_mark.line + 1 + self.offset}); only the last value would be used",
                      (*pointer, key), index)

    def _problem(self, rule_id: str, node: yaml.Node, message: str, pointer: Pointer, index: int) -> None:
        line, column = _position(node)
        self.problems.append(Problem(rule_id, self.path, line + self.offset, column, message, pointer, index=index))


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    tag = node.tag
    if tag == _STR or tag not in _KNOWN_TAGS:
        return value
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

# libyaml's composer (PyYAML's C extension) recurses once per nesting level on
# the C stack: about 250 bytes a level, so tens of thousands of "[" crash the
# process. Text whose nesting cannot reach this many levels goes to the C
# composer; anything else is composed from the event stream by our own loop.
_C_SAFE_DEPTH = 5000
_DOCUMENT_START = re.compile(r"^(?:---|\.\.\.)", re.MULTILINE)
# Half the safe depth each for flow and block nesting: two fixed patterns, compiled once.
_DEEP_BLOCK = re.compile(rf"^[ \t?:-]{{{_C_SAFE_DEPTH // 2}}}", re.MULTILINE)


def _may_nest_deeply(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` might nest more than :data:`_C_SAFE_DEPTH` levels.

    A sound upper bound, computed at C speed: every flow level needs a
    bracket, and every block level needs a column of indentation or a
    leading "- "/"? "/": " indicator.
    """
    flow = text.count("[", start, end) + text.count("{", start, end)
    return flow >= _C_SAFE_DEPTH // 2 or _DEEP_BLOCK.search(text, start, end) is not None


def _needs_event_path(text: str) -> bool:
    # Each level costs at least one character: short text cannot nest deeply.
    if len(text) < _C_SAFE_DEPTH // 2 or not _may_nest_deeply(text, 0, len(text)):
        return False
    # A large file of ordinary documents passes document by document.
    starts = [0, *(m.start() for m in _DOCUMENT_START.finditer(text)), len(text)]
    return any(_may_nest_deeply(text, a, b) for a, b in itertools.pairwise(starts))


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark, reason: str = f"is nested more than {MAX_DEPTH} levels deep") -> None:
        super().__init__(mark)
        self.mark, self.reason = mark, reason


MAX_EXPANSION = 10_000
"""Values an alias may add to a document beyond ten times its own nodes."""


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand far beyond its text, or into itself.

    The converter shares aliased values, so loading stays linear; but every
    rule that walks the data would walk the expansion ("billion laughs"),
    and a self-containing value would never end. Sizes are counted once per
    node, bottom up, so the check is linear too.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    nodes = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _TooDeep(node.start_mark, "holds an alias to a value that contains it")
        nodes += 1
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    if sizes[id(root)] > 10 * nodes + MAX_EXPANSION:
        raise _TooDeep(root.start_mark, f"has aliases that expand to {sizes[id(root)]:,} values from {nodes:,} "
                       "(an alias bomb?)")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _compose_events(loader: Any, limit: int) -> Iterator[yaml.Node | _TooDeep]:
    """Compose documents from libyaml's events with a loop, not recursion.

    Stops at the first document nested deeper than ``limit``, yielding a
    :class:`_TooDeep` for it: libyaml's scanner slows down quadratically with
    flow depth, so the rest of that document is never read.
    """
    loader.get_event()  # stream start
    while not loader.check_event(yaml.StreamEndEvent):
        loader.get_event()  # document start
        anchors: dict[str, yaml.Node] = {}
        stack: list[list[Any]] = []  # [collection node, key waiting for its value]
        root: yaml.Node | None = None
        while not loader.check_event(yaml.DocumentEndEvent):
            event: Any = loader.get_event()
            # libyaml's marks and events are typed as PyYAML's pure-Python ones.
            start: Any = event.start_mark
            end: Any = event.end_mark
            anchor: Any = getattr(event, "anchor", None)
            node: yaml.Node
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()[0].end_mark = end
                continue
            if isinstance(event, yaml.AliasEvent):
                found = anchors.get(anchor)
                if found is None:
                    raise yaml.composer.ComposerError(None, None, f"found undefined alias {anchor!r}", start)
                node = found
            elif isinstance(event, yaml.ScalarEvent):
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
            else:
                if len(stack) >= limit:
                    yield _TooDeep(start)
                    return
                kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(kind, None, event.implicit)
                node = kind(tag, [], start, end, flow_style=event.flow_style)
            if anchor is not None and not isinstance(event, yaml.AliasEvent):
                anchors[anchor] = node
            if not stack:
                root = node
            elif isinstance(stack[-1][0], yaml.SequenceNode):
                stack[-1][0].value.append(node)
            elif stack[-1][1] is None:
                stack[-1][1] = node
            else:
                stack[-1][0].value.append((stack[-1][1], node))
                stack[-1][1] = None
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append([node, None])
        loader.get_event()  # document end
        if root is not None:
            yield root


#: Over-deep documents read past in one file before the rest of it is given up.
_MAX_DEEP_DOCUMENTS = 10


def parse_text(text: str, path: str) -> tuple[list[tuple[int, Any, NodeLocator]], list[Problem]]:
    """Compose every document of ``text``: (index, value, locator) triples.

    A syntax error ends the file, but the documents before it are kept. A
    document nested deeper than :data:`MAX_DEPTH` is reported and skipped,
    and reading goes on at the next ``---`` line.
    """
    converter = _Converter(path)
    out: list[tuple[int, Any, NodeLocator]] = []
    problems: list[Problem] = []
    index = 0
    offset = 0  # lines before the part being read
    part = text
    deep = 0
    aliases = "&" in text  # no anchor, no alias to check
    while True:
        nodes, problem, stop = _compose_part(part, path)
        converter.offset = offset
        for node in nodes:
            try:
                if isinstance(node, _TooDeep):
                    raise node
                if aliases:
                    _check_aliases(node)
                out.append((index, converter.convert(node, index), NodeLocator(node, offset)))
            except _TooDeep as exc:
                converter.problems = [p for p in converter.problems if p.index != index]
                problems.append(Problem("YAML001", path, exc.mark.line + 1 + offset, exc.mark.column + 1,
                                        f"document {index + 1} {exc.reason}; skipped"))
                deep += 1
            index += 1
        if problem is not None:
            problems.append(dataclasses.replace(problem, line=problem.line + offset))
        if stop is None:
            break
        following = _DOCUMENT_START.search(part, stop.index + 1)
        if following is None:
            break
        if deep >= _MAX_DEEP_DOCUMENTS:
            line = offset + part.count("\n", 0, following.start()) + 1
            problems.append(Problem("YAML001", path, line, 1, f"more than {_MAX_DEEP_DOCUMENTS} over-deep "
                                    "documents; the rest of the file is skipped"))
            break
        offset += part.count("\n", 0, following.start())
        part = part[following.start():]
    return out, problems + converter.problems


def _compose_part(text: str, path: str) -> tuple[list[yaml.Node | _TooDeep], Problem | None, yaml.Mark | None]:
    """The documents of ``text``, a syntax problem, and where an over-deep document stopped the read."""
    loader = _Loader(text)
    nodes: list[yaml.Node | _TooDeep] = []
    problem: Problem | None = None
    try:
        if _needs_event_path(text):
            for node in _compose_events(loader, MAX_DEPTH):
                nodes.append(node)
                if isinstance(node, _TooDeep):
                    return nodes, None, node.mark
        else:
            while loader.check_node():
                nodes.append(loader.get_node())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and "maximum nesting depth" in str(exc.problem):
            # libyaml 0.2.6 and later stop at 1,000 levels themselves, and
            # their scanner can get there before our composer reaches
            # MAX_DEPTH: the document is over-deep, not broken.
            nodes.append(_TooDeep(mark))
            return nodes, None, mark
        line, column = _end_clamped(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = _yaml_reason(exc)
        if mark is not None and text[mark.index:mark.index + 1] == "\t" and "cannot start any token" in reason:
            reason = "a tab cannot indent YAML; use spaces"
        problem = Problem("YAML001", path, line, column, f"invalid YAML: {reason}")
    except yaml.reader.ReaderError as exc:
        # A character YAML forbids (NUL, other C0 controls): libyaml gives
        # the offset in the text, not a line.
        # libyaml reports a byte offset into the UTF-8 text.
        index = len(text.encode("utf-8")[:exc.position].decode("utf-8", errors="ignore"))
        line, column = _line_column(text, index)
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        problem = Problem("YAML001", path, line, column, f"invalid YAML: {exc.reason} (character {what})")
    except yaml.YAMLError as exc:
        problem = Problem("YAML001", path, 1, 1, f"invalid YAML: {' '.join(str(exc).split())}")
    finally:
        loader.dispose()
    return nodes, problem, None


# Line breaks as YAML (and so libyaml's marks) count them.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_column(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    breaks = list(_BREAK.finditer(text, 0, index))
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
        return None, Problem("YAML001", path, line, column,
                             f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})")
    return text, None


def is_itsmlint(value: Any) -> bool:
    """Whether a YAML document is meant for itsmlint.

    Other YAML in the repository (CI workflows, compose files, Kubernetes
    manifests) is skipped silently. A document with one of our kinds but no
    apiVersion is ours with a mistake, not someone else's file.
    """
    if not isinstance(value, dict):
        return False
    api = value.get("apiVersion")
    if isinstance(api, str):
        return api.startswith("itsmlint/")
    kind = value.get("kind")
    return api is None and isinstance(kind, str) and kind.lower() in KINDS and "spec" in value


def _envelope(value: dict[str, Any], path: str, index: int,
              locator: NodeLocator) -> tuple[Document | None, list[Problem]]:
    """Check the envelope that identifies a document; build it if sound."""
    problems: list[Problem] = []

    def bad(pointer: Pointer, message: str) -> None:
        line, column = locator.locate(pointer)
        problems.append(Problem("SCHEMA001", path, line, column, message, pointer))

    api = value.get("apiVersion")
    if api is None:
        bad((), f"missing apiVersion (expected {API_VERSION!r})")
    elif api != API_VERSION:
        bad(("apiVersion",), f"unsupported apiVersion {api!r} (expected {API_VERSION!r})")
    kind = value.get("kind")
    canonical = KINDS.get(kind.lower()) if isinstance(kind, str) else None
    if kind is None:
        bad((), "missing kind")
    elif canonical is None:
        from difflib import get_close_matches

        guess = get_close_matches(str(kind), list(KINDS.values()), n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        bad(("kind",), f"unknown kind {kind!r}{hint}; expected one of {', '.join(KINDS.values())}")
    elif canonical != kind:
        bad(("kind",), f"kind {kind!r} must be spelled {canonical!r}")
    metadata = value.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    namespace = metadata.get("namespace", "default") if isinstance(metadata, dict) else "default"
    if not isinstance(metadata, dict):
        bad(("metadata",) if "metadata" in value else (), "missing metadata mapping with a name")
    elif not isinstance(name, str) or not name:
        bad(("metadata", "name") if "name" in metadata else ("metadata",), "metadata.name must be a non-empty name")
    if not isinstance(namespace, str):
        namespace = "default"
    if not isinstance(value.get("spec"), dict):
        bad(("spec",) if "spec" in value else (), "spec must be a mapping")
    if problems or canonical is None or not isinstance(name, str):
        ref = f"{canonical.lower()}:{name}" if canonical and isinstance(name, str) and name else None
        return None, [Problem(p.rule_id, p.path, p.line, p.column, p.message, p.pointer, ref) for p in problems]
    return Document(path, index, canonical, name, namespace, value, locator), []


_OURS = re.compile(
    r"^\s*(?:-\s+)?(?:apiVersion:\s*[\"']?itsmlint/|kind:\s*[\"']?(?:" + "|".join(KINDS.values()) + r")[\"']?\s*$)",
    re.MULTILINE,
)


def looks_like_ours(text: str) -> bool:
    """Whether unparseable text was meant as itsmlint documents.

    A broken Helm template or CI file in the repository is not ours to
    report; a file that names our apiVersion or one of our kinds is.
    """
    return _OURS.search(text) is not None


def _why(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"broken symbolic link to {os.readlink(path)!r}"
    return exc.strerror or str(exc)


class _NotRegular(Exception):
    """The path is a pipe, socket, device or folder, not a file to read."""


class _TooLarge(Exception):
    def __init__(self, size: int, head: bytes) -> None:
        super().__init__(size)
        self.size, self.head = size, head


_HEAD = 65536


def _read_regular(path: Path, max_size: int) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    The file is opened without blocking and checked on the open handle, so a
    FIFO is never waited on and a file swapped for one after a ``stat`` is
    still caught. No more than ``max_size`` + 1 bytes are ever read, so a file
    that grows while it is read cannot exhaust memory either.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(_file_type(info.st_mode))
        if info.st_size > max_size:
            raise _TooLarge(info.st_size, handle.read(_HEAD))
        data = handle.read(max_size + 1)
        if len(data) > max_size:
            raise _TooLarge(max(info.st_size, len(data)), data[:_HEAD])
        return data


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


def load_file(path: Path, display: str, max_size: int = DEFAULT_MAX_FILE_SIZE, explicit: bool = True) -> LoadResult:
    """Load one file; never raises for anything the file may contain.

    ``explicit`` is false for files found by walking a folder: a syntax error
    in those is reported only when the file looks like itsmlint documents.
    """
    result = LoadResult()
    try:
        data = _read_regular(path, max_size)
    except _NotRegular as exc:
        # A named pipe, socket or device called *.yaml would block or never
        # end; it is not a document file whatever its name.
        if explicit:
            result.problems.append(Problem("YAML001", display, 1, 1, f"not a regular file ({exc}); skipped"))
            result.files = 1
        return result
    except _TooLarge as exc:
        if explicit or looks_like_ours(exc.head.decode("utf-8", errors="replace")):
            result.problems.append(Problem(
                "YAML001", display, 1, 1,
                f"file is {exc.size} bytes, over the max_file_size limit of {max_size}; skipped"))
            result.files = 1
        return result
    except OSError as exc:
        result.problems.append(Problem("YAML001", display, 1, 1, f"cannot read file: {_why(path, exc)}"))
        result.files = 1
        return result
    text, problem = decode(data, display)
    if text is None:
        assert problem is not None
        # Undecodable bytes in a file we only came across are reported only
        # when the rest of it reads like ours.
        if explicit or looks_like_ours(data.decode("latin-1")):
            result.problems.append(problem)
            result.files = 1
        return result
    parsed, problems = parse_text(text, display)
    refs: dict[int, str | None] = {}
    skipped: set[int] = set()
    for index, value, locator in parsed:
        if not is_itsmlint(value):
            skipped.add(index)
            continue
        doc, envelope_problems = _envelope(value, display, index, locator)
        result.problems.extend(envelope_problems)
        if doc is not None:
            result.documents.append(doc)
            refs[index] = doc.ref
        elif envelope_problems:
            refs[index] = envelope_problems[0].document
    for problem in problems:
        if problem.index is None and not explicit and not refs and not looks_like_ours(text):
            continue  # unparseable YAML that never claimed to be ours
        if problem.index in skipped:
            continue  # someone else's YAML: duplicate keys and tags there are not ours to judge
        if problem.index is not None:
            problem = dataclasses.replace(problem, document=refs.get(problem.index))
        result.problems.append(problem)
    result.files = int(bool(result.documents or result.problems or refs))
    if result.documents:
        result.text = text
    # Every document says "itsmlint/v1": look for the comment itself before scanning the file.
    # Not in a file that did not parse cleanly: scanning it again for comments
    # could cost as much as the attack it held.
    if (refs and text.count("itsmlint") > text.count("itsmlint/")  # a mention other than the apiVersion
            and not any(p.rule_id == "YAML001" for p in problems) and _DIRECTIVE.search(text)):
        result.directives = directives(text, display)
    return result


# "# itsmlint: ..." and, forgetting the colon, "# itsmlint ignore[...]": both
# are read, so that a near miss works (or is reported) instead of silently
# doing nothing.
_DIRECTIVE = re.compile(r"(?:^|(?<=\s))#\s*itsmlint\s*(?::|(?=\s+ignore))(?P<body>[^\n]*)", re.MULTILINE)
_NEXT_COMMENT = re.compile(r"(?:^|\s)#\s")
_BODY = re.compile(r"^\s*(?P<kind>ignore-file|ignore)\s*\[(?P<rules>[^\]]*)\]\s*(?P<reason>.*?)\s*$")


def directives(text: str, path: str) -> list[Directive]:
    """Every ``# itsmlint:`` comment of a file, with its position.

    A ``#`` inside a quoted or block scalar is text, not a comment: the
    spans of the scalars come from libyaml's scanner, so only real comments
    count. If the file does not scan, no directive is read from it.
    """
    try:
        spans = sorted((t.start_mark.index, t.end_mark.index) for t in yaml.scan(text, Loader=_BaseLoader)
                       if isinstance(t, yaml.ScalarToken))
    except yaml.YAMLError:
        return []
    starts = [s for s, _ in spans]
    found = []
    for m in _DIRECTIVE.finditer(text):
        at = m.start()
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] <= at < spans[i][1]:
            continue  # part of a value, not a comment
        line_start = text.rfind("\n", 0, at) + 1
        line = text.count("\n", 0, at) + 1
        body = _BODY.match(m.group("body"))
        own_line = not text[line_start:at].strip()
        raw = m.group(0).strip()
        if body is None:
            found.append(Directive(path, line, at - line_start + 1, "", (), "", own_line, raw))
            continue
        rules = tuple(r.strip() for r in body.group("rules").split(",") if r.strip())
        # "# itsmlint: ignore[X] reason  # another comment": the reason stops at
        # the next " # "; "ticket #123" keeps its hash.
        reason = _NEXT_COMMENT.split(body.group("reason"), maxsplit=1)[0].strip()
        found.append(Directive(path, line, at - line_start + 1, body.group("kind"), rules, reason, own_line,
                               raw.split(" # ", 1)[0].rstrip() if reason else raw))
    return found


def load(paths: Sequence[Path], root: Path, exclude: Sequence[str] = (),
         max_file_size: int = DEFAULT_MAX_FILE_SIZE, exclude_base: Path | None = None,
         progress: Callable[[str, int, int], None] | None = None, skip: Sequence[Path] = (),
         jobs: int = 1) -> LoadResult:
    """Discover and load every document under ``paths``; ``progress(stage, done, total)`` per file.

    With ``jobs`` > 1 the files are parsed by that many processes; the result
    is the same, in the same order.
    """
    result = LoadResult()
    named = {display_path(p, root) for p in paths if not p.is_dir()}
    files = discover(paths, root, compile_globs(exclude), exclude_base, skip)
    items = [(str(f), display_path(f, root)) for f in files]
    work = [(path, shown, shown in named) for path, shown in items]
    if jobs > 1 and len(work) >= _PARALLEL_FROM:
        loaded: Iterable[LoadResult] = _load_parallel(work, max_file_size, jobs, progress)
    else:
        loaded = _load_each(work, max_file_size, progress)
    for one in loaded:
        result.documents.extend(one.documents)
        result.problems.extend(one.problems)
        result.directives.extend(one.directives)
        result.files += one.files
    return result


#: Below this many files, starting processes costs more than it saves.
_PARALLEL_FROM = 64


def _load_each(work: Sequence[tuple[str, str, bool]], max_size: int,
               progress: Callable[[str, int, int], None] | None) -> Iterator[LoadResult]:
    for done, (path, shown, explicit) in enumerate(work, start=1):
        if progress is not None:
            progress("loading", done, len(work))
        yield load_file(Path(path), shown, max_size, explicit)


def _load_part(work: Sequence[tuple[str, str, bool]], max_size: int) -> list[LoadResult]:
    """Load some files in a worker process: documents travel without their nodes, with their file's text."""
    out = []
    for one in _load_each(work, max_size, None):
        for doc in one.documents:
            doc.locator = _Unlocated(doc.index)
        out.append(one)
    return out


def _load_parallel(work: Sequence[tuple[str, str, bool]], max_size: int, jobs: int,
                   progress: Callable[[str, int, int], None] | None) -> Iterator[LoadResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    size = max(16, len(work) // (jobs * 8))  # small parts even out files of unequal size
    parts = [work[i:i + size] for i in range(0, len(work), size)]
    done = 0
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for part in pool.map(_load_part, parts, [max_size] * len(parts)):
            for one in part:
                if one.text is not None:
                    source = _Source(one.text, one.documents[0].path)
                    for doc in one.documents:
                        doc.locator = _LazyLocator(source, doc.index)
                    one.text = None
                yield one
            done += len(part)
            if progress is not None:
                progress("loading", done, len(work))


class _Unlocated:
    """Stands in for a locator while a document travels between processes."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    @property
    def lines(self) -> tuple[int, int]:
        raise RuntimeError("document not yet bound to its file")

    def locate(self, pointer: Pointer) -> tuple[int, int]:
        raise RuntimeError("document not yet bound to its file")


class _Source:
    """A file's text, parsed again only if one of its documents is asked for a position."""

    __slots__ = ("_locators", "display", "text")

    def __init__(self, text: str, display: str) -> None:
        self.text, self.display = text, display
        self._locators: dict[int, NodeLocator] | None = None

    def locator(self, index: int) -> NodeLocator:
        if self._locators is None:
            parsed, _ = parse_text(self.text, self.display)
            self._locators = {i: locator for i, _, locator in parsed}
        return self._locators[index]


class _LazyLocator:
    __slots__ = ("_index", "_source")

    def __init__(self, source: _Source, index: int) -> None:
        self._source, self._index = source, index

    @property
    def lines(self) -> tuple[int, int]:
        return self._source.locator(self._index).lines

    def locate(self, pointer: Pointer) -> tuple[int, int]:
        return self._source.locator(self._index).locate(pointer)


def iter_documents(text: str, path: str = "<text>") -> Iterator[tuple[int, Any, NodeLocator]]:
    """Parse text into raw (index, value, locator) triples; for tests and tools."""
    parsed, _ = parse_text(text, path)
    yield from parsed


class ConfigError(Exception):
    """A configuration file that cannot be used; carries file and line."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        # Line 0: the source is not a file (a plugin), so there is no position to give.
        super().__init__(f"{path}:{line}:{column}: {message}" if line > 0 else f"{path}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


def load_config_file(path: Path, display: str) -> tuple[Any, NodeLocator | None]:
    """Read a single-document YAML config file (settings, policies, rules).

    Raises :class:`ConfigError` with the file and line for anything wrong.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(display, 1, 1, f"cannot read file: {exc.strerror or exc}") from None
    text, problem = decode(data, display)
    if text is None:
        assert problem is not None
        raise ConfigError(display, problem.line, problem.column, problem.message)
    return parse_config_text(text, display)


def parse_config_text(text: str, display: str) -> tuple[Any, NodeLocator | None]:
    """Parse config text; see :func:`load_config_file`."""
    parsed, problems = parse_text(text, display)
    if problems:
        p = min(problems, key=lambda p: (p.line, p.column))
        # Data files keep a tagged value as plain data; a config must be exact.
        raise ConfigError(display, p.line, p.column, p.message.split(" ignored;")[0] + " is not allowed here"
                          if p.rule_id == "YAML003" else p.message)
    if not parsed:
        return None, None
    if len(parsed) > 1:
        raise ConfigError(display, 1, 1, "expected a single YAML document")
    _, value, locator = parsed[0]
    return value, locator
