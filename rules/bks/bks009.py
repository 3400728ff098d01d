"""BKS009: Location targets lead to entity files, and no entity file beside them is left out."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from itsmlint.finding import Hit, Pointer
from itsmlint.interop.backstage import catalog_of, entity_name
from itsmlint.model import Corpus, Document, as_list
from itsmlint.rule import Context, CorpusRule

if TYPE_CHECKING:
    from itsmlint.patterns import Matcher

_WILD = frozenset("*?[")


class Locations(CorpusRule):
    """Each file target of a Location holds catalog entities; files beside listed ones are listed too."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        catalog = catalog_of(corpus)
        locations = catalog.of_kind("location")
        if not locations:
            return
        read = {d.path for d in catalog.entities}
        listed: dict[str, tuple[Document, Pointer]] = {}
        for location in locations:
            for pointer, target in _targets(location):
                path = posixpath.normpath(posixpath.join(posixpath.dirname(location.path), target))
                if any(c in _WILD for c in target):
                    matcher = _glob(target, location.path)
                    found = sorted(p for p in read if matcher is not None and matcher.match(p.lstrip("/")) is not None)
                else:
                    found = [path] if path in read else []
                for one in found:
                    listed.setdefault(one, (location, pointer))
                if not found:
                    yield Hit(
                        pointer,
                        f"{entity_name(location)}: target {target} gives no catalog entity: no "
                        "entity was read from it (the file is missing, outside the folders linted, or "
                        "holds none)",
                        sub="missing-target",
                        document=location,
                    )
        folders = {posixpath.dirname(p) for p in listed}
        files: dict[str, list[Document]] = {}
        for doc in catalog.entities:
            files.setdefault(doc.path, []).append(doc)
        for path, docs in files.items():
            if path in listed or all(d.kind == "Location" for d in docs):
                continue  # a file of Locations alone is where reading starts (the app's configuration names it)
            if posixpath.dirname(path) in folders:
                sibling = next(p for p in sorted(listed) if posixpath.dirname(p) == posixpath.dirname(path))
                location, pointer = listed[sibling]
                yield Hit(
                    ("metadata", "name"),
                    f"{entity_name(docs[0])}: no Location lists "
                    f"{posixpath.basename(path)}, while {entity_name(location)} lists "
                    f"{posixpath.basename(sibling)} beside it: the catalog never reads this file",
                    sub="unlisted",
                    document=docs[0],
                    related=((location, pointer, "the list"),),
                )


def _targets(location: Document) -> Iterator[tuple[Pointer, str]]:
    """The file targets of a Location (``spec.target`` and ``spec.targets``); URLs are not files of the repository."""
    kind = location.spec.get("type")
    if isinstance(kind, str) and kind not in ("file", ""):
        return
    single = location.spec.get("target")
    values: list[tuple[Pointer, object]] = [(("spec", "target"), single)] if single is not None else []
    values += [(("spec", "targets", i), t) for i, t in enumerate(as_list(location.spec.get("targets")))]
    for pointer, value in values:
        if isinstance(value, str) and value.strip() and "://" not in value:
            yield pointer, value.strip()


def _glob(target: str, base: str) -> Matcher | None:
    """A matcher for the paths a glob target names (``*`` within a folder, ``**`` across folders)."""
    from itsmlint.files import glob_regex
    from itsmlint.patterns import PatternError, compile_linear

    pattern = posixpath.normpath(posixpath.join(posixpath.dirname(base), target))
    regex = glob_regex(["/" + pattern] if not pattern.startswith("/") else [pattern])
    if regex is None:
        return None
    try:
        return compile_linear(regex)
    except PatternError:
        return None  # a glob too large for RE2 matches nothing
