"""RIG001: every blocking wait has a timeout and says what happens when it fires."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.graph import waits
from itsmlint.model import Document, is_blank
from itsmlint.process import activities
from itsmlint.rule import Context, DocumentRule

TIMEOUT_ACTIONS = ("escalate", "proceed", "reroute", "cancel")


class BoundedWaits(DocumentRule):
    """A wait without a timeout blocks the case for as long as the other side takes."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        for activity in activities(doc):
            for i, wait in waits(activity):
                pointer = (*activity.pointer, "waitsFor", i)
                on = wait.get("on") if isinstance(wait.get("on"), str) else "something"
                if is_blank(wait.get("timeout")):
                    # Without a timeout the action never fires, so one finding says it all.
                    yield Hit(
                        pointer,
                        f"activity {activity.label} waits for {on} with no timeout; "
                        "the case is blocked for as long as that takes",
                        sub="no-timeout",
                    )
                    continue
                action = wait.get("onTimeout")
                if action not in TIMEOUT_ACTIONS:
                    where = (*pointer, "onTimeout") if "onTimeout" in wait else pointer
                    said = "no onTimeout" if is_blank(action) else f"onTimeout {action!r}"
                    yield Hit(
                        where,
                        f"activity {activity.label} waits for {on} up to {wait['timeout']} but has "
                        f"{said}; say what happens then: {', '.join(TIMEOUT_ACTIONS)}",
                        sub="no-timeout-action",
                    )
                elif action == "escalate" and is_blank(wait.get("escalateTo")):
                    yield Hit(
                        (*pointer, "onTimeout"),
                        f"activity {activity.label} escalates after {wait['timeout']} waiting for {on}, "
                        "but names no escalateTo",
                        sub="no-escalation-target",
                    )
