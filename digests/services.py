"""Planning digests: who is due now, recorded once per person and due moment."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from digests.models import Digest, DigestSettings, Frequency
from digests.schedule import DEFAULTS, PERIOD, Schedule, latest_due
from profiles.models import User

log = logging.getLogger(__name__)

# A due moment older than this is let go (a beat stopped for a day does not send
# yesterday's digests today; the next one covers that time anyway).
CATCH_UP = datetime.timedelta(hours=6)
GIVE_UP_AFTER = datetime.timedelta(days=1)


@transaction.atomic
def digests_plan(*, now: datetime.datetime | None = None) -> list[int]:
    """Record a digest for everyone whose digest is due (their time zone's morning hour
    has come, daily or on their weekday) and who has none for that moment; return the
    ids to compose and send: those just recorded, and those recorded long ago and still
    not done (their task was lost).

    Set-based: one query for the schedules in use (time zone and choices, a few dozen),
    then per schedule due now one query for the people without a digest for that moment
    and one insert. The unique constraint (person, moment) makes a second run, or two at
    once, record nothing more."""
    now = now or timezone.now()
    people = User.objects.filter(is_active=True)
    in_use = people.values_list(
        "time_zone",
        "digest_settings__frequency",
        "digest_settings__weekday",
        "digest_settings__hour",
    ).distinct()
    recorded = 0
    for time_zone, frequency, weekday, hour in in_use:
        schedule = DEFAULTS if frequency is None else Schedule(frequency, weekday, hour)
        due = latest_due(now, time_zone=time_zone, schedule=schedule)
        if due is None or now - due > CATCH_UP:
            continue
        who = people.filter(time_zone=time_zone, date_joined__lt=due)
        if frequency is None:
            who = who.filter(digest_settings__isnull=True)
        else:
            who = who.filter(
                digest_settings__frequency=frequency,
                digest_settings__weekday=weekday,
                digest_settings__hour=hour,
            )
        ids = who.exclude(digests__due_at=due).values_list("pk", flat=True)
        rows = [Digest(user_id=pk, due_at=due) for pk in ids]
        Digest.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        recorded += len(rows)
    # Not done after this, a planned digest was lost with its task (a worker killed, a
    # broker down): it is handed out again.
    stale = now - datetime.timedelta(seconds=settings.DIGEST_RESEND_AFTER_SECONDS)
    # Still not sent after a day (refused again and again for now): let go.
    given_up = Digest.objects.filter(
        status=Digest.Status.PLANNED, created_at__lt=now - GIVE_UP_AFTER
    ).update(status=Digest.Status.SKIPPED, done_at=now)
    if given_up:
        log.warning("digests: %s not sendable for a day, let go", given_up)
    todo = list(
        Digest.objects.filter(status=Digest.Status.PLANNED)
        .exclude(created_at__gte=stale, created_at__lt=now)  # in the hands of a task
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if recorded or todo:
        log.info("digests: %s recorded, %s to send", recorded, len(todo))
    return todo


def settings_of(user: User) -> DigestSettings:
    """The person's digest settings (the defaults, unsaved, if they never chose)."""
    found = DigestSettings.objects.filter(user=user).first()
    if found is None:
        found = DigestSettings(
            user=user, frequency=DEFAULTS.frequency, weekday=DEFAULTS.weekday, hour=DEFAULTS.hour
        )
    return found


def settings_set(*, user: User, settings: DigestSettings) -> DigestSettings:
    DigestSettings.objects.update_or_create(
        user=user,
        defaults={
            "frequency": settings.frequency,
            "weekday": settings.weekday,
            "hour": settings.hour,
        },
    )
    return settings_of(user)


def digests_stop(*, user: User) -> None:
    """No more digests for this person (one-click unsubscribe)."""
    DigestSettings.objects.update_or_create(user=user, defaults={"frequency": Frequency.NEVER})


def next_due(user: User, *, now: datetime.datetime) -> datetime.datetime | None:
    """When the person's next digest is due, or None if they chose never."""
    chosen = settings_of(user)
    schedule = Schedule(chosen.frequency, chosen.weekday, chosen.hour)
    latest = latest_due(now, time_zone=user.time_zone, schedule=schedule)
    if latest is None:
        return None
    return latest_due(
        latest + PERIOD[schedule.frequency], time_zone=user.time_zone, schedule=schedule
    )
