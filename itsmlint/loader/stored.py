"""What one file gave, as plain JSON for the file cache, and back.

The entry holds no path: the same bytes give the same entry wherever the
file lies, and the path is put back when the entry is read. Dates, which JSON
lacks, travel as a one-key mapping whose key no YAML text can hold (a NUL).
An entry that does not have exactly the expected shape is treated as absent.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from array import array
from typing import Any

from itsmlint.finding import Problem
from itsmlint.fixes import from_plain, to_plain
from itsmlint.loader import LoadResult
from itsmlint.loader.comments import Comment
from itsmlint.model import FOREIGN_FAMILIES, ITSMLINT, Document, parse_ref
from itsmlint.positions import Positions
from itsmlint.schema import SchemaError

_DATE = "\x00date"
FAMILIES = frozenset((ITSMLINT, *FOREIGN_FAMILIES))


def _default(value: object) -> object:
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__}")


def _hook(mapping: dict[str, Any]) -> Any:
    if _DATE in mapping:
        return dt.date.fromisoformat(mapping[_DATE])
    return mapping


def encode(result: LoadResult) -> bytes:
    documents = []
    for doc in (*result.documents, *result.foreign):
        assert isinstance(doc.locator, Positions)
        documents.append(
            [
                doc.index,
                doc.kind,
                doc.name,
                doc.namespace,
                doc.data,
                base64.b64encode(doc.locator.table.tobytes()).decode("ascii"),
                list(doc.locator.lines),
                [[list(e.pointer), e.message] for e in doc._schema or ()],
                [[list(p), v] for p, v, _ in doc._references or ()],
                doc.family,
            ]
        )
    problems = [
        [p.rule_id, p.line, p.column, p.message, list(p.pointer), p.document, p.index, to_plain(p.fix)]
        for p in result.problems
    ]
    comments = [[c.line, c.column, c.text, c.own_line] for c in result.comments]
    return json.dumps(
        [result.files, documents, problems, comments], default=_default, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def decode(entry: bytes, path: str) -> LoadResult | None:
    """The result an entry holds, with ``path`` put back; None for anything but a sound entry."""
    try:
        files, documents, problems, comments = json.loads(entry, object_hook=_hook)
        result = LoadResult(files=int(files))
        for index, kind, name, namespace, data, table, lines, schema, refs, family in documents:
            if not (
                isinstance(data, dict)
                and isinstance(kind, str)
                and isinstance(name, str)
                and isinstance(namespace, str)
                and isinstance(index, int)
                and family in FAMILIES
            ):
                return None
            positions = array("I")
            positions.frombytes(base64.b64decode(table, validate=True))
            first, last = lines
            doc = Document(
                path,
                index,
                kind,
                name,
                namespace,
                data,
                Positions(data, positions, int(first), int(last)),
                family=family,
            )
            doc._schema = [SchemaError(tuple(p), str(m)) for p, m in schema]
            doc._references = [(tuple(p), str(v), parse_ref(v)) for p, v in refs]
            (result.documents if family == ITSMLINT else result.foreign).append(doc)
        result.problems = [
            Problem(
                str(r),
                path,
                int(line),
                int(column),
                str(message),
                tuple(pointer),
                document if document is None else str(document),
                index if index is None else int(index),
                fix=from_plain(fix),
            )
            for r, line, column, message, pointer, document, index, fix in problems
        ]
        result.comments = [
            Comment(path, int(line), int(column), str(text), bool(own)) for line, column, text, own in comments
        ]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return result
