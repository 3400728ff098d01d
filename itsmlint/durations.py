"""ISO 8601 durations and the date arithmetic the rules need.

Comparing ``P1M`` with ``P30D`` has no exact answer, so itsmlint fixes one
convention and uses it everywhere: when durations are *compared*, a year is
the average Gregorian year (365.2425 days) and a month a twelfth of it, so
``P1Y`` equals ``P12M`` and ``P30D < P1M < P31D``; when a duration is *added
to a date*, calendar months and years are used (``2025-01-31 + P1M`` is the
last day of February). Both are documented in docs/documents.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction

# The average Gregorian year, 365.2425 days, is a whole number of seconds,
# and so is a twelfth of it: comparisons stay in exact integer arithmetic.
_MONTH_SECONDS = 31_556_952 // 12
#: An ISO 8601 duration as the schemas and parameters accept it (P30D, PT4H,
#: P1Y2M). Plain groups, no names: the schemas publish it for any JSON Schema
#: tool. Groups 1-4 are years, months, weeks and days; 6-8 hours, minutes, seconds.
DURATION_PATTERN = r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
_DURATION = re.compile(DURATION_PATTERN)


@dataclass(frozen=True, slots=True, order=False)
class Duration:
    """A parsed ISO 8601 duration."""

    years: int = 0
    months: int = 0
    days: int = 0
    seconds: float = 0.0
    text: str = ""

    @property
    def total_seconds(self) -> Fraction | int:
        """Length in seconds, exactly, with the average Gregorian year and month.

        A year is 365.2425 days and a month a twelfth of that, so ``P1Y``
        equals ``P12M``, ``P1M`` is a little longer than ``P30D`` and a little
        shorter than ``P31D``, and ``PT90M`` is longer than ``PT1H``.
        """
        months = self.years * 12 + self.months
        seconds = self.seconds
        exact = int(seconds) if seconds == int(seconds) else Fraction(seconds)
        return months * _MONTH_SECONDS + self.days * 86400 + exact

    def __lt__(self, other: Duration) -> bool:
        return self.total_seconds < other.total_seconds

    def __le__(self, other: Duration) -> bool:
        return self.total_seconds <= other.total_seconds

    def __gt__(self, other: Duration) -> bool:
        return self.total_seconds > other.total_seconds

    def __ge__(self, other: Duration) -> bool:
        return self.total_seconds >= other.total_seconds

    def __str__(self) -> str:
        return self.text

    def add_to(self, date: dt.date, times: float = 1.0) -> dt.date:
        """``date`` plus this duration (calendar months and years).

        ``times`` scales the duration (e.g. 2 × reviewCycle); whole calendar
        months are used for the integral part and days for any fraction.
        """
        months_total = (self.years * 12 + self.months) * times
        whole_months = int(months_total)
        extra_days = (months_total - whole_months) * 30
        year = date.year + (date.month - 1 + whole_months) // 12
        month = (date.month - 1 + whole_months) % 12 + 1
        day = min(date.day, calendar.monthrange(year, month)[1])
        shifted = dt.date(year, month, day)
        days = (self.days + self.seconds / 86400) * times + extra_days
        return shifted + dt.timedelta(days=int(days))


def parse_duration(value: object) -> Duration | None:
    """Parse an ISO 8601 duration such as ``PT15M`` or ``P1Y2M``; None if not one. A Duration is returned as is."""
    if isinstance(value, Duration):
        return value
    if not isinstance(value, str):
        return None
    try:
        return _PARSED[value]
    except KeyError:
        pass
    try:
        parsed = _parse(value)
    except (ValueError, OverflowError):  # thousands of digits: not a duration anyone meant
        parsed = None
    if len(_PARSED) < 100_000:  # a few durations (PT4H, P1Y...) recur in every document
        _PARSED[value] = parsed
    return parsed


_PARSED: dict[str, Duration | None] = {}


def cadence_broken(
    value: object, limit: Duration, every: str = "every", none: str = "with no frequency"
) -> tuple[Duration | None, str | None]:
    """A cadence (a duration written in a document) and how it breaks ``limit``: missing or longer.

    Returns the parsed cadence and, when it breaks the limit, the words for
    it ("every P24M", "with no frequency"); the rules that check reporting,
    review, training and access-review cadences say it the same way.
    """
    cadence = parse_duration(value)
    if cadence is not None and not cadence > limit:
        return cadence, None
    return cadence, f"{every} {cadence}" if cadence is not None else none


def _parse(value: str) -> Duration | None:
    m = _DURATION.match(value.strip())
    if not m:
        return None
    # Each group holds a number and its unit letter ("30D"); an absent one counts 0.
    years, months, weeks, days, _, hours, minutes, seconds, _ = (g[:-1] if g else "0" for g in m.groups())
    if not math.isfinite(float(seconds)):
        return None
    return Duration(
        years=int(years),
        months=int(months),
        days=int(days) + 7 * int(weeks),
        seconds=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        text=value.strip(),
    )
