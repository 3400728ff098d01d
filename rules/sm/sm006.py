"""SM006: official content is kept, for as long as regulation requires."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.durations import parse_duration
from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, is_blank
from itsmlint.rule import Context, DocumentRule

from ._accounts import accounts


class Retention(DocumentRule):
    """A retention period and system, an archive for every account, and the regulated minimum where it applies."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        retention = as_dict(doc.spec.get("retention"))
        lacks = [k for k in ("period", "system") if is_blank(retention.get(k))]
        if lacks:
            yield Hit(
                ("spec", "retention"),
                f"policy {doc.name} sets no retention.{' and no retention.'.join(lacks)}",
                sub="no-retention",
            )
        for pointer, label, account in accounts(doc):
            if as_dict(account.get("archive")).get("enabled") is not True:
                where = (*pointer, "archive") if "archive" in account else pointer
                yield Hit(where, f"account {label} is not archived (archive.enabled: true)", sub="no-archive")
        minimum = ctx.duration("minRegulatedRetention")
        period = parse_duration(retention.get("period"))
        if retention.get("regulated") is True and period is not None and period < minimum:
            yield Hit(
                ("spec", "retention", "period"),
                f"policy {doc.name} is regulated but keeps content for "
                f"{period}, less than minRegulatedRetention={minimum}",
                sub="below-regulated-minimum",
            )
