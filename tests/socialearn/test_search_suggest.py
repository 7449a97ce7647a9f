"""Suggestions as you type in the header's search box: a few people, groups, threads,
library items and news whose name or title starts with what was typed, by the same
visibility rules as search, in a constant handful of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from discussions.models import Thread
from socialearn import suggest as suggest_module
from tests.factories import (
    GroupFactory,
    LibraryItemFactory,
    NewsPostFactory,
    ThreadFactory,
    UserFactory,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def suggest(client, q):
    response = client.get(reverse("search_suggest"), {"q": q})
    assert response.status_code == 200
    return response


def labels(client, q):
    return [(s.kind, s.label) for s in suggest(client, q).context["suggestions"]]


def test_it_suggests_each_kind_with_a_link_to_it(client_for, open_group):
    person = UserFactory(display_name="Ana Onboardson", handle="ana.o")
    group = GroupFactory(name="Onboarding Buddies")
    thread = ThreadFactory(group=open_group, title="Onboarding checklist for managers")
    item = LibraryItemFactory(title="The onboarding handbook")
    news = NewsPostFactory(title="Onboarding week starts Monday")
    response = suggest(client_for(UserFactory()), "onboard")
    assert [s.kind for s in response.context["suggestions"]] == [
        "people",
        "groups",
        "threads",
        "library",
        "news",
    ]
    html = response.text
    for url in (
        person.get_absolute_url(),
        group.get_absolute_url(),
        thread.get_absolute_url(),
        item.get_absolute_url(),
        news.get_absolute_url(),
    ):
        assert f'href="{url}"' in html
    assert "@ana.o" in html
    # Last, the full search for what was typed.
    assert html.rindex("/search/?q=onboard") > html.rindex(news.get_absolute_url())
    assert "Search for “onboard”" in html


def test_people_are_found_by_a_word_of_their_name_or_their_handle(client_for):
    UserFactory(display_name="Aiko Larsen", handle="aiko")
    UserFactory(display_name="Ben Okafor", handle="larsb")
    UserFactory(display_name="Nils Olsen", handle="nils")
    client = client_for(UserFactory())
    assert labels(client, "lars") == [("people", "Aiko Larsen"), ("people", "Ben Okafor")]
    assert labels(client, "@larsb") == [("people", "Ben Okafor")]
    assert labels(client, "aiko la") == [("people", "Aiko Larsen")]


def test_it_shows_at_most_eight_the_first_of_each_kind_first(client_for, open_group):
    for n in range(4):
        UserFactory(display_name=f"Retro Person {n}")
        GroupFactory(name=f"Retro group {n}")
        ThreadFactory(group=open_group, title=f"Retro formats {n}")
        LibraryItemFactory(title=f"Retro games {n}")
        NewsPostFactory(title=f"Retro news {n}")
    found = labels(client_for(UserFactory()), "retro")
    assert len(found) == 8
    assert {kind for kind, _label in found} == {"people", "groups", "threads", "library", "news"}


@pytest.mark.parametrize("q", ["", "a", " a ", "é"])
def test_under_two_characters_the_fragment_is_empty(client_for, q):
    UserFactory(display_name="Aaron Able")
    assert suggest(client_for(UserFactory()), q).content == b""


def test_private_content_is_suggested_to_members_only(client_for, member, outsider, private_group):
    ThreadFactory(group=private_group, title="Zebrafish plan")
    LibraryItemFactory(group=private_group, title="Zebrafish notes")
    NewsPostFactory(audience=private_group, title="Zebrafish news")
    assert labels(client_for(outsider), "zebra") == []
    assert sorted(labels(client_for(member), "zebra")) == [
        ("library", "Zebrafish notes"),
        ("news", "Zebrafish news"),
        ("threads", "Zebrafish plan"),
    ]


def test_hidden_threads_drafts_and_hidden_groups_never_appear(
    client_for, moderator, private_group, hidden_group
):
    ThreadFactory(group=private_group, title="Zebrafish hidden", is_hidden=True)
    LibraryItemFactory(title="Zebrafish draft", published_at=None)
    NewsPostFactory(title="Zebrafish news draft", status="draft")
    NewsPostFactory(
        title="Zebrafish news later",
        status="scheduled",
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )
    GroupFactory(name="Zebrafish secret circle", visibility="hidden")
    # Even a moderator of the group: hidden threads are for the group's own list.
    assert labels(client_for(moderator), "zebra") == []


def test_a_guest_is_suggested_only_their_groups_and_colleagues(
    client_for, guest, member, open_group
):
    UserFactory(display_name="Zed Stranger")
    ThreadFactory(group=open_group, title="Zed thread")
    member.profile.display_name = "Zed Colleague"
    member.profile.save(update_fields=["display_name"])
    assert labels(client_for(guest), "zed") == [("people", "Zed Colleague")]


@pytest.mark.parametrize(
    "q", ["'", "''", "o'brien", "a & b", "le:*", "!le", "(le", "le)", "a | b", "<->", "\\x", "::"]
)
def test_query_syntax_characters_are_plain_text(client_for, open_group, q):
    ThreadFactory(group=open_group, title="O'Brien's leadership notes")
    suggest(client_for(UserFactory()), q)  # no error, whatever the characters


@pytest.mark.parametrize("q", ["(leader", "leader:*", "'leader'", "!leader", "leader & |"])
def test_query_syntax_around_a_word_leaves_the_word(client_for, open_group, q):
    ThreadFactory(group=open_group, title="O'Brien's leadership notes")
    assert labels(client_for(UserFactory()), q) == [("threads", "O'Brien's leadership notes")]


def test_the_query_count_is_constant_and_small(client_for, open_group):
    client = client_for(UserFactory())

    def add(n):
        UserFactory.create_batch(n, display_name="Thing Person")
        GroupFactory.create_batch(n, name="Thing group")
        ThreadFactory.create_batch(n, group=open_group, title="Thing about typing")
        LibraryItemFactory.create_batch(n, title="Thing guide")
        NewsPostFactory.create_batch(n, title="Thing news")

    # session, user, one UNION ALL of the five kinds
    assert assert_constant_queries(lambda: suggest(client, "thin"), add, budget=6) <= 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgresql_matches_prefixes_of_word_forms_in_titles(client_for, open_group):
    ThreadFactory(group=open_group, title="Onboarding buddies", body="nothing")
    ThreadFactory(group=open_group, title="Coffee", body="Our onboarding is slow")
    LibraryItemFactory(title="Learning paths")
    client = client_for(UserFactory())
    assert labels(client, "onbo") == [("threads", "Onboarding buddies")]  # titles only
    assert labels(client, "learning pa") == [("library", "Learning paths")]
    assert labels(client, "learned") == [("library", "Learning paths")]  # stemmed
    assert labels(client, "paths lea") == [("library", "Learning paths")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgresql_finds_older_matches_beyond_the_recent_ones(client_for, open_group, monkeypatch):
    old = ThreadFactory(group=open_group, title="Kanban boards")
    ThreadFactory.create_batch(4, group=open_group, title="Something else")
    Thread.objects.filter(pk=old.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=900)
    )
    monkeypatch.setattr(suggest_module, "RECENT", 2)  # only the two latest are walked
    assert labels(client_for(UserFactory()), "kanb") == [("threads", "Kanban boards")]
