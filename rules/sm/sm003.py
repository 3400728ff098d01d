"""SM003: strong authentication and proper credential handling on every account."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, is_blank
from itsmlint.rule import Context, DocumentRule

from ._accounts import accounts

CORPORATE = ("corporate", "company", "organisation", "organization")


class StrongAuthentication(DocumentRule):
    """MFA is enforced, credentials are vaulted and unshared, and MFA recovery is under company control."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        for pointer, label, account in accounts(doc):
            mfa = account.get("mfa")
            if mfa != "enforced":
                if isinstance(mfa, bool):
                    said = f"mfa: {str(mfa).lower()}, which does not say whether MFA is enforced"
                else:
                    said = "no mfa setting" if is_blank(mfa) else f"mfa {mfa!r}"
                where = (*pointer, "mfa") if "mfa" in account else pointer
                yield Hit(where, f"account {label} has {said}; enforce multi-factor authentication")
            credentials = as_dict(account.get("credentials"))
            if is_blank(credentials.get("store")):
                yield Hit(
                    (*pointer, "credentials") if credentials else pointer,
                    f"account {label} keeps its credentials nowhere named; put them in a vault",
                )
            if credentials.get("shared") is True:
                yield Hit(
                    (*pointer, "credentials", "shared"),
                    f"account {label} has a shared login; give each admin their own",
                )
            owner = as_dict(account.get("mfaRecovery")).get("owner")
            if not (isinstance(owner, str) and owner.strip().lower() in CORPORATE):
                said = "no recovery owner" if is_blank(owner) else f"recovery owned by {owner!r}"
                where = (*pointer, "mfaRecovery") if "mfaRecovery" in account else pointer
                yield Hit(where, f"account {label} has {said}; MFA recovery must be under company control")
