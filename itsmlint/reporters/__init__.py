"""Reporters: pure functions from a :class:`~itsmlint.engine.Result` to text.

Each reporter renders the same result; only the CLI writes anything out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from itsmlint.engine import Result
from itsmlint.finding import Severity

#: GitHub's category for itsmlint's analyses, as its upload-sarif action writes one (with the final slash).
DEFAULT_SARIF_CATEGORY = "itsmlint/"


@dataclass(frozen=True, slots=True)
class RenderContext:
    """How to render: the tool version, the run's choices that change a report, and nothing global.

    A reporter reads what it needs and ignores the rest; plugin reporters
    written for the first two fields keep working.
    """

    version: str
    color: bool = False
    fail_on: Severity | None = Severity.ERROR
    """The lowest severity that fails the run (``--fail-on``); None for ``never``. JUnit fails only those."""
    sarif_category: str = DEFAULT_SARIF_CATEGORY
    """SARIF ``runs[].automationDetails.id`` (``--sarif-category``)."""
    sarif_full_help: bool = False
    """SARIF: embed each reported rule's whole documentation page (``--sarif-full-help``)."""
    statistics: bool = False
    """Text: a count per rule instead of the findings (``--statistics``)."""
    show_source: bool = False
    """Text: the offending line with a caret, and the fix (``--show-source``)."""
    source_lines: Mapping[tuple[str, int], str] = field(default_factory=dict)
    """The lines ``--show-source`` shows, keyed by (path, line): the CLI reads them, reporters never open files."""


Reporter = Callable[[Result, RenderContext], str]


def _registry() -> dict[str, Reporter]:
    from itsmlint.reporters import github, gitlab, json_reporter, junit, sarif, text

    return {"text": text.render, "json": json_reporter.render, "sarif": sarif.render, "junit": junit.render,
            "github": github.render, "gitlab": gitlab.render}


REPORTERS: dict[str, Reporter] = _registry()
