"""Suggestions that cross silos: people to meet, groups to join, reading, each with its
reason; never a private group's item for an outsider; on home from the cache or by htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import Bookmark
from groups.models import Group
from groups.services import membership_join
from profiles.models import Topic
from tests.factories import (
    FollowFactory,
    GroupFactory,
    LibraryItemFactory,
    MembershipFactory,
    UserFactory,
    give_topics,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def person(name: str = "", department: str = ""):
    user = UserFactory(**({"display_name": name} if name else {}))
    if department:
        user.profile.department = department
        user.profile.save(update_fields=["department"])
    return user


URL = reverse("suggestions")
HOME = reverse("home")


@pytest.fixture
def ana(db):
    user = person("Ana Lima", "Sales")
    give_topics(user, skills=["Negotiation", "Python"])
    return user


def test_people_groups_and_reading_each_with_a_reason(client_for, ana, private_group):
    ben = person("Ben Okafor", "Engineering")
    give_topics(ben, skills=["Python"])
    person("Carla Ruiz", "Sales")
    python_group = GroupFactory(name="Python Guild", visibility=Group.Visibility.OPEN)
    python_group.topics.add(Topic.objects.get(key="python"))
    item = LibraryItemFactory(title="Python for analysts")
    item.topics.add(Topic.objects.get(key="python"))
    secret = LibraryItemFactory(title="Python secrets", group=private_group)
    secret.topics.add(Topic.objects.get(key="python"))
    html = client_for(ana).get(URL).content.decode()
    assert "Ben Okafor" in html
    assert "Also into Python · in Engineering" in html
    assert "Python Guild" in html
    assert "About Python, like you" in html
    assert "Python for analysts" in html
    assert "Python secrets" not in html  # a private group's item, Ana is not in it
    assert "Carla Ruiz" in html  # her own department
    assert "In your department" in html


def test_whom_i_follow_what_i_saved_or_wrote_and_my_groups_are_not_suggested(client_for, ana):
    ben = person("Ben Okafor")
    give_topics(ben, skills=["Python"])
    FollowFactory(follower=ana, followed=ben)
    joined = GroupFactory(name="Python Guild", visibility=Group.Visibility.OPEN)
    joined.topics.add(Topic.objects.get(key="python"))
    MembershipFactory(group=joined, user=ana)
    saved = LibraryItemFactory(title="Saved guide")
    saved.topics.add(Topic.objects.get(key="python"))
    Bookmark.objects.create(user=ana, item=saved)
    mine = LibraryItemFactory(title="My own guide", author=ana)
    mine.topics.add(Topic.objects.get(key="python"))
    html = client_for(ana).get(URL).content.decode()
    for name in ("Ben Okafor", "Python Guild", "Saved guide", "My own guide"):
        assert name not in html


def test_with_nothing_to_go_on_it_says_how_to_get_suggestions(client_for, db):
    loner = person()
    html = client_for(loner).get(URL).content.decode()
    assert "Add skills and interests to your profile" in html


def test_popular_open_groups_when_nothing_matches(client_for, db):
    newcomer = person()
    GroupFactory(name="Book Club", visibility=Group.Visibility.OPEN, member_count=40)
    GroupFactory(name="Secret Club", visibility=Group.Visibility.HIDDEN, member_count=90)
    html = client_for(newcomer).get(URL).content.decode()
    assert "Book Club" in html
    assert "Popular: 40 members" in html
    assert "Secret Club" not in html


def test_a_guest_gets_none(client_for, guest):
    person(department=guest.profile.department or "Sales")
    html = client_for(guest).get(URL).content.decode()
    assert "People to meet" not in html
    assert "In your department" not in html


def test_home_asks_for_them_by_htmx_then_shows_them_from_the_cache(client_for, ana):
    ben = person("Ben Okafor")
    give_topics(ben, skills=["Python"])
    client = client_for(ana)
    html = client.get(HOME).content.decode()
    assert f'data-hx-get="{URL}"' in html
    assert "Ben Okafor" not in html
    fragment = client.get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Ben Okafor" in fragment
    html = client.get(HOME).content.decode()
    assert "Ben Okafor" in html
    assert f'data-hx-get="{URL}"' not in html


def test_following_someone_drops_them_at_once(client_for, ana):
    ben = person("Ben Okafor")
    give_topics(ben, skills=["Python"])
    client = client_for(ana)
    assert "Ben Okafor" in client.get(URL).content.decode()
    client.post(reverse("profiles:follow", args=[ben.handle]), {"follow": "1"})
    client.get(HOME)  # the confirmation names him
    assert "Ben Okafor" not in client.get(URL).content.decode()


def test_query_count(client_for, ana):
    def add(n):
        for _ in range(n):
            colleague = person(department="Sales")
            give_topics(colleague, skills=["Python"])
            group = GroupFactory(visibility=Group.Visibility.OPEN)
            group.topics.add(Topic.objects.get(key="python"))
            item = LibraryItemFactory()
            item.topics.add(Topic.objects.get(key="python"))

    client = client_for(ana)
    # Worked out once per person and kept ten minutes (then: session and user only). Cold:
    # session, user, people to meet (4), groups to join (7), reading (2), department (1).
    assert_constant_queries(lambda: client.get(URL), add, budget=16)


def test_a_group_made_hidden_leaves_the_cached_suggestions_at_once(client_for, ana):
    group = GroupFactory(name="Python Guild", visibility=Group.Visibility.OPEN)
    group.topics.add(Topic.objects.get(key="python"))
    client = client_for(ana)
    assert "Python Guild" in client.get(URL).content.decode()
    group.visibility = Group.Visibility.HIDDEN
    group.name = "Python Layoffs Taskforce"
    group.save()
    html = client.get(URL).content.decode()
    assert "Python Layoffs Taskforce" not in html
    assert group.get_absolute_url() not in html


def test_an_item_moved_into_a_private_group_leaves_the_cached_suggestions(client_for, ana):
    item = LibraryItemFactory(title="Python reorg plan")
    item.topics.add(Topic.objects.get(key="python"))
    client = client_for(ana)
    assert "Python reorg plan" in client.get(URL).content.decode()
    item.group = GroupFactory(visibility=Group.Visibility.PRIVATE)
    item.save()
    assert "Python reorg plan" not in client.get(URL).content.decode()


def test_a_group_just_joined_is_no_longer_suggested(client_for, ana):
    group = GroupFactory(name="Python Guild", visibility=Group.Visibility.OPEN)
    group.topics.add(Topic.objects.get(key="python"))
    client = client_for(ana)
    assert "Python Guild" in client.get(URL).content.decode()
    membership_join(group=group, user=ana)
    assert "Python Guild" not in client.get(URL).content.decode()
