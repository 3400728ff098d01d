"""SM002: official accounts are held in the company's name, by a few named admins."""

from __future__ import annotations

import re
from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_list, is_blank
from itsmlint.rule import Context, DocumentRule

from ._accounts import accounts

# The domain of an address, also inside "Name <user@example.com>"; subdomains count.
_ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


class CorporateCustody(DocumentRule):
    """Accounts are registered with a corporate mailbox and have between minAdmins and maxAdmins active admins."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        domains = [d.lower().lstrip("@") for d in ctx.params["corporateDomains"]]
        least, most = int(ctx.params["minAdmins"]), int(ctx.params["maxAdmins"])
        found = list(accounts(doc))
        if found and not domains:
            yield Hit(
                ("spec", "accounts"),
                f"corporateDomains is not configured, so the registration of the accounts "
                f"of {doc.name} cannot be checked; set params.corporateDomains in .itsmlint.yaml",
                sub="domains-not-configured",
            )
        for pointer, label, account in found:
            mailbox = account.get("registeredWith")
            if is_blank(mailbox):
                yield Hit(
                    pointer,
                    f"account {label} of {doc.name} does not say which mailbox it is registered with (registeredWith)",
                    sub="personal-registration",
                )
            elif domains and isinstance(mailbox, str):
                address = _ADDRESS.search(mailbox)
                domain = address.group(1).lower() if address else ""
                if not any(domain == d or domain.endswith("." + d) for d in domains):
                    yield Hit(
                        (*pointer, "registeredWith"),
                        f"account {label} is registered with {mailbox}, outside "
                        f"the corporate domains ({', '.join(domains)}); whoever owns that mailbox owns the "
                        "account",
                        sub="personal-registration",
                    )
            admins = [ref for ref in as_list(account.get("administrators")) if isinstance(ref, str)]
            active = [
                p
                for ref in admins
                if (p := ctx.corpus.resolve(ref, doc)) is not None
                and p.acts_as == "Person"
                and ctx.directory.is_active(p)
            ]
            if not least <= len(active) <= most:
                gone = len(admins) - len(active)
                note = f" ({gone} of the {len(admins)} named are not active people)" if gone else ""
                where = (*pointer, "administrators") if "administrators" in account else pointer
                yield Hit(
                    where,
                    f"account {label} has {len(active)} active admin{'s' if len(active) != 1 else ''}"
                    f"{note}; keep between {least} and {most} (minAdmins, maxAdmins) so no one can hold it "
                    "hostage",
                    sub="admins",
                )
