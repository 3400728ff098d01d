"""Where each value of a document sits in its file, kept without the YAML nodes.

A composed YAML node carries two position objects and a tag; keeping every
node of a repository to locate the few values that get a finding cost about
thirty times the memory of the data itself. The loader instead records four
numbers per value while it converts a document, in an ``array``:

* ``here``: where a pointer that ends at the value is reported (the value
  itself, or its key when the value is a block collection under a key, since
  that is where a reader looks);
* ``at``: where a pointer that goes on from the value and breaks off is
  reported (a missing field is shown at the key that should hold it).

The table holds the root's entry, then one block per collection, the
entries of its children in order; the blocks follow :func:`expansion_order`
of the finished data. The reader writes them in that order, and
:func:`blocks` walks the data the same way to find where each collection's
block starts, so no pointer, node or key needs to be stored. That index is
built only for a document that is asked for a position, and dropped again
when others are asked (a small cache), so memory stays flat however many
findings a run has.

No YAML here: the table travels between processes and through the file cache
as plain bytes.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from itsmlint.finding import Pointer

#: Numbers per value in the table: here (line, column), then at (line, column).
WIDTH = 4
#: Documents whose block index is kept between questions.
_KEEP = 256


def expansion_order(data: Any) -> Iterator[dict[str, Any] | list[Any]]:
    """Every collection in ``data`` once, in the order the table keeps their blocks.

    Depth first, in document order; a collection met again through a YAML
    alias is not visited twice.
    """
    seen: set[int] = set()
    stack: list[Any] = [data] if data.__class__ is dict or data.__class__ is list else []
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        yield value
        children = value.values() if value.__class__ is dict else value
        stack.extend(c for c in reversed(list(children)) if c.__class__ is dict or c.__class__ is list)


def blocks(data: Any) -> dict[int, tuple[int, dict[str, int] | None]]:
    """For each collection in ``data`` (by identity): the table index of its first child, and a mapping's key order."""
    found: dict[int, tuple[int, dict[str, int] | None]] = {}
    following = 1  # the root is entry 0
    for value in expansion_order(data):
        keys = dict(zip(value, range(len(value)), strict=True)) if value.__class__ is dict else None
        found[id(value)] = (following, keys)
        following += len(value)
    return found


class Positions:
    """Locates pointers inside one document; see the module's description."""

    __slots__ = ("_data", "_first", "_last", "_table")

    def __init__(self, data: Any, table: array[int], first: int, last: int) -> None:
        self._data, self._table, self._first, self._last = data, table, first, last

    @property
    def lines(self) -> tuple[int, int]:
        """The first and last line of the document."""
        return self._first, self._last

    @property
    def table(self) -> array[int]:
        return self._table

    def item(self, index: int, last: int) -> Positions:
        """The positions of one item of a list document, as a document of its own (OpenSLO files may be lists).

        The item's blocks are one stretch of the table (expansion order is
        depth first), so they are copied out behind the item's own entry.
        ``last`` is the item's last line. The data must hold no shared
        (aliased) values, which would break the stretch up.
        """
        data = self._data
        child = data[index]
        index_of = _blocks_of(data)
        start, _ = index_of[id(data)]
        entry = (start + index) * WIDTH
        head = self._table[entry : entry + WIDTH]
        if child.__class__ is not dict and child.__class__ is not list:
            return Positions(child, head, head[0], last)
        first_block, _ = index_of[id(child)]
        size = sum(len(c) for c in expansion_order(child))
        body = self._table[first_block * WIDTH : (first_block + size) * WIDTH]
        return Positions(child, head + body, head[0], last)

    def locate_key(self, pointer: Pointer) -> tuple[int, int]:
        """Where the key of ``pointer``'s last part is written (its value's place for a list item)."""
        return self.locate((*pointer, _NOWHERE))

    def locate(self, pointer: Pointer) -> tuple[int, int]:
        """The 1-based line and column for ``pointer``; a missing part is shown at the nearest key above it."""
        table = self._table
        index = 0
        node = self._data
        if pointer:
            index_of = _blocks_of(self._data)
            for part in pointer:
                if node.__class__ is dict:
                    key = part if isinstance(part, str) else str(part)
                    if key not in node:
                        break
                    start, keys = index_of[id(node)]
                    ordinal = keys[key]  # type: ignore[index]
                    node = node[key]
                elif node.__class__ is list and isinstance(part, int) and 0 <= part < len(node):
                    start, _ = index_of[id(node)]
                    ordinal = part
                    node = node[part]
                else:
                    break
                index = start + ordinal
            else:
                at = index * WIDTH
                return table[at], table[at + 1]
            at = index * WIDTH
            return table[at + 2], table[at + 3]
        return table[0], table[1]


_NOWHERE = "\x00"  # a key no YAML text can hold: locating it stops at the key above, as a missing field does

_CACHE: OrderedDict[int, tuple[Any, dict[int, tuple[int, dict[str, int] | None]]]] = OrderedDict()


def _blocks_of(data: Any) -> dict[int, tuple[int, dict[str, int] | None]]:
    """:func:`blocks` of one document, kept for the documents asked about most recently.

    The entry holds the data itself, so an identity in it cannot be reused
    by another object while the entry lives.
    """
    key = id(data)
    entry = _CACHE.get(key)
    if entry is not None and entry[0] is data:
        _CACHE.move_to_end(key)
        return entry[1]
    built = blocks(data)
    _CACHE[key] = (data, built)
    if len(_CACHE) > _KEEP:
        _CACHE.popitem(last=False)
    return built


def from_places(data: Any, place: Mapping[Pointer, tuple[int, int]], first: int, last: int) -> Positions:
    """Positions for data built from a text format other than YAML (a CODEOWNERS file).

    ``place`` gives the (line, column) of every value by its pointer; a
    pointer that goes on from a value and breaks off is shown at the value,
    as for YAML. The table is laid out in :func:`expansion_order`, like the
    reader lays it out, so the result travels through the file cache alike.
    """
    table = array("I", [*place.get((), (first, 1)), *place.get((), (first, 1))])
    stack: list[tuple[Pointer, Any]] = [((), data)] if data.__class__ is dict or data.__class__ is list else []
    while stack:
        pointer, value = stack.pop()
        pairs = list(value.items()) if value.__class__ is dict else list(enumerate(value))
        later: list[tuple[Pointer, Any]] = []
        for key, child in pairs:
            where = (*pointer, key)
            line, column = place.get(where, place.get(pointer, (first, 1)))
            table.extend((line, column, line, column))
            if child.__class__ is dict or child.__class__ is list:
                later.append((where, child))
        stack.extend(reversed(later))
    return Positions(data, table, first, last)
