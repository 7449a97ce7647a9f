"""A person's profile page: what it shows, to whom, and at what cost."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from discussions.models import Thread
from profiles.models import Endorsement, Follow
from profiles.services import endorsement_set, follow_set, topics_get_or_create
from tests.factories import (
    EndorsementFactory,
    FollowFactory,
    GroupFactory,
    LibraryItemFactory,
    MembershipFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_a_rich_profile_shows_everything_a_colleague_needs(client_for, outsider, open_group):
    boss = UserFactory(display_name="Bea Boss")
    ana = UserFactory(display_name="Ana López")
    profile = ana.profile
    profile.team = "Payments"
    profile.manager = boss
    profile.languages = "English, Spanish"
    profile.links = [{"label": "Team wiki", "url": "https://wiki.example.com/ana"}]
    profile.save()
    give_topics(ana, skills=["Python"], interests=["Chess"])
    question = ThreadFactory(group=open_group, kind=Thread.Kind.QUESTION, title="Why celery?")
    question.accepted_post = PostFactory(thread=question, author=ana)
    question.save()
    LibraryItemFactory(author=ana, title="Ana's guide to pytest")

    page = client_for(outsider).get(ana.get_absolute_url()).content.decode()
    for text in [
        "Payments",
        "Bea Boss",
        boss.get_absolute_url(),
        "English, Spanish",
        'href="https://wiki.example.com/ana" rel="nofollow noopener noreferrer"',
        "Python",
        "Chess",
        "Accepted answers",
        "Why celery?",
        "Ana&#x27;s guide to pytest",
        "Problem solver",  # a badge earned by the accepted answer
    ]:
        assert text in page, text


def test_the_completeness_nudge_is_for_the_owner_only(client_for, outsider):
    mine = client_for(outsider).get(outsider.get_absolute_url()).content.decode()
    assert "Your profile is 0% complete" in mine
    assert "Add three skills so colleagues can find you." in mine
    other = UserFactory()
    theirs = client_for(other).get(outsider.get_absolute_url()).content.decode()
    assert "% complete" not in theirs


def test_the_home_page_nudges_until_the_profile_passes_the_threshold(client_for, outsider):
    assert "Your profile is 0% complete" in client_for(outsider).get("/").content.decode()
    profile = outsider.profile
    profile.job_title, profile.department = "Analyst", "Finance"
    profile.bio = "I build the quarterly forecasts and love explaining them."
    profile.avatar = "avatars/x/large.webp"
    profile.save()
    give_topics(outsider, skills=["Excel", "SQL", "Forecasting"], interests=["Chess"])
    assert "% complete" not in client_for(outsider).get("/").content.decode()


def test_the_profile_page_keeps_a_constant_number_of_queries(client_for, outsider, open_group):
    person = UserFactory()
    MembershipFactory(user=person, group=open_group)

    def add(n):
        topics = topics_get_or_create(names=[f"skill {person.pk} {i}" for i in range(n)])
        person.profile.skills.add(*topics)
        for topic in topics:
            EndorsementFactory(person=person, topic=topic)
        for _ in range(n):
            MembershipFactory(user=person, group=GroupFactory())
            question = ThreadFactory(group=open_group, author=person, kind=Thread.Kind.QUESTION)
            question.accepted_post = PostFactory(thread=question, author=person)
            question.save()
            FollowFactory(followed=person)
            LibraryItemFactory(author=person)

    client = client_for(outsider)
    assert_constant_queries(lambda: client.get(person.get_absolute_url()), add, rows=5)


def test_my_own_profile_keeps_a_constant_number_of_queries(client_for, outsider, open_group):
    def add(n):
        give_topics(outsider, skills=[f"s{outsider.pk}-{i}" for i in range(n)])
        for _ in range(n):
            ThreadFactory(group=open_group, author=outsider)

    client = client_for(outsider)
    assert_constant_queries(lambda: client.get(outsider.get_absolute_url()), add, rows=5)


def test_following_a_colleague(client_for, outsider):
    colleague = UserFactory(display_name="Cleo Colleague")
    client = client_for(outsider)
    url = reverse("profiles:follow", args=[colleague.handle])
    response = client.post(url, {"follow": "1"})
    assert response.status_code == 302
    assert Follow.objects.filter(follower=outsider, followed=colleague).count() == 1
    client.post(url, {"follow": "1"})  # a double click follows once
    assert Follow.objects.filter(follower=outsider, followed=colleague).count() == 1
    button = client.post(url, {"follow": "0"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="false"' in button.content.decode()
    assert not Follow.objects.exists()


def test_i_cannot_follow_myself(client_for, outsider):
    response = client_for(outsider).post(
        reverse("profiles:follow", args=[outsider.handle]), follow=True
    )
    assert "You cannot follow yourself." in response.content.decode()
    assert not Follow.objects.exists()
    with pytest.raises(IntegrityError):
        Follow.objects.create(follower=outsider, followed=outsider)


def test_endorsing_a_skill_once_per_endorser(client_for, outsider):
    ana = UserFactory()
    give_topics(ana, skills=["Python"])
    python = ana.profile.skills.get()
    url = reverse("profiles:endorse", args=[ana.handle, python.pk])
    client = client_for(outsider)
    client.post(url, {"endorse": "1"})
    client.post(url, {"endorse": "1"})
    assert Endorsement.objects.filter(person=ana, topic=python).count() == 1
    chip = client.post(url, {"endorse": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert 'aria-pressed="true"' in chip
    assert ">1</span>" in chip  # the count
    # The database keeps it at one whatever the code path.
    with pytest.raises(IntegrityError):
        Endorsement.objects.create(endorser=outsider, person=ana, topic=python)


def test_endorsement_rules(outsider, guest):
    ana = UserFactory(display_name="Ana")
    give_topics(ana, skills=["Python"])
    other_topic = topics_get_or_create(names=["Cobol"])[0]
    python = ana.profile.skills.get()
    with pytest.raises(Exception, match="does not list Cobol"):
        endorsement_set(endorser=outsider, person=ana, topic=other_topic, endorse=True)
    with pytest.raises(Exception, match="your own skills"):
        endorsement_set(endorser=ana, person=ana, topic=python, endorse=True)
    with pytest.raises(Exception, match="External guests"):
        endorsement_set(endorser=guest, person=ana, topic=python, endorse=True)
    assert not Endorsement.objects.exists()
    assert endorsement_set(endorser=outsider, person=ana, topic=python, endorse=True)
    assert not endorsement_set(endorser=outsider, person=ana, topic=python, endorse=False)
    assert not Endorsement.objects.exists()


def test_a_failed_endorsement_shows_why_and_changes_nothing(client_for, outsider):
    ana = UserFactory()
    cobol = topics_get_or_create(names=["Cobol"])[0]
    response = client_for(outsider).post(
        reverse("profiles:endorse", args=[ana.handle, cobol.pk]), follow=True
    )
    assert "does not list Cobol as a skill" in response.content.decode()
    assert not Endorsement.objects.exists()
    missing = client_for(outsider).post(reverse("profiles:endorse", args=[ana.handle, 999999]))
    assert missing.status_code == 404


def test_follow_service_refuses_former_colleagues(outsider):
    former = UserFactory(is_active=False)
    with pytest.raises(Exception, match="left the company"):
        follow_set(follower=outsider, followed=former, follow=True)


def test_withdrawing_a_stale_endorsement_over_htmx_removes_the_chip(client_for, outsider):
    ana = UserFactory()
    cobol = topics_get_or_create(names=["Cobol"])[0]
    response = client_for(outsider).post(
        reverse("profiles:endorse", args=[ana.handle, cobol.pk]),
        {"endorse": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content == b""


def test_cached_profile_parts_follow_activity_and_access(
    client_for, member, private_group, django_capture_on_commit_callbacks
):
    """The activity block is cached per viewer: a new reply, and leaving a group, show at
    once."""
    person = UserFactory()
    MembershipFactory(user=person, group=private_group)
    secret = ThreadFactory(group=private_group, title="Red team findings")
    client = client_for(member)
    assert "Red team findings" not in client.get(person.get_absolute_url()).content.decode()
    PostFactory(thread=secret, author=person)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Red team findings" in page  # their new reply, in a group the reader can read
    private_group.memberships.filter(user=member).delete()
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Red team findings" not in page
    assert private_group.name not in page


def test_the_cached_directory_follows_profile_edits(
    client_for, outsider, staff, django_capture_on_commit_callbacks
):
    from tests.profiles.test_profile_edit import EDIT, form_data

    colleague = UserFactory(display_name="Cora Colleague")
    directory = reverse("profiles:directory")
    assert "Data Engineer" not in client_for(outsider).get(directory).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(colleague).post(EDIT, form_data(display_name="Cora Colleague"))
    assert "Data Engineer" in client_for(outsider).get(directory).content.decode()
    newcomer = UserFactory(display_name="Nico Newcomer")
    assert "Nico Newcomer" in client_for(outsider).get(directory).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(
            reverse("admin:profiles_user_changelist"),
            {"action": "deactivate", "_selected_action": [newcomer.pk]},
        )
    assert "Nico Newcomer" not in client_for(outsider).get(directory).content.decode()


def test_a_profile_shows_the_local_time_of_someone_in_another_time_zone(client_for, outsider):
    import datetime
    import zoneinfo

    from django.utils import timezone
    from django.utils.dateformat import time_format

    tokyo = UserFactory(time_zone="Asia/Tokyo")
    page = client_for(outsider).get(tokyo.get_absolute_url()).content.decode()
    now_there = timezone.now().astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).replace(tzinfo=None)
    shown = {  # as the page formats it ("2:05 p.m."), a minute either side
        time_format(now_there + datetime.timedelta(minutes=m), "P") for m in (-1, 0, 1)
    }
    assert "there now" in page
    assert any(f"{t} there now" in page for t in shown), shown
    same_zone = UserFactory(time_zone=outsider.time_zone)
    assert (
        "there now" not in client_for(outsider).get(same_zone.get_absolute_url()).content.decode()
    )


def test_a_group_turning_private_leaves_cached_profiles_at_once(client_for, outsider):
    group = GroupFactory(visibility="open")
    person = UserFactory()
    MembershipFactory(user=person, group=group)
    ThreadFactory(group=group, author=person, title="Roadmap draft")
    client = client_for(outsider)
    assert "Roadmap draft" in client.get(person.get_absolute_url()).content.decode()
    group.visibility = "private"
    group.save()  # as the admin (and the group settings) do
    assert "Roadmap draft" not in client.get(person.get_absolute_url()).content.decode()


def test_following_someone_removes_them_from_my_suggestions_at_once(client_for):
    me = UserFactory()
    give_topics(me, interests=["Chess"])
    other = UserFactory(display_name="Cass Chess")
    give_topics(other, interests=["Chess"])
    client = client_for(me)
    assert "Cass Chess" in client.get(reverse("profiles:directory")).content.decode()
    client.post(reverse("profiles:follow", args=[other.handle]), {"follow": "1"})
    page = client.get(reverse("profiles:directory")).content.decode()
    assert "People you might want to meet" not in page
