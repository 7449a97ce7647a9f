"""The thread page and the thread lists cost the same number of queries with 5 posts
as with 100 (replies with reactions, attachments, corrections and hidden ones mixed in),
for a member and for a moderator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.models import Attachment, Flag, Thread
from tests.factories import MembershipFactory, PostFactory, ReactionFactory, ThreadFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
BUDGET = 12


def grow(thread, n, people):
    for i in range(n):
        post = PostFactory(thread=thread, author=people[i % len(people)], is_hidden=i % 7 == 3,
                           hidden_reason="Spam" if i % 7 == 3 else "")  # fmt: skip
        ReactionFactory(post=post, user=people[(i + 1) % len(people)], kind="helpful")
        if i % 5 == 0:
            Attachment.objects.create(thread=thread, post=post, image="x.webp", width=1, height=1)


def assert_same_for_5_and_100(fetch, add) -> int:
    add(5)
    small, _ = count_queries(fetch)
    add(95)
    large, sql = count_queries(fetch)
    assert small == large, f"{small} -> {large}\n" + "\n".join(sql)
    assert large <= BUDGET, f"{large} queries:\n" + "\n".join(sql)
    return large


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_the_thread_page(client_for, private_group, role):
    people = [MembershipFactory(group=private_group).user for _ in range(3)]
    reader = MembershipFactory(group=private_group, role=role).user
    thread = ThreadFactory(group=private_group, author=people[0])
    client = client_for(reader)
    # session, user, thread with group, author and the reader's follow/pending counts,
    # membership, count, replies with authors, their attachments, reaction counts, the
    # read mark, the view count (and, for moderators, the groups to move to)
    assert_same_for_5_and_100(
        lambda: client.get(thread.get_absolute_url()), lambda n: grow(thread, n, people)
    )


def test_the_last_page_of_a_long_thread(client_for, private_group):
    people = [MembershipFactory(group=private_group).user for _ in range(3)]
    thread = ThreadFactory(group=private_group, author=people[0])
    client = client_for(people[0])
    assert_same_for_5_and_100(
        lambda: client.get(thread.get_absolute_url(), {"page": "last"}),
        lambda n: grow(thread, n, people),
    )


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_the_group_thread_list(client_for, private_group, role):
    reader = MembershipFactory(group=private_group, role=role).user
    client = client_for(reader)

    def add(n):
        for i in range(n):
            thread = ThreadFactory(group=private_group, is_hidden=i % 9 == 4)
            PostFactory(thread=thread)
            if i % 3 == 0:
                client.get(thread.get_absolute_url())  # read: "n new replies" kicks in

    # session, user, group, membership, count, threads with authors and read state
    assert_same_for_5_and_100(
        lambda: client.get(reverse("discussions:group_threads", args=[private_group.slug])), add
    )
    assert Thread.objects.count() == 100


def test_the_reports_queue(client_for, private_group, moderator):
    client = client_for(moderator)

    def add(n):
        for _ in range(n):
            post = PostFactory(thread=ThreadFactory(group=private_group))
            Flag.objects.create(thread=post.thread, post=post, reporter=post.author, reason="spam")

    assert_same_for_5_and_100(
        lambda: client.get(reverse("discussions:flags", args=[private_group.slug])), add
    )
