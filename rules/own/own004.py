"""OWN004: value streams have stages, and approved processes sit in one."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Corpus, as_list, is_blank, items
from itsmlint.rule import Context, CorpusRule


class ValueStreamConductor(CorpusRule):
    """Every value stream has stages; every approved process is placed in one."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        placed: set[tuple[str, str, str]] = set()
        for stream in corpus.of_kind("ValueStream"):
            # The conductor itself (spec.owner) is checked by OWN003 with the
            # other service-side owners; one missing owner, one finding.
            if is_blank(stream.spec.get("stages")):
                yield Hit(("spec", "stages"), f"value stream {stream.name} has no stages", document=stream)
            for _, stage in items(stream.spec.get("stages")):
                for ref in as_list(stage.get("processes")):
                    target = corpus.resolve(ref, stream)
                    if target is not None:
                        placed.add(target.key)
        for process in corpus.of_kind("Process"):
            if process.status != "approved" or process.key in placed:
                continue
            if not is_blank(process.spec.get("valueStreams")):
                continue
            yield Hit(
                ("spec", "valueStreams"),
                f"approved process {process.name} sits in no value stream: no stage lists it "
                "and spec.valueStreams is empty",
                document=process,
            )
