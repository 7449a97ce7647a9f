"""Publication side effects, exactly once: must-read and important posts are announced
to their audience when their minute comes (the beat job), never twice; important posts
are emailed, one email per person, as each person chose, and a mail server failure is
retried without sending anyone a second copy."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from news.models import NewsEmail, NewsPost
from news.tasks import announce, announce_due, send_important
from notifications.models import Notification
from notifications.preferences import choices_set
from tests.factories import MembershipFactory, NewsPostFactory, UserFactory
from tests.mailservers import FlakyBackend, RefusingBackend

pytestmark = pytest.mark.django_db


def test_a_scheduled_post_is_announced_by_the_beat_job_once_at_its_minute(time_machine):
    time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
    readers = UserFactory.create_batch(3)
    post = NewsPostFactory(status=NewsPost.Status.SCHEDULED, is_must_read=True,
                           publish_at=timezone.now() + datetime.timedelta(minutes=5))  # fmt: skip
    assert announce_due() == 0
    assert not Notification.objects.exists()
    time_machine.move_to("2026-12-01 09:05:00+00:00", tick=False)
    assert announce_due() == 1
    assert announce_due() == 0
    assert announce(post.pk) == 0
    told = set(Notification.objects.filter(kind="must_read").values_list("recipient", flat=True))
    assert told == {u.pk for u in readers}  # not the author: it is their own action


def test_important_news_is_emailed_once_per_person_as_each_chose(
    django_capture_on_commit_callbacks, private_group
):
    members = [MembershipFactory(group=private_group).user for _ in range(4)]
    in_app_only, off = members[0], members[1]
    choices_set(user=in_app_only, choices={"news_important": "in_app"})
    choices_set(user=off, choices={"news_important": "off"})
    UserFactory()  # not in the audience
    post = NewsPostFactory(audience=private_group, is_important=True, title="Building closed")
    with django_capture_on_commit_callbacks(execute=True):
        announce(post.pk)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(u.email for u in members[2:])
    message = mail.outbox[0]
    assert "Building closed" in message.subject
    assert message.alternatives[0][1] == "text/html"
    assert "/notifications/settings/" in message.body
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert told == {u.pk for u in members if u != off}
    # Again (a repeated task): nobody gets a second email.
    assert send_important(post.pk) == 0
    assert len(mail.outbox) == 2


def test_a_mail_server_failure_is_retried_without_double_sending(settings):
    settings.EMAIL_BACKEND = "tests.mailservers.FlakyBackend"
    FlakyBackend.sent, FlakyBackend.recovered = [], False
    readers = UserFactory.create_batch(3)
    post = NewsPostFactory(is_important=True)
    # The eager task retries in place after the failure.
    send_important.delay(post.pk)
    assert sorted(FlakyBackend.sent) == sorted(u.email for u in readers)  # each once
    assert NewsEmail.objects.filter(post=post).count() == 3


def test_an_unpublished_post_is_not_emailed(django_capture_on_commit_callbacks):
    UserFactory.create_batch(2)
    post = NewsPostFactory(is_important=True, status=NewsPost.Status.DRAFT)
    assert announce(post.pk) == 0
    assert send_important(post.pk) == 0
    assert mail.outbox == []


def test_one_refused_address_does_not_stop_the_others(settings):
    settings.EMAIL_BACKEND = "tests.mailservers.RefusingBackend"
    FlakyBackend.sent = []
    readers = UserFactory.create_batch(4)
    RefusingBackend.refuse = readers[1].email
    post = NewsPostFactory(is_important=True)
    assert send_important(post.pk) == 3
    assert sorted(FlakyBackend.sent) == sorted(u.email for u in readers if u != readers[1])
    assert NewsEmail.objects.get(post=post, user=readers[1]).refused
    assert send_important(post.pk) == 0  # nobody is tried twice
    post.refresh_from_db()
    assert post.emails_done_at is not None


def test_emails_are_sent_even_if_the_email_task_was_never_queued(time_machine):
    time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
    readers = UserFactory.create_batch(2)
    post = NewsPostFactory(is_important=True, publish_at=timezone.now())
    # Announced (claimed) by a worker that died before queueing the emails:
    NewsPost.objects.filter(pk=post.pk).update(announced_at=timezone.now())
    announce_due()
    assert mail.outbox == []  # not yet: the run may still be going
    time_machine.move_to("2026-12-01 09:11:00+00:00", tick=False)
    announce_due()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in readers)


class UnpublishingBackend(FlakyBackend):
    """Delivers, and the editor unpublishes the post after the first email."""

    def send_messages(self, messages):
        FlakyBackend.sent.extend(m.to[0] for m in messages)
        NewsPost.objects.update(status=NewsPost.Status.DRAFT)
        return len(messages)


def test_unpublishing_stops_the_emails_between_batches(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.news.test_announce.UnpublishingBackend"
    monkeypatch.setattr("news.tasks.EMAIL_BATCH", 2)
    FlakyBackend.sent = []
    UserFactory.create_batch(6)
    post = NewsPostFactory(is_important=True)
    send_important(post.pk)
    assert len(FlakyBackend.sent) == 2


def test_marking_a_live_post_important_later_announces_it(django_capture_on_commit_callbacks):
    readers = UserFactory.create_batch(2)
    post = NewsPostFactory()
    assert announce_due() == 0
    NewsPost.objects.filter(pk=post.pk).update(is_important=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_due() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in readers)
    NewsPost.objects.filter(pk=post.pk).update(is_must_read=True)
    assert announce_due() == 1  # the must-read notice, once
    assert announce_due() == 0
    assert Notification.objects.filter(kind="must_read").count() == 2
