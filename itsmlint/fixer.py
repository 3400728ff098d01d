"""Apply fixes to a file's text as splices at libyaml's exact marks, so that every other byte stays.

Only the loader and this module touch a YAML library. A fix is a set of
structured edits (:mod:`itsmlint.fixes`); here they become text:

1. The file is decoded as it is: a byte-order mark is kept aside and put
   back, line endings are not normalised, and the line ending a new line
   gets is the file's own (CRLF in a CRLF file).
2. libyaml's events give the start and end of every scalar, key and
   collection in characters (PyYAML's own marks, which the loader's
   positions also come from). No document is re-serialised: ruamel.yaml's
   round trip re-indents some flow collections and long lines, and a
   re-serialisation would in any case restyle quoting and spacing that a
   fix has no business touching.
3. Each edit becomes one splice: a scalar or a flow collection replaced by
   its new text, a key's text replaced, an item inserted after the last item
   of a flow list (``, item``) or on a new line under a block list (at its
   dash column), a key added to a mapping in the same way. Quoting follows
   the value it replaces.
4. The result is read again with the loader and must give exactly the data
   the edits describe (:func:`itsmlint.fixes.applied`), document by
   document, with no new problem; otherwise the fix is refused and the text
   stays as it was. So a fix can fail, but never corrupt a file.

Values under an anchor or an alias, with an explicit tag, or written as
block scalars (``|``, ``>``) are not edited: a splice there could change
other places or lose the tag. Such a fix is refused and its finding stays.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from itsmlint.fixes import Edit, Fix, Replacement, Stale, Value, applied
from itsmlint.loader.compose import BaseLoader, parse_text

BOM = b"\xef\xbb\xbf"


class Refused(Exception):
    """An edit this module will not make in this text; the reason is one phrase."""


@dataclass(slots=True)
class _Node:
    kind: str  # "scalar", "map", "seq"
    start: int
    end: int
    style: str = ""  # a scalar's quote or block indicator ("" for plain); a collection's "flow" or "block"
    text: str = ""
    fixed: bool = True
    """False under an anchor, an alias or an explicit tag: not to be edited."""
    keys: list[_Node] = field(default_factory=list)
    values: list[_Node] = field(default_factory=list)  # a map's values, or a sequence's items


def _documents(text: str) -> list[_Node | None]:
    """The node tree of each document of ``text`` (None for one whose root is a scalar or an alias)."""
    out: list[_Node | None] = []
    stack: list[_Node] = []
    pending_key: list[bool] = []
    root: _Node | None = None
    loader = BaseLoader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent)):
                root = None
                continue
            if isinstance(event, yaml.DocumentEndEvent):
                out.append(root)
                continue
            start, end = event.start_mark, event.end_mark
            assert start is not None and end is not None  # libyaml marks every event
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                closed = stack.pop()
                pending_key.pop()
                closed.end = end.index
                continue
            if isinstance(event, yaml.AliasEvent):
                node = _Node("scalar", start.index, end.index, fixed=False)
            elif isinstance(event, yaml.ScalarEvent):
                node = _Node(
                    "scalar",
                    start.index,
                    end.index,
                    event.style or "",
                    event.value,
                    fixed=event.anchor is None and event.tag in (None, "!"),
                )
            else:
                is_map = isinstance(event, yaml.MappingStartEvent)
                node = _Node(
                    "map" if is_map else "seq",
                    start.index,
                    end.index,
                    "flow" if event.flow_style else "block",
                    fixed=event.anchor is None and event.tag in (None, "!"),
                )
            if stack:
                parent = stack[-1]
                if parent.kind == "map" and pending_key[-1]:
                    parent.keys.append(node)
                    pending_key[-1] = False
                else:
                    parent.values.append(node)
                    if parent.kind == "map":
                        pending_key[-1] = True
            else:
                root = node
            if node.kind != "scalar":
                stack.append(node)
                pending_key.append(node.kind == "map")
    except yaml.YAMLError as exc:
        raise Refused(f"the file does not parse ({' '.join(str(exc).split())[:80]})") from None
    finally:
        loader.dispose()
    return [r if r is not None and r.kind != "scalar" else None for r in out]


def _child(node: _Node, part: str | int) -> tuple[_Node, _Node | None] | None:
    """(value, key) of ``part`` in a collection, or None when absent."""
    if node.kind == "map":
        found = [i for i, k in enumerate(node.keys) if k.kind == "scalar" and k.text == part and k.fixed]
        if len(found) > 1:
            raise Refused(f"key {part!r} is written twice")
        return (node.values[found[0]], node.keys[found[0]]) if found else None
    if node.kind == "seq" and isinstance(part, int) and 0 <= part < len(node.values):
        return node.values[part], None
    return None


def _line_end(text: str, pos: int) -> int:
    """Where the line holding ``pos`` ends, before its line break (after a trailing comment)."""
    nl = text.find("\n", pos)
    if nl == -1:
        return len(text)
    return nl - 1 if nl > 0 and text[nl - 1] == "\r" else nl


def _content_end(node: _Node) -> int:
    """Where a node's own characters end (a block collection's end mark lies at the next token)."""
    if node.kind == "scalar":
        if node.style in ("|", ">"):
            raise Refused("a block scalar ends the collection")
        return node.end
    if node.style == "flow" or not node.values:
        return node.end
    return _content_end(node.values[-1])


def _column(text: str, pos: int) -> int:
    return pos - (text.rfind("\n", 0, pos) + 1)


_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |\s#|[\x00-\x1f\x7f\x85\u2028\u2029]|:$|\s$")


def render(value: Value, *, flow: bool, style: str = "") -> str:
    """A value as YAML text, quoted as ``style`` when the value is text (plain where plain reads back the same)."""
    if isinstance(value, tuple):
        return "[" + ", ".join(render(v, flow=True) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if style == "'" and not re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", value):
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _plain(value, flow):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain(value: str, flow: bool) -> bool:
    if not value or _PLAIN_UNSAFE.search(value) or (flow and re.search(r"[,\[\]{}]", value)):
        return False
    # The loader decides what plain text means (a number, a date, true): it must read back as this text.
    probe = f"k: [{value}]\n" if flow else f"k: {value}\n"
    parsed, problems = parse_text(probe, "<probe>")
    if problems or len(parsed) != 1:
        return False
    got = parsed[0][1].get("k") if isinstance(parsed[0][1], dict) else None
    return got == ([value] if flow else value) and (isinstance(got, str) or isinstance(got[0], str))


@dataclass(frozen=True, slots=True)
class Splice:
    start: int
    end: int
    text: str


class Text:
    """One file's text, parsed for splicing; :meth:`fix` applies fixes to it."""

    def __init__(self, data: bytes) -> None:
        self.bom = data.startswith(BOM)
        try:
            self.text = data[len(BOM) if self.bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("the file is not UTF-8") from None
        first = self.text.find("\n")
        self.newline = "\r\n" if first > 0 and self.text[first - 1] == "\r" else "\n"
        self.trees = _documents(self.text)
        parsed, problems = parse_text(self.text, "<fix>")
        self.data = {index: value for index, value, _ in parsed}
        self.problems = sorted((p.rule_id, p.message) for p in problems)

    def encode(self, text: str) -> bytes:
        return (BOM if self.bom else b"") + text.encode("utf-8")

    # ---- one edit, one splice -------------------------------------------

    def splice(self, edit: Edit) -> Splice:
        if not 0 <= edit.index < len(self.trees) or self.trees[edit.index] is None:
            raise Refused("the document is not in the file")
        node = self.trees[edit.index]
        assert node is not None
        key: _Node | None = None
        parent = node
        for depth, part in enumerate(edit.pointer):
            if not node.fixed:
                raise Refused("the place is under an anchor, an alias or a tag")
            found = _child(node, part)
            if found is None:
                if depth != len(edit.pointer) - 1 or edit.op == "rename":
                    raise Refused("the place is not in the document")
                return self._add_key(node, str(part), edit)
            parent = node
            node, key = found
        if not node.fixed:
            raise Refused("the place is under an anchor, an alias or a tag")
        if edit.op == "rename":
            if key is None or not isinstance(edit.value, str):
                raise Refused("only a key can be renamed")
            if key.text == edit.value:
                return Splice(key.start, key.start, "")
            return Splice(key.start, key.end, render(edit.value, flow=parent.style == "flow", style=key.style))
        if edit.op == "append":
            if node.kind != "seq":
                raise Refused("the place is not a list")
            return self._append(node, edit.value)
        return self._set(node, parent, edit.value, key)

    def _set(self, node: _Node, parent: _Node, value: Value, key: _Node | None = None) -> Splice:
        flow = parent.style == "flow"
        if node.kind == "scalar":
            if node.style in ("|", ">"):
                raise Refused("the value is a block scalar")
            if node.start == node.end:  # "key:" with nothing after it
                return Splice(node.start, node.end, " " + render(value, flow=flow))
            if _same_scalar(node, value):
                return Splice(node.start, node.start, "")  # a no-op keeps the text as written
            return Splice(node.start, node.end, render(value, flow=flow, style=node.style))
        if node.style == "flow":
            return Splice(node.start, node.end, render(value, flow=flow))
        # A block collection under a key ("owner:" then "- person:x" below) becomes " value" on the key's
        # line, which keeps its comment; the collection's own lines go, with it.
        colon = self.text.find(":", key.end) if key is not None and parent.style == "block" else -1
        if colon < 0 or self.text[key.end : colon].strip():  # type: ignore[union-attr]
            raise Refused("the value is a block collection")
        tail = self.text[colon + 1 : _line_end(self.text, colon)]
        if tail.strip() and not tail.strip().startswith("#"):
            raise Refused("the key's line holds more than a comment")
        return Splice(colon + 1, _content_end(node), " " + render(value, flow=False) + tail)

    def _append(self, seq: _Node, value: Value) -> Splice:
        if seq.style == "flow":
            text = render(value, flow=True)
            if not seq.values:
                return Splice(seq.start + 1, seq.start + 1, text)
            return Splice(_content_end(seq.values[-1]), _content_end(seq.values[-1]), ", " + text)
        last = seq.values[-1]
        dash = self.text.rfind("-", 0, last.start) if last.kind == "scalar" or last.style == "flow" else -1
        if last.kind != "scalar" and last.style != "flow":
            # A block collection as an item: its first character follows "- " on the dash's line.
            dash = self.text.rfind("-", 0, last.start + 1)
        if (
            dash < 0
            or self.text[dash + 1 : last.start].strip()
            or _column(self.text, dash) != _column(self.text, seq.start)
        ):
            raise Refused("the list's dash column is unclear")
        at = _line_end(self.text, _content_end(seq))
        return Splice(at, at, f"{self.newline}{' ' * _column(self.text, seq.start)}- {render(value, flow=False)}")

    def _add_key(self, mapping: _Node, key: str, edit: Edit) -> Splice:
        if mapping.kind != "map":
            raise Refused("the parent is not a mapping")
        value: Value = (edit.value,) if edit.op == "append" else edit.value  # type: ignore[assignment]
        flow = mapping.style == "flow"
        entry = f"{render(key, flow=flow)}: {render(value, flow=flow)}"
        if flow:
            if not mapping.values:
                return Splice(mapping.start + 1, mapping.start + 1, entry)
            end = (
                _content_end(mapping.values[-1])
                if mapping.values[-1].end > mapping.values[-1].start
                else mapping.keys[-1].end
            )
            return Splice(end, end, ", " + entry)
        last = mapping.values[-1]
        end = _content_end(last) if not (last.kind == "scalar" and last.start == last.end) else last.start
        at = _line_end(self.text, end)
        return Splice(at, at, f"{self.newline}{' ' * _column(self.text, mapping.keys[0].start)}{entry}")

    # ---- fixes -------------------------------------------------------------

    def splices(self, fix: Fix, path: str) -> list[Splice]:
        return [self.splice(e) for e in fix.edits if e.path == path]

    def fix(self, fixes: Sequence[Fix], path: str) -> tuple[str, list[Fix]]:
        """The text with as many of ``fixes`` (their edits on ``path``) as apply together, and those applied.

        Fixes are tried in order; one that overlaps a fix already taken, does
        not fit the text or does not read back as its edits say waits for a
        later round (the command line lints again between rounds).
        """
        taken: list[Fix] = []
        splices: list[Splice] = []
        text = self.text
        for fix in fixes:
            try:
                mine = self.splices(fix, path)
            except Refused:
                continue
            if all(s.start == s.end and not s.text for s in mine):
                taken.append(fix)  # the text already says it: nothing to write, nothing to check
                continue
            trial = _merge(splices, mine)
            if trial is None:
                continue
            candidate = _apply(self.text, trial)
            if not self._reads_as(candidate, [*taken, fix], path):
                continue
            taken.append(fix)
            splices, text = trial, candidate
        return text, taken

    def _reads_as(self, text: str, fixes: Iterable[Fix], path: str) -> bool:
        edits: dict[int, list[Edit]] = {}
        for fix in fixes:
            for edit in fix.edits:
                if edit.path == path:
                    edits.setdefault(edit.index, []).append(edit)
        try:
            expected = {index: applied(value, edits.get(index, ())) for index, value in self.data.items()}
        except Stale:
            return False
        parsed, problems = parse_text(text, "<fix>")
        got = {index: value for index, value, _ in parsed}
        return (
            got == expected
            and _same_types(got, expected)
            and sorted((p.rule_id, p.message) for p in problems) == self.problems
        )

    def replacements(self, fix: Fix, path: str) -> list[Replacement]:
        """The fix's splices on ``path`` as SARIF-style regions of this text (1-based lines and code points)."""
        out = []
        for s in self.splices(fix, path):
            line, column = self._where(s.start)
            end_line, end_column = self._where(s.end)
            out.append(Replacement(path, line, column, end_line, end_column, s.text))
        return out

    def _where(self, pos: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, pos) + 1
        return line, pos - (self.text.rfind("\n", 0, pos) + 1) + 1


def _same_scalar(node: _Node, value: Value) -> bool:
    """Whether a scalar already reads as ``value``, of the same type (then nothing is written)."""
    if isinstance(value, tuple):
        return False
    if node.style != "":
        return isinstance(value, str) and node.text == value
    parsed, problems = parse_text(f"k: {node.text}\n", "<probe>")
    if problems or len(parsed) != 1 or not isinstance(parsed[0][1], dict):
        return False
    got = parsed[0][1].get("k")
    return type(got) is type(value) and got == value


def _same_types(a: Any, b: Any) -> bool:
    """Equal data can still differ in type (1 == 1.0 == True); a fix must not turn one into another."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return True


def _merge(taken: list[Splice], more: list[Splice]) -> list[Splice] | None:
    """Both sets of splices in text order, or None when one overlaps another (insertions at one place queue)."""
    out = sorted([*taken, *more], key=lambda s: (s.start, s.end))
    # sorted() is stable: insertions at one place keep the order their fixes came in.
    for before, after in itertools.pairwise(out):
        if after.start < before.end or (after.start == before.start and before.end > before.start):
            return None
    return out


def _apply(text: str, splices: Sequence[Splice]) -> str:
    parts = []
    at = 0
    for s in splices:
        parts.append(text[at : s.start])
        parts.append(s.text)
        at = s.end
    parts.append(text[at:])
    return "".join(parts)


def fix_bytes(data: bytes, fixes: Sequence[Fix], path: str) -> tuple[bytes, list[Fix]]:
    """The file's new bytes with the fixes that apply, and those fixes; the bytes as they were when none does."""
    try:
        text = Text(data)
    except Refused:
        return data, []
    new, taken = text.fix(fixes, path)
    return (text.encode(new) if taken else data), taken
