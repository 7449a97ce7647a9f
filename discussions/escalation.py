"""Questions left unanswered for a working day go to the advocates of their group once:
those whose skills match the question's tags, or every advocate of the group when none
does. Working hours are 09:00 to 17:00, Monday to Friday, in the site's time zone
(TIME_ZONE); ESCALATE_AFTER_WORKING_HOURS sets how many (8)."""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from discussions import notify
from discussions.models import Thread
from groups.models import Membership
from profiles.models import Profile

log = logging.getLogger(__name__)
DAY_STARTS, DAY_ENDS = 9, 17
BATCH = 500
# Questions older than this before the cutoff are not escalated (they wait in the
# advocates' queue on home): a first run on an old database does not flood anyone.
LOOK_BACK = datetime.timedelta(days=7)


def working_hours_before(now: datetime.datetime, hours: float) -> datetime.datetime:
    """The moment `hours` working hours before `now` (weekdays, 09:00 to 17:00 local)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    cursor = now.astimezone(zone)
    left = datetime.timedelta(hours=hours)
    while True:
        start = cursor.replace(hour=DAY_STARTS, minute=0, second=0, microsecond=0)
        end = cursor.replace(hour=DAY_ENDS, minute=0, second=0, microsecond=0)
        if cursor.weekday() < 5 and cursor > start:
            cursor = min(cursor, end)
            if cursor - start >= left:
                return (cursor - left).astimezone(datetime.UTC)
            left -= cursor - start
        previous = cursor.date() - datetime.timedelta(days=1)
        cursor = datetime.datetime.combine(previous, datetime.time(DAY_ENDS), tzinfo=zone)


def questions_escalate(*, now: datetime.datetime | None = None) -> int:
    """Tell the matching advocates about questions unanswered for the working hours set,
    once each (`Thread.escalated_at` is claimed first). Set-based: the questions (up to
    BATCH, oldest first, through their own index), their groups' advocates and the
    advocates' skills are three queries; then one notification insert per question.
    Returns how many questions were escalated."""
    now = now or timezone.now()
    cutoff = working_hours_before(now, settings.ESCALATE_AFTER_WORKING_HOURS)
    with transaction.atomic():
        # Two runs at once take different questions (PostgreSQL skips the locked ones).
        skip = connection.features.has_select_for_update_skip_locked
        due = list(
            Thread.objects.select_for_update(skip_locked=skip)
            .filter(
                kind=Thread.Kind.QUESTION,
                first_reply_at__isnull=True,
                escalated_at__isnull=True,
                is_hidden=False,
                created_at__lt=cutoff,
                created_at__gte=cutoff - LOOK_BACK,
            )
            .order_by("created_at", "pk")[:BATCH]
        )
        if not due:
            return 0
        Thread.objects.filter(pk__in=[t.pk for t in due]).update(escalated_at=now)
        advocates = defaultdict(set)
        for group_id, user_id in (
            Membership.objects.filter(group_id__in={t.group_id for t in due}, is_advocate=True)
            .exclude(notification_level=Membership.Notify.MUTED)
            .values_list("group_id", "user_id")
        ):
            advocates[group_id].add(user_id)
        people = set().union(*advocates.values()) if advocates else set()
        skills = defaultdict(set)
        for user_id, topic_id in Profile.skills.through.objects.filter(
            profile__user_id__in=people
        ).values_list("profile__user_id", "topic_id"):
            skills[user_id].add(topic_id)
        tags = defaultdict(set)
        for thread_id, topic_id in Thread.tags.through.objects.filter(
            thread_id__in=[t.pk for t in due]
        ).values_list("thread_id", "topic_id"):
            tags[thread_id].add(topic_id)
        told = 0
        for thread in due:
            group_advocates = advocates.get(thread.group_id, set()) - {thread.author_id}
            matching = {a for a in group_advocates if skills[a] & tags[thread.pk]}
            recipients = matching or group_advocates
            if recipients:
                notify.waiting_question(thread=thread, recipients=recipients)
                told += 1
    log.info("escalation: %s questions, %s with advocates told", len(due), told)
    return len(due)
