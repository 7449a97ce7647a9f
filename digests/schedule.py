"""When digests are due: at a morning hour of each person's own time zone, every day or
on one day of the week. Pure functions of a moment and a schedule (no SQL)."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from digests.models import Frequency, Weekday


@dataclass(frozen=True)
class Schedule:
    frequency: str = Frequency.WEEKLY
    weekday: int = Weekday.MONDAY
    hour: int = 8


DEFAULTS = Schedule()
PERIOD = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(days=7)}


def latest_due(now: datetime.datetime, *, time_zone: str, schedule: Schedule):
    """The latest moment at or before `now` at which a digest on this schedule was due
    (UTC), or None for "never". Wall-clock arithmetic in the person's zone, so the hour
    stays 08:00 across daylight-saving changes."""
    if schedule.frequency not in PERIOD:
        return None
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = now.astimezone(zone)
    due = datetime.datetime.combine(local.date(), datetime.time(schedule.hour), tzinfo=zone)
    if schedule.frequency == Frequency.WEEKLY:
        due -= datetime.timedelta(days=(local.weekday() - schedule.weekday) % 7)
    if due > local:
        due -= PERIOD[schedule.frequency]
    return due.astimezone(datetime.UTC)
