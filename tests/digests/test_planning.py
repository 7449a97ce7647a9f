"""Planning digests: one per person and due moment, however often the planner runs;
people on their own schedules; nobody who left or chose never; a digest whose task was
lost is handed out again."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from digests.models import Digest, DigestSettings, Frequency, Weekday
from digests.services import digests_plan
from profiles.models import User
from tests.concurrency import at_once, skip_on_sqlite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MONDAY_8_UTC = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)


def person(**extra):
    user = UserFactory(**extra)
    User.objects.filter(pk=user.pk).update(date_joined=MONDAY_8_UTC - datetime.timedelta(days=30))
    return user


def plan(moment):
    with time_machine.travel(moment, tick=False):
        return digests_plan()


def test_a_weekly_digest_is_recorded_once_at_the_persons_morning_hour():
    ana = person()
    assert plan(MONDAY_8_UTC - datetime.timedelta(minutes=1)) == []
    first = plan(MONDAY_8_UTC + datetime.timedelta(minutes=2))
    assert Digest.objects.get(pk__in=first).user == ana
    assert Digest.objects.get().due_at == MONDAY_8_UTC
    # The planner again (beat every five minutes, or twice at once): nothing new, and
    # the digest being sent is not handed out twice.
    assert plan(MONDAY_8_UTC + datetime.timedelta(minutes=7)) == []
    assert Digest.objects.count() == 1


def test_people_are_planned_in_their_own_time_zone_and_schedule():
    berlin = person(time_zone="Europe/Berlin")  # 08:00 there is 07:00 UTC in winter
    daily = person()
    DigestSettings.objects.create(user=daily, frequency=Frequency.DAILY, hour=6)
    friday = person()
    DigestSettings.objects.create(user=friday, frequency=Frequency.WEEKLY, weekday=Weekday.FRIDAY)
    plan(MONDAY_8_UTC + datetime.timedelta(minutes=1))
    assert set(Digest.objects.values_list("user", flat=True)) == {berlin.pk, daily.pk}
    plan(MONDAY_8_UTC + datetime.timedelta(days=1))  # Tuesday 08:00: the daily one again
    assert Digest.objects.filter(user=daily).count() == 2
    assert not Digest.objects.filter(user=friday).exists()


def test_nobody_who_chose_never_left_or_just_arrived():
    never = person()
    DigestSettings.objects.create(user=never, frequency=Frequency.NEVER)
    person(is_active=False)
    newcomer = UserFactory()
    User.objects.filter(pk=newcomer.pk).update(
        date_joined=MONDAY_8_UTC + datetime.timedelta(seconds=30)  # after the due moment
    )
    assert plan(MONDAY_8_UTC + datetime.timedelta(minutes=1)) == []


def test_a_moment_long_past_is_let_go():
    person()
    assert plan(MONDAY_8_UTC + datetime.timedelta(hours=7)) == []


def test_a_digest_whose_task_was_lost_is_handed_out_again():
    person()
    first = plan(MONDAY_8_UTC + datetime.timedelta(minutes=1))
    assert plan(MONDAY_8_UTC + datetime.timedelta(minutes=10)) == []  # still in flight
    assert plan(MONDAY_8_UTC + datetime.timedelta(minutes=20)) == first
    Digest.objects.update(status=Digest.Status.SENT)
    assert plan(MONDAY_8_UTC + datetime.timedelta(minutes=30)) == []


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_record_one_digest_each():
    skip_on_sqlite()
    people = [person() for _ in range(20)]
    moment = MONDAY_8_UTC + datetime.timedelta(minutes=1)
    with time_machine.travel(moment, tick=False):
        errors = at_once(lambda: digests_plan(now=moment), [(), ()])
    assert errors == []
    assert Digest.objects.count() == len(people)
