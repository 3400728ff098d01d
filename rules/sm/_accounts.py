"""What the SM rules share: the official accounts of a social-media policy."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Pointer
from itsmlint.model import Document, items


def accounts(doc: Document) -> Iterator[tuple[Pointer, str, dict[str, object]]]:
    """(pointer, label, account) for each account mapping of the policy."""
    for i, account in items(doc.spec.get("accounts")):
        label = next(
            (str(account[k]) for k in ("id", "handle", "platform") if isinstance(account.get(k), str)), f"#{i + 1}"
        )
        yield ("spec", "accounts", i), label, account
