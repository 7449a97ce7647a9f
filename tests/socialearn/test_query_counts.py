"""Every list page runs a small, fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.models import Thread
from groups.models import Membership
from profiles.services import topics_get_or_create
from tests.factories import (
    GroupFactory,
    LibraryItemFactory,
    MembershipFactory,
    NewsPostFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client_for, open_group):
    user = UserFactory()
    MembershipFactory(group=open_group, user=user)
    return client_for(user)


def feed_rows(group):
    """Rows of every kind the feed shows, interleaved so that a first page holds them all."""

    def add(n):
        for _ in range(n):
            PostFactory(thread=ThreadFactory(group=group))
            NewsPostFactory()
            LibraryItemFactory(group=group)
            LibraryItemFactory()

    return add


def test_home(reader, open_group):
    # session, user, my groups, the feed's rows, then each kind's (4), the news box,
    # profile completeness, questions and highlights, sessions
    assert_constant_queries(lambda: reader.get(reverse("home")), feed_rows(open_group))


def test_feed_page(reader, open_group):
    # session, user, my groups, the feed's rows, then each kind's (4)
    assert_constant_queries(lambda: reader.get(reverse("feed")), feed_rows(open_group), budget=8)


def test_group_directory(reader):
    def add(n):
        for group in GroupFactory.create_batch(n):
            MembershipFactory.create_batch(2, group=group)

    # session, user, count, groups with member counts and my membership
    assert_constant_queries(lambda: reader.get(reverse("groups:directory")), add)


def test_group_home(reader, open_group):
    def add(n):
        ThreadFactory.create_batch(n, group=open_group)
        LibraryItemFactory.create_batch(n, group=open_group)
        MembershipFactory.create_batch(n, group=open_group, role=Membership.Role.MODERATOR)

    # session, user, group, my membership, threads, library, news, member count, moderators
    url = reverse("groups:detail", args=[open_group.slug])
    assert_constant_queries(lambda: reader.get(url), add)


def test_group_threads(reader, open_group):
    url = reverse("discussions:group_threads", args=[open_group.slug])
    # session, user, group, my membership, count, threads with authors
    assert_constant_queries(
        lambda: reader.get(url), lambda n: ThreadFactory.create_batch(n, group=open_group)
    )


def test_group_members(reader, open_group):
    url = reverse("groups:members", args=[open_group.slug])
    # session, user, group, my membership, count, members with profiles
    assert_constant_queries(
        lambda: reader.get(url), lambda n: MembershipFactory.create_batch(n, group=open_group)
    )


def test_thread_page(reader, open_group):
    thread = ThreadFactory(group=open_group)
    # session, user, thread+group+author, count, posts with authors, view count update,
    # my membership
    assert_constant_queries(
        lambda: reader.get(thread.get_absolute_url()),
        lambda n: PostFactory.create_batch(n, thread=thread),
    )


def test_people_directory(reader):
    # session, user, departments, count, people with profiles
    assert_constant_queries(
        lambda: reader.get(reverse("profiles:directory")),
        lambda n: UserFactory.create_batch(n),
    )


def test_library(reader, open_group):
    def add(n):
        LibraryItemFactory.create_batch(n)
        LibraryItemFactory.create_batch(n, group=open_group)

    # session, user, count, items with groups and authors
    assert_constant_queries(lambda: reader.get(reverse("content:library")), add)


def test_news(reader):
    # session, user, count, posts
    assert_constant_queries(
        lambda: reader.get(reverse("news:list")), lambda n: NewsPostFactory.create_batch(n)
    )


def test_profile_page(reader, open_group):
    person = UserFactory()

    def add(n):
        ThreadFactory.create_batch(n, group=open_group, author=person)
        for group in GroupFactory.create_batch(n):
            MembershipFactory(group=group, user=person)

    # session, user, person+profile, groups, threads
    assert_constant_queries(lambda: reader.get(person.get_absolute_url()), add)


def test_search(reader, open_group):
    def add(n):
        ThreadFactory.create_batch(n, group=open_group, title="Thing about typing")
        UserFactory.create_batch(n, display_name="Thing Person")
        GroupFactory.create_batch(n, name="Thing group")
        LibraryItemFactory.create_batch(n, title="Thing guide")
        NewsPostFactory.create_batch(n, title="Thing news")

    # session, user, then one query per section
    assert_constant_queries(lambda: reader.get(reverse("search") + "?q=thing"), add)


def add_everything_about(word: str, group):
    """Rows of every kind matching `word`, people who list it as a skill and have answered
    questions tagged with it, so that each section and the experts box fill up."""

    def add(n):
        for _ in range(n):
            person = UserFactory(display_name=f"{word} Person")
            give_topics(person, skills=[word])
            thread = ThreadFactory(group=group, title=f"{word} question", kind="question")
            thread.tags.add(*topics_get_or_create(names=[word]))
            answer = PostFactory(thread=thread, author=person, body=f"{word} answer")
            Thread.objects.filter(pk=thread.pk).update(accepted_post=answer)
            GroupFactory(name=f"{word} group")
            LibraryItemFactory(title=f"{word} guide")
            NewsPostFactory(title=f"{word} news")

    return add


@pytest.mark.parametrize("tab", ["", "people", "groups", "threads", "replies", "library", "news"])
def test_search_for_a_topic_word(reader, open_group, tab):
    url = reverse("search") + "?q=kubernetes" + (f"&type={tab}" if tab else "")
    # session, user; threads and replies (PostgreSQL: search table, threads, replies;
    # elsewhere: two), people and their skills, groups, library, news; my groups (the
    # group filter); on All, the topic's name (the experts box loads on its own)
    assert_constant_queries(lambda: reader.get(url), add_everything_about("Kubernetes", open_group))


def test_search_experts_box(reader, open_group):
    url = reverse("search_experts") + "?q=kubernetes"
    # session, user, the topic's name, what decides the reader's groups (the ranking's
    # cache key), accepted answers, helpful votes, endorsements, the candidates, the five
    # shown and their skills
    assert_constant_queries(lambda: reader.get(url), add_everything_about("Kubernetes", open_group))
