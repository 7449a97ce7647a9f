"""Sending digests: a mailbox that is full for now does not hold back the rest of its
batch; the digest stays planned for a later run."""

import datetime

import pytest
import time_machine

from digests.emails import digests_send
from digests.models import Digest
from digests.services import digests_plan
from profiles.models import User
from tests.digests.moments import DUE
from tests.factories import GroupFactory, MembershipFactory, ThreadFactory
from tests.mailservers import FlakyBackend, MailboxFullBackend

pytestmark = pytest.mark.django_db


def test_one_full_mailbox_does_not_hold_back_the_rest_of_the_batch(settings):
    settings.EMAIL_BACKEND = "tests.mailservers.MailboxFullBackend"
    FlakyBackend.sent = []
    group = GroupFactory()
    people = [MembershipFactory(group=group).user for _ in range(3)]
    User.objects.update(date_joined=DUE - datetime.timedelta(days=60))
    with time_machine.travel(DUE - datetime.timedelta(days=1), tick=False):
        ThreadFactory(group=group, is_highlighted=True, author=None)
    MailboxFullBackend.full = people[0].email
    with time_machine.travel(DUE + datetime.timedelta(minutes=1), tick=False):
        done = digests_send(digest_ids=digests_plan())
    assert done["deferred"] == 1
    assert Digest.objects.get(user=people[0]).status == Digest.Status.PLANNED  # for later
    assert set(FlakyBackend.sent) >= {p.email for p in people[1:]}, FlakyBackend.sent
