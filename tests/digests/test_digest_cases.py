"""Digests: news comment notifications follow the news rule, an old pinned post is not
new every week, and the number of queries stays the same with every section filled."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from digests.emails import digests_send
from digests.models import Digest
from digests.services import digests_plan
from discussions.models import Post
from discussions.notify import POST_TARGET
from groups.models import Membership
from news.models import NewsPost
from notifications.models import Notification
from profiles.models import Topic, User
from tests.digests.moments import AFTER, DUE, settled
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    NewsPostFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)

pytestmark = pytest.mark.django_db


def notice(recipient, post, actor, title):
    return Notification.objects.create(
        recipient=recipient,
        kind=Notification.Kind.MENTION,
        actor=actor,
        target_type=POST_TARGET,
        target_id=post.pk,
        url=f"/t/{post.thread_id}/",
        title=title,
        for_digest=True,
    )


def test_notice_about_a_comment_on_unpublished_news_stays_out_of_the_digest(outsider):
    from news.services import news_comment

    settled(outsider)
    commenter = UserFactory()
    with time_machine.travel(DUE - datetime.timedelta(days=2), tick=False):
        post = NewsPostFactory(title="Reorg plans")
        comment = news_comment(user=commenter, post=post, body="@x what about us?")
        notice(outsider, comment, commenter, "Secret reorg comment")
    NewsPost.objects.filter(pk=post.pk).update(status=NewsPost.Status.DRAFT)  # unpublished
    assert not Post.objects.visible_to(outsider).filter(pk=comment.pk).exists()
    with time_machine.travel(AFTER, tick=False):
        digests_send(digest_ids=digests_plan())
    bodies = [m.body for m in mail.outbox if m.to == [outsider.email]]
    assert not any("Secret reorg comment" in b for b in bodies), bodies


def test_notice_about_group_news_comments_after_leaving_an_open_group(db):
    from news.services import news_comment

    group = GroupFactory(visibility="open")
    leaver = settled(MembershipFactory(group=group).user)
    commenter = MembershipFactory(group=group).user
    with time_machine.travel(DUE - datetime.timedelta(days=2), tick=False):
        post = NewsPostFactory(title="Team bonus", audience=group)
        comment = news_comment(user=commenter, post=post, body="numbers?")
        notice(leaver, comment, commenter, "Team bonus numbers")
    Membership.objects.filter(group=group, user=leaver).delete()
    assert not Post.objects.visible_to(leaver).filter(pk=comment.pk).exists()
    with time_machine.travel(AFTER, tick=False):
        digests_send(digest_ids=digests_plan())
    bodies = [m.body for m in mail.outbox if m.to == [leaver.email]]
    assert not any("Team bonus numbers" in b for b in bodies), bodies


def test_an_old_pinned_post_is_not_new_every_week(outsider):
    settled(outsider)
    with time_machine.travel(DUE - datetime.timedelta(days=30), tick=False):
        NewsPostFactory(title="Old pinned", pinned_until=DUE + datetime.timedelta(days=60))
    Digest.objects.create(user=outsider, due_at=DUE - datetime.timedelta(days=7), status="sent")
    with time_machine.travel(AFTER, tick=False):
        done = digests_send(digest_ids=digests_plan())
    # Nothing was published since the last digest: it should be "empty", not sent.
    assert done["sent"] == 0, (done, [m.subject for m in mail.outbox])


def _people(n):
    group = GroupFactory()
    answerer = UserFactory()
    answerer.profile.department = "Sales"
    answerer.profile.save()
    for dept in range(n):
        person = settled(UserFactory())
        person.profile.department = f"Dept {dept}"
        person.profile.save()
        MembershipFactory(group=group, user=person)
        give_topics(person, skills=["Python"])
        with time_machine.travel(DUE - datetime.timedelta(days=1), tick=False):
            q = ThreadFactory(group=group, kind="question", author=person)
            reply = PostFactory(thread=q, author=answerer)
            notice(person, reply, answerer, "mention")
    give_topics(answerer, skills=["Python"])
    with time_machine.travel(DUE - datetime.timedelta(days=1), tick=False):
        ThreadFactory(group=group, is_highlighted=True)
        question = ThreadFactory(group=group, kind="question")
        question.tags.add(Topic.objects.get(key="python"))


def test_queries_do_not_grow_with_notices_answers_and_meet():
    counts = []
    for n in (10, 100):
        Digest.objects.all().delete()
        User.objects.all().delete()
        _people(n)
        with time_machine.travel(AFTER, tick=False):
            ids = digests_plan()
            with CaptureQueriesContext(connection) as ctx:
                done = digests_send(digest_ids=ids)
        assert done["sent"] >= n
        counts.append(len(ctx.captured_queries) - 3 * len(ids))
    assert counts[0] == counts[1], counts
