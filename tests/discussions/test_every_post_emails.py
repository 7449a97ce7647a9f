"""Members who chose "every new post" get an email for each thread and reply."""

from __future__ import annotations

import pytest
from django.core import mail

from discussions.services import post_create, thread_create
from groups.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_post_emails_go_to_those_who_asked(
    private_group, member, django_capture_on_commit_callbacks
):
    eager = MembershipFactory(group=private_group, notification_level=Membership.Notify.ALL).user
    MembershipFactory(group=private_group, notification_level=Membership.Notify.MUTED)
    left = MembershipFactory(group=private_group, notification_level=Membership.Notify.ALL).user
    left.is_active = False
    left.save()
    outsider = UserFactory()  # not a member: never told, whatever happens
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_create(user=member, group=private_group, title="Rotate keys?", body="When?")
    assert [m.to for m in mail.outbox] == [[eager.email]]
    assert mail.outbox[0].subject == "[Security Champions] Rotate keys?"
    assert f"/t/{thread.pk}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(user=eager, thread=thread, body="Every quarter.")
    assert len(mail.outbox) == 1  # the replier is not told about their own reply
    Membership.objects.filter(user=member).update(notification_level="all")
    with django_capture_on_commit_callbacks(execute=True):
        post_create(user=eager, thread=thread, body="And after incidents.")
    assert mail.outbox[-1].to == [member.email]
    assert mail.outbox[-1].subject == "[Security Champions] Re: Rotate keys?"
    assert "And after incidents." in mail.outbox[-1].body
    assert all(outsider.email not in m.to for m in mail.outbox)
    assert post.pk
