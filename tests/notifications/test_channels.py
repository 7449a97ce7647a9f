"""Who is told, and how: each person on the channel they chose for the kind (by email at
once, here only, in their digest, or not at all); never about their own action; never
about what they cannot see."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from discussions.services import thread_create
from notifications.models import Notification
from notifications.preferences import DEFAULTS, choices_set
from notifications.services import mark_read, notify
from tests.factories import GroupFactory, MembershipFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(private_group):
    return ThreadFactory(group=private_group, title="Which linter?")


def tell(person, thread, *, kind="reply", actor=None, capture) -> int:
    with capture(execute=True):
        return notify(recipient_ids=[person.pk], kind=kind, actor=actor,
                      target=("discussions.thread", thread.pk), url=thread.get_absolute_url(),
                      title=thread.title)  # fmt: skip


@pytest.mark.parametrize(
    ("channel", "rows", "bell", "emails"),
    [("email", 1, 1, 1), ("in_app", 1, 1, 0), ("digest", 1, 0, 0), ("off", 0, 0, 0)],
)
def test_each_channel_does_what_it_says(
    member, thread, channel, rows, bell, emails, django_capture_on_commit_callbacks
):
    choices_set(user=member, choices={"reply": channel})
    tell(member, thread, capture=django_capture_on_commit_callbacks)
    member.refresh_from_db()
    assert Notification.objects.filter(recipient=member).count() == rows
    assert member.unread_notifications == bell
    assert len(mail.outbox) == emails
    if emails:
        assert mail.outbox[0].to == [member.email]


def test_a_digest_row_is_listed_for_the_digest_and_stays_off_the_bell(
    client_for, member, thread, django_capture_on_commit_callbacks
):
    choices_set(user=member, choices={"reply": "digest"})
    tell(member, thread, capture=django_capture_on_commit_callbacks)
    assert Notification.objects.get(recipient=member).for_digest
    page = client_for(member).get(reverse("notifications:list")).content.decode()
    assert "Which linter?" in page
    assert "In your next digest" in page
    assert "is-unread" not in page
    mark_read(user=member)  # recounting the bell leaves digest rows out too
    member.refresh_from_db()
    assert member.unread_notifications == 0


def test_defaults_email_where_someone_waits_and_in_app_elsewhere():
    emailed = {kind for kind, channel in DEFAULTS.items() if channel == "email"}
    assert emailed == {"join_request", "join_decided", "invited", "mention", "news_important"}
    assert set(DEFAULTS.values()) == {"email", "in_app"}


def test_ones_own_action_never_notifies(member, thread, django_capture_on_commit_callbacks):
    assert tell(member, thread, actor=member, capture=django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_new_question_goes_to_the_groups_advocates_who_may_read_it(
    private_group, django_capture_on_commit_callbacks
):
    advocate = MembershipFactory(group=private_group, is_advocate=True).user
    asker_advocate = MembershipFactory(group=private_group, is_advocate=True).user
    plain_member = MembershipFactory(group=private_group).user
    left = MembershipFactory(group=private_group, is_advocate=True, user__is_active=False).user
    elsewhere = MembershipFactory(group=GroupFactory(), is_advocate=True).user  # not a member
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_create(user=asker_advocate, group=private_group, kind="question",
                               title="How to rotate keys?", body="Any idea?")  # fmt: skip
    told = Notification.objects.filter(kind="new_question")
    assert {n.recipient_id for n in told} == {advocate.pk}  # not the asker, not the others
    assert told.get().url == thread.get_absolute_url()
    for nobody in (plain_member, left, elsewhere):
        assert not Notification.objects.filter(recipient=nobody).exists()


def test_a_discussion_that_is_not_a_question_does_not_go_to_advocates(
    private_group, member, django_capture_on_commit_callbacks
):
    MembershipFactory(group=private_group, is_advocate=True)
    with django_capture_on_commit_callbacks(execute=True):
        thread_create(user=member, group=private_group, title="Hello", body="Hi all")
    assert not Notification.objects.filter(kind="new_question").exists()


def test_an_advocate_mentioned_in_a_new_question_is_told_once(
    private_group, member, django_capture_on_commit_callbacks
):
    advocate = MembershipFactory(group=private_group, is_advocate=True).user
    with django_capture_on_commit_callbacks(execute=True):
        thread_create(user=member, group=private_group, title="Keys?",
                      body=f"@{advocate.handle} do you know?", kind="question")  # fmt: skip
    kinds = list(Notification.objects.filter(recipient=advocate).values_list("kind", flat=True))
    assert kinds == ["mention"]


def test_an_outsider_is_never_told_about_a_private_thread(
    outsider, owner, private_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread_create(user=owner, group=private_group, title="Secret", kind="question",
                      body=f"@{outsider.handle} can you see this?")  # fmt: skip
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert mail.outbox == []


def test_a_person_who_left_the_company_gets_no_email(
    member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        notify(recipient_ids=[member.pk], kind="mention", actor=None,
               target=("discussions.thread", thread.pk), url="/", title="x")  # fmt: skip
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Notification.objects.get(recipient=member).emailed_at is not None  # given up


def test_someone_who_can_no_longer_see_it_when_the_email_goes_gets_none(
    member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        notify(recipient_ids=[member.pk], kind="mention", actor=None,
               target=("discussions.thread", thread.pk), url="/", title="x")  # fmt: skip
    member.memberships.all().delete()  # left the private group meanwhile
    for callback in callbacks:
        callback()
    assert mail.outbox == []
