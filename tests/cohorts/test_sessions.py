"""Cohort sessions: scheduling in one's own time zone, calendars (.ics parsed back by a real
iCalendar parser), the follow-up thread opened once per session, and who may see what."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Session
from cohorts.services import follow_ups_open
from cohorts.tasks import open_follow_ups
from discussions.models import Thread
from tests.factories import GroupFactory, LibraryItemFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def cohort(db):
    return GroupFactory(name="Spring Cohort", slug="spring", kind="cohort", visibility="private")


@pytest.fixture
def teacher(cohort):
    user = UserFactory(time_zone="Europe/Berlin")
    MembershipFactory(group=cohort, user=user, role="owner")
    return user


@pytest.fixture
def learner(cohort):
    user = UserFactory(time_zone="America/New_York")
    MembershipFactory(group=cohort, user=user)
    return user


def make_session(cohort, teacher, *, start, hours=2, title="Week 1: feedback"):
    return Session.objects.create(
        group=cohort, title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=hours),
        location="London office, room 3", created_by=teacher,
    )  # fmt: skip


def test_a_moderator_schedules_a_session_in_their_own_time_zone(client_for, teacher, cohort):
    guide = LibraryItemFactory(group=cohort, title="Pre-reading: SBI model")
    response = client_for(teacher).post(
        reverse("cohorts:sessions", args=[cohort.slug]),
        {
            "title": "Week 2: difficult conversations",
            "starts_at": "2026-12-03T10:00",
            "ends_at": "2026-12-03T12:30",
            "location": "Berlin office",
            "online_url": "https://meet.example.com/abc",
            "description": "Bring a **real** case.",
            "materials": [guide.pk],
        },
    )
    session = Session.objects.get()
    assert response["Location"] == session.get_absolute_url()
    # 10:00 in Berlin (UTC+1 in December) is 09:00 UTC.
    assert session.starts_at == datetime.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert list(session.materials.all()) == [guide]
    page = client_for(teacher).get(session.get_absolute_url()).content.decode()
    assert "Pre-reading: SBI model" in page
    assert "<strong>real</strong>" in page


def test_a_session_must_end_after_it_starts(client_for, teacher, cohort):
    response = client_for(teacher).post(
        reverse("cohorts:sessions", args=[cohort.slug]),
        {"title": "Backwards", "starts_at": "2026-12-03T12:00", "ends_at": "2026-12-03T11:00"},
    )
    assert response.status_code == 422
    assert "A session has to end after it starts." in response.content.decode()
    assert not Session.objects.exists()


def test_only_moderators_schedule_and_only_members_see(client_for, learner, cohort, outsider):
    data = {"title": "Mine", "starts_at": "2026-12-03T10:00", "ends_at": "2026-12-03T11:00"}
    assert (
        client_for(learner).post(reverse("cohorts:sessions", args=["spring"]), data).status_code
        == 403
    )
    assert not Session.objects.exists()
    session = make_session(cohort, learner, start=timezone.now() + datetime.timedelta(days=2))
    outside = client_for(outsider)
    assert "This group is private" in outside.get(session.get_absolute_url()).content.decode()
    assert outside.get(reverse("cohorts:cohort_ics", args=["spring"])).status_code == 404
    assert (
        outside.get(reverse("cohorts:session_ics", args=["spring", session.pk])).status_code == 404
    )
    assert session.title not in outside.get("/").content.decode()


def test_other_kinds_of_group_have_no_sessions(client_for, outsider, open_group):
    assert (
        client_for(outsider).get(reverse("cohorts:sessions", args=[open_group.slug])).status_code
        == 404
    )


def test_the_cohort_calendar_parses_back_with_correct_times(client_for, teacher, learner, cohort):
    start = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN)
    first = make_session(cohort, teacher, start=start)
    make_session(cohort, teacher, start=start + datetime.timedelta(days=7), title="Week 2")
    response = client_for(learner).get(reverse("cohorts:cohort_ics", args=["spring"]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Spring Cohort"
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Week 1: feedback", "Week 2"]
    event = events[0]
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime.datetime(2026, 12, 3, 11, 0, tzinfo=UTC)
    assert str(event["LOCATION"]) == "London office, room 3"
    assert str(event["UID"]).startswith(f"session-{first.pk}@")
    assert first.get_absolute_url() in str(event["DESCRIPTION"])


def test_a_changed_session_replaces_the_calendar_copy(client_for, teacher, cohort):
    session = make_session(cohort, teacher, start=datetime.datetime(2026, 12, 3, 9, tzinfo=UTC))
    url = reverse("cohorts:session_ics", args=["spring", session.pk])
    before = icalendar.Calendar.from_ical(client_for(teacher).get(url).content).walk("VEVENT")[0]
    client_for(teacher).post(
        reverse("cohorts:session_edit", args=["spring", session.pk]),
        {"title": "Week 1 (moved)", "starts_at": "2026-12-04T10:00", "ends_at": "2026-12-04T11:00"},
    )
    after = icalendar.Calendar.from_ical(client_for(teacher).get(url).content).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == datetime.datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_a_follow_up_thread_opens_once_per_session(teacher, cohort):
    now = timezone.now()
    ended = make_session(cohort, teacher, start=now - datetime.timedelta(hours=3))
    upcoming = make_session(cohort, teacher, start=now + datetime.timedelta(days=1))
    assert open_follow_ups.delay().get() == 1  # the beat's task
    assert follow_ups_open() == 0  # and again: nothing new
    ended.refresh_from_db()
    upcoming.refresh_from_db()
    thread = ended.follow_up
    assert thread.title == "Follow-up: Week 1: feedback"
    assert thread.group == cohort
    assert thread.author == teacher
    assert upcoming.follow_up is None
    assert Thread.objects.count() == 1
    cohort.refresh_from_db()
    assert cohort.thread_count == 1


def test_archived_cohorts_get_no_follow_ups(teacher, cohort):
    make_session(cohort, teacher, start=timezone.now() - datetime.timedelta(hours=3))
    cohort.archived_at = timezone.now()
    cohort.save()
    assert follow_ups_open() == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_open_one_follow_up(teacher, cohort):
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs a server database")
    for n in range(5):
        make_session(cohort, teacher, start=timezone.now() - datetime.timedelta(hours=3 + n))
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            follow_ups_open()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Thread.objects.count() == 5
    assert Session.objects.filter(follow_up__isnull=True).count() == 0


def test_members_see_their_next_sessions_on_the_home_page(client_for, learner, teacher, cohort):
    make_session(cohort, teacher, start=timezone.now() + datetime.timedelta(days=1))
    make_session(cohort, teacher, start=timezone.now() - datetime.timedelta(days=1), title="Old")
    home = client_for(learner).get("/").content.decode()
    assert "Your next sessions" in home
    assert "Week 1: feedback" in home
    assert "Old" not in home


def test_the_cohort_page_shows_its_next_sessions(client_for, learner, teacher, cohort):
    make_session(cohort, teacher, start=timezone.now() + datetime.timedelta(days=1))
    page = client_for(learner).get(cohort.get_absolute_url()).content.decode()
    assert "Next sessions" in page
    assert "Week 1: feedback" in page


def test_a_cohort_without_an_active_leader_does_not_block_the_others(teacher, cohort):
    orphan = GroupFactory(kind="cohort")
    gone = UserFactory(is_active=False)
    MembershipFactory(group=orphan, user=gone, role="owner")
    past = timezone.now() - datetime.timedelta(hours=5)
    make_session(orphan, gone, start=past)
    make_session(cohort, teacher, start=past + datetime.timedelta(hours=1))
    assert follow_ups_open() == 1
    assert Session.objects.get(group=cohort).follow_up is not None
    assert Session.objects.get(group=orphan).follow_up is None
