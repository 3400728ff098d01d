"""Reporters: pure functions from a :class:`~itsmlint.engine.Result` to text.

Each reporter renders the same result; only the CLI writes anything out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from itsmlint.engine import Result


@dataclass(frozen=True, slots=True)
class RenderContext:
    """How to render one output: the tool version and what differs from one output to another.

    What the run was asked for (``--fail-on``, ``--sarif-category``,
    ``--statistics`` ...) is ``result.options``. A reporter reads what it
    needs and ignores the rest; plugin reporters written for the first two
    fields keep working.
    """

    version: str
    color: bool = False
    """Colour (standard output on a terminal, or ``--color always``): a file written by ``-o`` never has it."""
    source_lines: Mapping[tuple[str, int], str] = field(default_factory=dict)
    """The lines ``--show-source`` shows, keyed by (path, line): the CLI reads them, reporters never open files."""


Reporter = Callable[[Result, RenderContext], str]


def _registry() -> dict[str, Reporter]:
    from itsmlint.reporters import github, gitlab, json_reporter, junit, sarif, text

    return {
        "text": text.render,
        "json": json_reporter.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
        "gitlab": gitlab.render,
    }


REPORTERS: dict[str, Reporter] = _registry()
