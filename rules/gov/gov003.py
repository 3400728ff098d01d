"""GOV003: waivers are well formed, independently approved and time-boxed."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule
from itsmlint.waivers import read_terms


class WaiverWellFormed(DocumentRule):
    """A waiver names a known rule and its target, says why, is approved by someone else, and expires in time."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        terms = read_terms(doc, ctx.corpus, ctx.rules, ctx.directory, int(ctx.params["maxWaiverDays"]))
        for pointer, message, sub in terms.problems:
            yield Hit(pointer, f"{message}; it suppresses nothing until fixed", sub=sub)
