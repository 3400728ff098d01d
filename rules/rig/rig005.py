"""RIG005: approval chains stay short."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_list
from itsmlint.rule import Context, DocumentRule


class ShortApprovalChains(DocumentRule):
    """No path runs through more than maxApprovalChain approvals in a row; no approval needs too many people."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        graph = ctx.graphs.of(doc)
        limit = int(ctx.params["maxApprovalChain"])
        run, via = graph.longest("approvals")
        for node in range(len(graph.nodes)):
            # Report where a chain first passes the limit: the approval to merge or remove.
            if run[node] == limit + 1:
                chain = " → ".join(graph.label(n) for n in graph.trace(via, node))
                yield Hit(
                    graph.nodes[node].pointer,
                    f"approval chain {chain} has {limit + 1} approvals in a row, more than "
                    f"maxApprovalChain={limit}; every approval adds a wait",
                    sub="chain-too-long",
                )
        most = int(ctx.params["maxApprovers"])
        for activity in graph.nodes:
            approval = activity.data.get("approval")
            if not isinstance(approval, dict) or approval.get("mode") != "all":
                continue
            approvers = as_list(approval.get("approvers"))
            if len(approvers) > most:
                yield Hit(
                    (*activity.pointer, "approval", "approvers"),
                    f"approval {activity.label} needs all {len(approvers)} approvers, more than "
                    f"maxApprovers={most}; approve by risk tier or use mode: any",
                    sub="too-many-approvers",
                )
