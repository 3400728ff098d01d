"""Reporters: pure functions from a :class:`~itsmlint.engine.Result` to text.

Each reporter renders the same result; only the CLI writes anything out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from itsmlint.engine import Result


@dataclass(frozen=True, slots=True)
class RenderContext:
    """How to render: the tool version and whether colour is wanted."""

    version: str
    color: bool = False


Reporter = Callable[[Result, RenderContext], str]


def _registry() -> dict[str, Reporter]:
    from itsmlint.reporters import github, gitlab, json_reporter, junit, sarif, text

    return {"text": text.render, "json": json_reporter.render, "sarif": sarif.render, "junit": junit.render,
            "github": github.render, "gitlab": gitlab.render}


REPORTERS: dict[str, Reporter] = _registry()
