"""ISO 8601 durations: parsing, ordering and calendar arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from itsmlint.durations import Duration, parse_duration


@pytest.mark.parametrize("text", ["PT15M", "P3D", "P1M", "P1Y2M10DT2H30M", "PT0.5S", "P2W"])
def test_valid(text: str) -> None:
    assert parse_duration(text) is not None


@pytest.mark.parametrize("text", ["", "P", "PT", "15M", "3 days", "ASAP", "P1H", "PT1D", None, 5])
def test_invalid(text: object) -> None:
    assert parse_duration(text) is None


def d(text: str) -> Duration:
    value = parse_duration(text)
    assert value is not None
    return value


def test_ordering() -> None:
    assert d("PT90M") > d("PT1H")
    assert d("P1D") > d("PT23H")
    assert d("P2W") == d("P14D") or (not d("P2W") < d("P14D") and not d("P2W") > d("P14D"))
    # A year is the Gregorian average and a month a twelfth of it: documented.
    assert d("P30D") < d("P1M") < d("P31D")
    assert not d("P1Y") > d("P12M") and not d("P1Y") < d("P12M")
    assert d("P365D") < d("P1Y") < d("P366D")
    assert d("P3M") < d("P92D") and d("P6M") > d("P182D")


def test_add_to_date_uses_calendar_months() -> None:
    assert parse_duration("P1M").add_to(dt.date(2025, 1, 31)) == dt.date(2025, 2, 28)  # type: ignore[union-attr]
    assert parse_duration("P12M").add_to(dt.date(2025, 1, 15)) == dt.date(2026, 1, 15)  # type: ignore[union-attr]
    assert parse_duration("P6M").add_to(dt.date(2025, 1, 15), 2) == dt.date(2026, 1, 15)  # type: ignore[union-attr]
    assert parse_duration("P10D").add_to(dt.date(2025, 1, 25)) == dt.date(2025, 2, 4)  # type: ignore[union-attr]


def test_absurd_durations_are_not_durations_rather_than_a_crash() -> None:
    assert parse_duration("P" + "9" * 5000 + "Y") is None  # beyond Python's digit limit for int()
    assert parse_duration("PT" + "9" * 400 + "S") is None  # the float would be infinite
