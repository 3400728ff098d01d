"""Which YAML documents are itsmlint's, and the envelope that identifies each one."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from itsmlint.finding import Pointer, Problem
from itsmlint.fixes import Fix, set_value
from itsmlint.ids import SCHEMA
from itsmlint.interop import family_of
from itsmlint.model import API_VERSION, BACKSTAGE, FAMILY_LABELS, KINDS, OPENSLO, Document
from itsmlint.positions import Positions


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


def envelope(value: dict[str, Any], path: str, index: int, locator: Positions) -> tuple[Document | None, list[Problem]]:
    """Check the envelope that identifies a document; build it if sound."""
    problems: list[Problem] = []

    def bad(pointer: Pointer, message: str, fix: Fix | None = None) -> None:
        line, column = locator.locate(pointer)
        problems.append(Problem(SCHEMA, path, line, column, message, pointer, index=index, fix=fix))

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
        bad(
            ("kind",),
            f"kind {kind!r} must be spelled {canonical!r}",
            Fix(f"spell the kind {canonical}", (set_value(("kind",), canonical, kind),), "safe"),
        )
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
        return None, [dataclasses.replace(p, document=ref) for p in problems]
    return Document(path, index, canonical, name, namespace, value, locator), []


# Our apiVersion, or one of our kinds, as a key and value in any YAML style:
# block or flow, the key quoted or not (JSON-style documents), with spaces
# before the colon. The kind must stand alone as the value, in any case
# ("kind: process" is ours with a mistake), so prose that mentions a Process
# or a Risk does not count.
_OURS = re.compile(
    r"""(?:^|[\s{,\[-])["']?apiVersion["']?[ \t]*:[ \t]*["']?itsmlint/"""
    r"""|(?:^|[\s{,\[-])["']?kind["']?[ \t]*:[ \t]*["']?(?i:"""
    + "|".join(KINDS.values())
    + r""")["']?[ \t]*(?:[,}\]#\r\n]|$)""",
    re.MULTILINE,
)


def looks_like_ours(text: str) -> bool:
    """Whether unparseable text was meant as itsmlint documents.

    A broken Helm template or CI file in the repository is not ours to
    report; a file that names our apiVersion or one of our kinds is.
    """
    return _OURS.search(text) is not None


def foreign_documents(
    value: Any, path: str, index: int, locator: Positions, shareable: bool
) -> tuple[list[Document], list[Problem]]:
    """The Backstage entities or OpenSLO objects a YAML document holds (see :mod:`itsmlint.interop`).

    One entity per YAML document, or a list of OpenSLO objects (each becomes
    a document of its own, located inside the list). What lacks a kind or a
    name cannot be referred to by anything: it is reported, not read.
    """
    if isinstance(value, list):
        docs: list[Document] = []
        problems: list[Problem] = []
        last = locator.lines[1]
        starts = [locator.locate((i,))[0] for i in range(len(value))]
        for i, item in enumerate(value):
            if family_of(item) != OPENSLO:
                continue
            end = starts[i + 1] - 1 if i + 1 < len(value) else last
            # Shared (aliased) values would break the item's stretch of the table; such a file is not cached,
            # so the item may as well be located through the whole list.
            where: Any = locator.item(i, end) if shareable else _Within(locator, (i,), (starts[i], end))
            found, trouble = _foreign(item, OPENSLO, path, index, where)
            docs.extend(found)
            problems.extend(trouble)
        return docs, problems
    family = family_of(value)
    if family is None:
        return [], []
    return _foreign(value, family, path, index, locator)


def _foreign(
    value: dict[str, Any], family: str, path: str, index: int, locator: Any
) -> tuple[list[Document], list[Problem]]:
    label = FAMILY_LABELS[family]
    kind = value.get("kind")
    metadata = value.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    namespace = metadata.get("namespace") if isinstance(metadata, dict) else None
    if not isinstance(kind, str) or not kind.strip():
        line, column = locator.locate(("kind",))
        return [], [
            Problem(SCHEMA, path, line, column, f"{label} object without a kind; nothing can use it", ("kind",))
        ]
    if not isinstance(name, (str, int, float)) or isinstance(name, bool) or not str(name).strip():
        pointer: Pointer = ("metadata", "name") if isinstance(metadata, dict) else ("metadata",)
        line, column = locator.locate(pointer)
        return [], [
            Problem(
                SCHEMA, path, line, column, f"{label} {kind} without metadata.name; nothing can refer to it", pointer
            )
        ]
    ns = namespace if family == BACKSTAGE and isinstance(namespace, str) and namespace else "default"
    doc = Document(path, index, kind, str(name), ns, value, locator, family=family)
    doc._schema = []  # the JSON Schemas are itsmlint's; the rules of each format judge its shape
    doc._references = []
    return [doc], []


class _Within:
    """Locates pointers of one item of a list document through the list's own positions."""

    __slots__ = ("_lines", "_parent", "_prefix")

    def __init__(self, parent: Positions, prefix: Pointer, lines: tuple[int, int]) -> None:
        self._parent, self._prefix, self._lines = parent, prefix, lines

    @property
    def lines(self) -> tuple[int, int]:
        return self._lines

    def locate(self, pointer: Pointer) -> tuple[int, int]:
        return self._parent.locate((*self._prefix, *pointer))
