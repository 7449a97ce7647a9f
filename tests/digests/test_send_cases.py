"""Sending digests: a mailbox that is full for now does not hold back the rest of its
batch; the digest stays planned for a later run."""

import datetime
import smtplib

import pytest
import time_machine

from digests.emails import digests_send
from digests.models import Digest
from digests.services import digests_plan
from profiles.models import User
from tests.digests.moments import DUE
from tests.factories import GroupFactory, MembershipFactory, ThreadFactory

pytestmark = pytest.mark.django_db


class MailboxFull:
    sent: list = []

    def __init__(self, *a, **k):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *e):
        return False

    def send_messages(self, messages):
        if messages[0].to[0] == MailboxFull.full:
            raise smtplib.SMTPDataError(452, b"mailbox full")
        MailboxFull.sent.extend(m.to[0] for m in messages)
        return len(messages)


def test_one_full_mailbox_does_not_hold_back_the_rest_of_the_batch(settings):
    settings.EMAIL_BACKEND = "tests.digests.test_send_cases.MailboxFull"
    group = GroupFactory()
    people = [MembershipFactory(group=group).user for _ in range(3)]
    User.objects.update(date_joined=DUE - datetime.timedelta(days=60))
    with time_machine.travel(DUE - datetime.timedelta(days=1), tick=False):
        ThreadFactory(group=group, is_highlighted=True, author=None)
    MailboxFull.full = people[0].email
    with time_machine.travel(DUE + datetime.timedelta(minutes=1), tick=False):
        done = digests_send(digest_ids=digests_plan())
    assert done["deferred"] == 1
    assert Digest.objects.get(user=people[0]).status == Digest.Status.PLANNED  # for later
    assert set(MailboxFull.sent) >= {p.email for p in people[1:]}, MailboxFull.sent
