"""Delivery rules: one-click unsubscribe keeps working under forged links, a refused message
does not hold back the others, lost email tasks are swept up, muted advocates are left alone."""

from __future__ import annotations

import contextlib
import datetime
import smtplib

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from discussions import notify as discussion_notify
from groups.models import Membership
from notifications.models import Notification
from notifications.preferences import choices_of
from notifications.services import notify
from notifications.tasks import send_emails
from notifications.unsubscribe import token_for
from tests.factories import MembershipFactory, ThreadFactory, UserFactory
from tests.mailservers import FlakyBackend

pytestmark = pytest.mark.django_db


def test_forged_links_do_not_use_up_real_peoples_unsubscribe_budget():
    attacker, mail_provider = Client(), Client(enforce_csrf_checks=True)  # one address
    for _ in range(20):
        attacker.post(reverse("notifications:unsubscribe", args=["forged"]))
    reader = UserFactory()
    url = reverse("notifications:unsubscribe", args=[token_for(user_id=reader.pk, kind="mention")])
    response = mail_provider.post(url)
    assert response.status_code == 200
    assert choices_of(reader)["mention"] == "in_app"


class PoisonBackend(FlakyBackend):
    """Rejects one message's content (554: for good; 452: for now), delivers the others."""

    poison = ""
    code = 554

    def send_messages(self, messages):
        for m in messages:
            if m.to[0] == PoisonBackend.poison:
                raise smtplib.SMTPDataError(PoisonBackend.code, b"message rejected")
        FlakyBackend.sent.extend(m.to[0] for m in messages)
        return len(messages)


def test_one_rejected_message_does_not_hold_back_the_rest_of_its_batch(settings, private_group):
    settings.EMAIL_BACKEND = f"{__name__}.PoisonBackend"
    FlakyBackend.sent = []
    thread = ThreadFactory(group=private_group)
    people = [MembershipFactory(group=private_group).user for _ in range(3)]
    PoisonBackend.poison = min(people, key=lambda p: p.pk).email
    notify(recipient_ids=[p.pk for p in people], kind="mention", actor=None,
           target=("discussions.thread", thread.pk), url=f"/t/{thread.pk}/",
           title=thread.title)  # fmt: skip
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    with contextlib.suppress(smtplib.SMTPException):  # retries exhausted
        send_emails.delay(ids)
    assert len(FlakyBackend.sent) == 2


def test_a_message_refused_for_now_waits_for_the_sweep_and_the_others_go(
    settings, private_group, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.PoisonBackend"
    monkeypatch.setattr(PoisonBackend, "code", 452)  # a full mailbox
    FlakyBackend.sent = []
    thread = ThreadFactory(group=private_group)
    people = [MembershipFactory(group=private_group).user for _ in range(3)]
    full = min(people, key=lambda p: p.pk)
    PoisonBackend.poison = full.email
    notify(recipient_ids=[p.pk for p in people], kind="mention", actor=None,
           target=("discussions.thread", thread.pk), url=f"/t/{thread.pk}/",
           title=thread.title)  # fmt: skip
    send_emails.delay(list(Notification.objects.values_list("pk", flat=True)))
    assert len(FlakyBackend.sent) == 2
    waiting = Notification.objects.get(recipient=full)
    assert waiting.emailed_at is None  # unclaimed: the sweep sends it later


def test_unsent_notification_emails_are_picked_up_again_by_beat():
    """news has announce_due's sweep for stuck emails; notification emails whose task was
    lost (broker down at commit: on_commit(robust=True) only logs) have none."""
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert any(task.startswith("notifications.") for task in tasks), tasks


def test_an_advocate_who_muted_the_group_is_not_told_of_new_questions(private_group, owner):
    advocate = MembershipFactory(
        group=private_group, is_advocate=True, notification_level=Membership.Notify.MUTED
    ).user
    thread = ThreadFactory(group=private_group, author=owner, kind="question")
    discussion_notify.new_question(thread=thread, author=owner)
    assert not Notification.objects.filter(recipient=advocate).exists()


def test_an_email_whose_task_was_lost_is_sent_once_by_the_sweep(private_group, monkeypatch):
    from django.core import mail

    from notifications import services
    from notifications.tasks import send_overdue_emails

    reader = MembershipFactory(group=private_group).user
    thread = ThreadFactory(group=private_group)
    monkeypatch.setattr(services.send_emails, "delay", lambda ids: None)  # the broker is down
    notify(recipient_ids=[reader.pk], kind="mention", actor=None,
           target=("discussions.thread", thread.pk), url=f"/t/{thread.pk}/",
           title=thread.title)  # fmt: skip
    monkeypatch.undo()
    assert mail.outbox == []
    assert send_overdue_emails() == 0  # not overdue yet: its task may still come
    with time_machine.travel(datetime.timedelta(minutes=6)):
        assert send_overdue_emails() == 1
        assert send_overdue_emails() == 0
    assert [m.to for m in mail.outbox] == [[reader.email]]
    with time_machine.travel(datetime.timedelta(days=2)):  # too old: left alone
        Notification.objects.update(emailed_at=None)
        assert send_overdue_emails() == 0
