"""SCHEMA001: a document breaks the JSON Schema of its kind."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule
from itsmlint.schema import schema_errors
from itsmlint.schemafix import schema_fix


class Schema001(DocumentRule):
    """A document breaks the JSON Schema of its kind or its envelope."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        # Envelope problems (unknown kind, missing name) are reported by the
        # loader under this id too, since such documents never reach rules.
        for error in schema_errors(doc):
            yield Hit(error.pointer, error.message, fix=schema_fix(doc.kind, doc.data, error.pointer))
