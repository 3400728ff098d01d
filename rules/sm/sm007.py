"""SM007: an account takeover has a real, approved response playbook."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, is_blank
from itsmlint.process import activities
from itsmlint.rule import Context, DocumentRule

# domain.md §8.12: the words an activity's id or name must contain for each step.
STEPS = (
    ("contain", ("contain", "revoke")),
    ("recover", ("recover", "restore")),
    ("communicate", ("communicate", "notify", "statement")),
    ("review", ("review", "lessons")),
)


class TakeoverPlaybook(DocumentRule):
    """The policy's playbook is an approved Process that contains, recovers, communicates and reviews."""

    def applies_to(self, doc: Document) -> bool:
        return doc.kind == "SocialMediaPolicy"  # playbooks are judged through the policy that names them

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        response = as_dict(doc.spec.get("incidentResponse"))
        base = ("spec", "incidentResponse")
        if is_blank(response.get("platformContacts")):
            yield Hit(
                (*base, "platformContacts"),
                f"policy {doc.name} names no platformContacts: during a takeover, "
                "nobody knows whom to call at the platform",
            )
        ref = response.get("playbook")
        if is_blank(ref):
            yield Hit(
                (*base, "playbook"), f"policy {doc.name} has no account-takeover playbook (incidentResponse.playbook)"
            )
            return
        playbook = ctx.corpus.resolve(ref, doc)
        if playbook is None or playbook.kind != "Process":
            return  # REF001 reports the reference
        if playbook.status != "approved":
            state = {"draft": "still a draft", "retired": "retired"}.get(playbook.status or "", "not approved")
            yield Hit(
                (*base, "playbook"),
                f"the takeover playbook {playbook.ref} of {doc.name} is {state}; only "
                "an approved playbook can be relied on in a crisis",
                related=((playbook, ("metadata",), "the playbook"),),
            )
        texts = [" ".join(str(a.data.get(k, "")) for k in ("id", "name")).lower() for a in activities(playbook)]
        missing = [step for step, words in STEPS if not any(w in t for t in texts for w in words)]
        if missing:
            # The playbook is what must change, so the finding sits on it.
            yield Hit(
                ("spec", "activities"),
                f"takeover playbook {playbook.name} (named by {doc.ref}) {_missing_steps(missing)}",
                document=playbook,
                related=((doc, (*base, "playbook"), f"{doc.ref} names it"),),
            )


def _missing_steps(missing: list[str]) -> str:
    """'has no step to review; ...' for one step, 'has no steps to recover or review; ...' for several."""
    if len(missing) == 1:
        return f"has no step to {missing[0]}; name an activity for it"
    return f"has no steps to {', '.join(missing[:-1])} or {missing[-1]}; name an activity for each"
