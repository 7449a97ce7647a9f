"""A question unanswered for a working day goes to its group's advocates, once: those
whose skills match its tags, or all of them when none does; never the asker, a muted
advocate, an answered or hidden question, or one from long ago."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from discussions.escalation import questions_escalate, working_hours_before
from discussions.models import Thread
from groups.models import Membership
from notifications.models import Notification
from profiles.models import Topic
from tests.factories import MembershipFactory, PostFactory, ThreadFactory, give_topics

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
MONDAY_10 = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "hours", "expected"),
    [
        # Monday 10:00 minus 8 working hours: Friday 10:00.
        ("2026-11-30T10:00", 8, "2026-11-27T10:00"),
        # Within the day.
        ("2026-11-30T15:00", 4, "2026-11-30T11:00"),
        # Evenings and weekends do not count: from Saturday noon, 2 hours is Friday 15:00.
        ("2026-11-28T12:00", 2, "2026-11-27T15:00"),
        # Before the day starts: the previous working day's end.
        ("2026-12-01T07:00", 1, "2026-11-30T16:00"),
    ],
)
def test_working_hours_skip_nights_and_weekends(now, hours, expected):
    moment = datetime.datetime.fromisoformat(now).replace(tzinfo=UTC)
    wanted = datetime.datetime.fromisoformat(expected).replace(tzinfo=UTC)
    assert working_hours_before(moment, hours) == wanted


def asked(group, *, at, **extra):
    thread = ThreadFactory(group=group, kind=Thread.Kind.QUESTION, **extra)
    Thread.objects.filter(pk=thread.pk).update(created_at=at)
    return thread


def advocate(group, *, skills=(), **extra):
    user = MembershipFactory(group=group, is_advocate=True, **extra).user
    give_topics(user, skills=skills)
    return user


def test_matching_advocates_are_told_once(private_group):
    kube = advocate(private_group, skills=["Kubernetes"])
    other = advocate(private_group, skills=["Excel"])
    question = asked(private_group, at=MONDAY_10 - datetime.timedelta(days=4))
    question.tags.add(*Topic.objects.filter(key="kubernetes"))
    with time_machine.travel(MONDAY_10, tick=False):
        assert questions_escalate() == 1
        assert questions_escalate() == 0  # once
    told = Notification.objects.filter(kind=Notification.Kind.WAITING_QUESTION)
    assert list(told.values_list("recipient", flat=True)) == [kube.pk]
    assert other.pk not in told.values_list("recipient", flat=True)


def test_every_advocate_when_none_matches_but_not_the_asker_or_a_muted_one(private_group):
    plain = advocate(private_group)
    muted = advocate(private_group, notification_level=Membership.Notify.MUTED)
    asker = advocate(private_group)
    asked(private_group, at=MONDAY_10 - datetime.timedelta(days=4), author=asker)
    with time_machine.travel(MONDAY_10, tick=False):
        questions_escalate()
    told = set(
        Notification.objects.filter(kind=Notification.Kind.WAITING_QUESTION).values_list(
            "recipient", flat=True
        )
    )
    assert told == {plain.pk}
    assert muted.pk not in told


def test_young_answered_hidden_or_old_questions_are_left_alone(private_group):
    advocate(private_group)
    asked(private_group, at=MONDAY_10 - datetime.timedelta(hours=2))  # not a working day yet
    answered = asked(private_group, at=MONDAY_10 - datetime.timedelta(days=4))
    PostFactory(thread=answered)
    Thread.objects.filter(pk=answered.pk).update(first_reply_at=MONDAY_10)
    asked(private_group, at=MONDAY_10 - datetime.timedelta(days=4), is_hidden=True)
    asked(private_group, at=MONDAY_10 - datetime.timedelta(days=30))  # long ago
    with time_machine.travel(MONDAY_10, tick=False):
        assert questions_escalate() == 0
    assert not Notification.objects.filter(kind=Notification.Kind.WAITING_QUESTION).exists()
