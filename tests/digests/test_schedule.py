"""When a digest is due: the person's own morning hour, daily or on their weekday, kept at
that hour across daylight-saving changes."""

from __future__ import annotations

import datetime

import pytest

from digests.models import Frequency, Weekday
from digests.schedule import DEFAULTS, Schedule, latest_due

UTC = datetime.UTC


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        # Monday 08:00 in Berlin (winter, UTC+1) is 07:00 UTC.
        ("2026-11-30T07:00:00", "Europe/Berlin", "2026-11-30T07:00:00"),
        ("2026-11-30T06:59:59", "Europe/Berlin", "2026-11-23T07:00:00"),
        ("2026-12-03T12:00:00", "Europe/Berlin", "2026-11-30T07:00:00"),
        # Summer time: 08:00 in Berlin is 06:00 UTC.
        ("2026-06-01T06:30:00", "Europe/Berlin", "2026-06-01T06:00:00"),
        # Tokyo is a day ahead: its Monday 08:00 is Sunday 23:00 UTC.
        ("2026-11-29T23:30:00", "Asia/Tokyo", "2026-11-29T23:00:00"),
        # An unknown zone is read as UTC.
        ("2026-11-30T09:00:00", "Mars/Olympus", "2026-11-30T08:00:00"),
    ],
)
def test_weekly_on_monday_at_eight_local(now, zone, expected):
    assert latest_due(at(now), time_zone=zone, schedule=DEFAULTS) == at(expected)


def test_daily_at_the_chosen_hour():
    daily = Schedule(Frequency.DAILY, Weekday.MONDAY, 7)
    assert latest_due(at("2026-11-29T06:59:00"), time_zone="UTC", schedule=daily) == at(
        "2026-11-28T07:00:00"
    )
    assert latest_due(at("2026-11-29T07:00:00"), time_zone="UTC", schedule=daily) == at(
        "2026-11-29T07:00:00"
    )


def test_the_hour_stays_local_across_the_daylight_saving_change():
    # New York leaves summer time on 2026-11-01: 08:00 is 12:00 UTC before, 13:00 after.
    friday = Schedule(Frequency.WEEKLY, Weekday.FRIDAY, 8)
    before = latest_due(at("2026-10-30T12:30:00"), time_zone="America/New_York", schedule=friday)
    after = latest_due(at("2026-11-06T13:30:00"), time_zone="America/New_York", schedule=friday)
    assert before == at("2026-10-30T12:00:00")
    assert after == at("2026-11-06T13:00:00")


def test_never_is_never_due():
    never = Schedule(Frequency.NEVER)
    assert latest_due(at("2026-11-30T09:00:00"), time_zone="UTC", schedule=never) is None
