"""Notifications by email at once: one email each, however often the task runs; a failing
mail server is retried, a refused address does not stop the others; each email links to
the exact place, says why it came, and can be stopped in one click (RFC 8058 headers)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import send_emails
from tests.factories import MembershipFactory, ThreadFactory, UserFactory
from tests.mailservers import FlakyBackend, RefusingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(private_group):
    return ThreadFactory(group=private_group, title="Which linter?")


def mention(people, thread, actor=None) -> list[int]:
    """Notify without running the queued email task; the ids of the new notifications."""
    notify(recipient_ids=[p.pk for p in people], kind="mention", actor=actor,
           target=("discussions.thread", thread.pk), url=f"/t/{thread.pk}/?post=7",
           title=thread.title, excerpt="What about @you?")  # fmt: skip
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


def test_the_email_names_the_place_why_and_how_to_stop_it(
    private_group, thread, owner, time_machine
):
    time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
    reader = MembershipFactory(group=private_group, user__time_zone="Asia/Tokyo").user
    ids = mention([reader], thread, actor=owner)
    assert send_emails(ids) == 1
    message = mail.outbox[0]
    name = owner.profile.display_name
    assert message.subject == f"{name} mentioned you in “Which linter?”"
    link = f"{django_settings.SITE_URL}/t/{thread.pk}/?post=7"
    assert link in message.body
    assert "What about @you?" in message.body
    assert "because someone mentioned you" in message.body
    assert f"{django_settings.SITE_URL}/notifications/settings/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert link in html
    assert 'style="' in html  # inline styles, readable without images
    assert "<img" not in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{django_settings.SITE_URL}/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body
    assert "Dec. 1, 2026, 6 p.m." in message.body  # 09:00 UTC, in the reader's zone


def test_running_twice_sends_once(private_group, thread):
    people = [MembershipFactory(group=private_group).user for _ in range(3)]
    ids = mention(people, thread)
    assert send_emails(ids) == 3
    assert send_emails(ids) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_a_failing_mail_server_is_retried_without_double_sending(settings, private_group, thread):
    settings.EMAIL_BACKEND = "tests.mailservers.FlakyBackend"
    FlakyBackend.sent, FlakyBackend.recovered = [], False
    people = [MembershipFactory(group=private_group).user for _ in range(3)]
    ids = mention(people, thread)
    send_emails.delay(ids)  # the eager task retries in place after the failure
    assert sorted(FlakyBackend.sent) == sorted(p.email for p in people)  # each once
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_refused_address_does_not_stop_the_others(settings, private_group, thread):
    settings.EMAIL_BACKEND = "tests.mailservers.RefusingBackend"
    FlakyBackend.sent = []
    people = [MembershipFactory(group=private_group).user for _ in range(3)]
    RefusingBackend.refuse = people[0].email
    ids = mention(people, thread)
    assert send_emails(ids) == 2
    assert sorted(FlakyBackend.sent) == sorted(p.email for p in people[1:])
    assert send_emails(ids) == 0  # nobody is tried twice


def test_notify_queues_the_emails_once_committed(
    private_group, thread, django_capture_on_commit_callbacks
):
    people = [MembershipFactory(group=private_group).user for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mention(people, thread)
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1  # one task, one SMTP connection, for the batch
    assert len(mail.outbox) == 2


def test_an_invitation_email_goes_to_the_invitee_only(
    hidden_group, django_capture_on_commit_callbacks
):
    from groups.services import invitations_create

    owner = MembershipFactory(group=hidden_group, role="owner").user
    invitee = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(group=hidden_group, inviter=owner, users=[invitee])
    assert [m.to for m in mail.outbox] == [[invitee.email]]
    assert hidden_group.get_absolute_url() in mail.outbox[0].body
