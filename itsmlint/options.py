"""What a run was asked for: one record from the command line to the engine, the suppression step and the reports.

The CLI builds it once from the flags; the engine, the suppression step and
the reporters read the fields they need and ignore the rest, so a new option
is one field here and the code that uses it, not a parameter threaded
through every signature on the way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from itsmlint.finding import Severity

if TYPE_CHECKING:
    from itsmlint.decide import Baseline

#: GitHub's category for itsmlint's analyses, as its upload-sarif action writes one (with the final slash).
DEFAULT_SARIF_CATEGORY = "itsmlint/"


@dataclass(frozen=True, slots=True)
class Options:
    """A run's choices; every field has the default of the command line."""

    today: dt.date
    """The date that date-based rules use (``--today``)."""

    # Which configuration.
    config: Path | None = None
    """``--config``: this file instead of the nearest ``.itsmlint.yaml``."""
    isolated: bool = False
    """``--isolated``: no configuration file at all."""
    policy: str | None = None
    """``--policy``: a preset applied over the configuration."""

    # Which rules, and what counts.
    select: tuple[str, ...] = ()
    """Rule selectors (ids, slugs, families); empty for every enabled rule."""
    ignore: tuple[str, ...] = ()
    suppressions: bool = True
    """False with ``--no-suppressions``: waivers and inline comments suppress nothing."""
    baseline: Baseline | None = None
    """``--baseline``: the findings a repository had when it adopted itsmlint."""

    # How the work is done; never what it finds.
    jobs: int = 1
    cache: bool = True

    # What the reports say.
    fail_on: Severity | None = Severity.ERROR
    """The lowest severity that fails the run (``--fail-on``); None for ``never``. JUnit fails only those."""
    unsafe_fixes: bool = False
    """``--unsafe-fixes``: unsafe fixes were applied, or are offered, too."""
    sarif_category: str = DEFAULT_SARIF_CATEGORY
    """SARIF ``runs[].automationDetails.id`` (``--sarif-category``)."""
    sarif_full_help: bool = False
    """SARIF: embed each reported rule's whole documentation page (``--sarif-full-help``)."""
    statistics: bool = False
    """Text: a count per rule instead of the findings (``--statistics``)."""
    show_source: bool = False
    """Text: the offending line with a caret, and the fix (``--show-source``)."""
