"""The notifications page and the bell: unread count, opening one marks it read and goes
to the exact post, mark all read, and nothing shown that the reader can no longer see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.services import answer_accept, post_create, thread_create
from notifications.models import Notification
from notifications.services import notify
from tests.factories import MembershipFactory, UserFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(owner, private_group):
    return thread_create(
        user=owner, group=private_group, title="Which linter?", body="?", kind="question"
    )


def test_the_bell_counts_unread_and_the_page_lists_them(
    client_for, member, owner, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_create(user=member, thread=thread, body="ruff")
    owner.refresh_from_db()
    assert owner.unread_notifications == 1
    home = client_for(owner).get(reverse("home")).content.decode()
    assert '<span class="bell-count">1</span>' in home
    page = client_for(owner).get(reverse("notifications:list")).content.decode()
    assert "replied in “Which linter?”" in page


def test_opening_one_marks_it_read_and_lands_on_the_post(
    client_for, member, owner, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(user=member, thread=thread, body="ruff")
    note = Notification.objects.get(recipient=owner)
    response = client_for(owner).get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("discussions:thread_short", args=[thread.pk]) + (
        f"?post={post.pk}"
    )
    note.refresh_from_db()
    owner.refresh_from_db()
    assert note.read_at is not None
    assert owner.unread_notifications == 0


def test_mark_all_as_read(client_for, owner, thread):
    for _ in range(3):
        notify(recipient_ids=[owner.pk], kind="reply", actor=None,
               target=("discussions.thread", thread.pk), url="/", title="x")  # fmt: skip
    client_for(owner).post(reverse("notifications:read_all"))
    owner.refresh_from_db()
    assert owner.unread_notifications == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_opens_someone_elses_notification(client_for, member, owner, thread):
    notify(recipient_ids=[owner.pk], kind="reply", actor=None,
           target=("discussions.thread", thread.pk), url="/", title="x")  # fmt: skip
    note = Notification.objects.get()
    assert client_for(member).get(reverse("notifications:open", args=[note.pk])).status_code == 404


def test_after_leaving_a_private_group_its_notifications_are_not_shown(
    client_for, member, owner, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(user=owner, thread=thread, body="An answer")
        post_create(user=member, thread=thread, body="Thanks")
        answer_accept(user=owner, thread=thread, post=post)
    member.memberships.all().delete()
    page = client_for(member).get(reverse("notifications:list")).content.decode()
    assert "Which linter?" not in page
    note = Notification.objects.filter(recipient=member).first()
    assert note is not None
    response = client_for(member).get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_nobody_is_told_about_their_own_actions(owner, thread):
    assert notify(recipient_ids=[owner.pk], kind="reply", actor=owner,
                  target=("discussions.thread", thread.pk), url="/", title="x") == 0  # fmt: skip


def test_an_accepted_answer_is_news_to_its_author(
    member, owner, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(user=member, thread=thread, body="ruff")
        answer_accept(user=owner, thread=thread, post=post)
    assert Notification.objects.filter(recipient=member, kind="accepted").count() == 1


def test_the_page_keeps_a_constant_number_of_queries(client_for, owner, thread, private_group):
    def add(n):
        for _ in range(n):
            actor = MembershipFactory(group=private_group, user=UserFactory()).user
            notify(recipient_ids=[owner.pk], kind="reply", actor=actor,
                   target=("discussions.thread", thread.pk), url="/", title="x")  # fmt: skip

    client = client_for(owner)
    # session, user, count, notifications with actors, visibility of their threads
    assert_constant_queries(lambda: client.get(reverse("notifications:list")), add)


def test_replies_in_one_thread_are_one_row_that_opens_at_the_first_new_one(
    client_for, owner, thread, private_group, django_capture_on_commit_callbacks
):
    writers = [MembershipFactory(group=private_group).user for _ in range(3)]
    posts = []
    for writer in writers:
        with django_capture_on_commit_callbacks(execute=True):
            posts.append(post_create(user=writer, thread=thread, body="an idea"))
    client = client_for(owner)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "3 new replies in “Which linter?”" in page
    assert page.count('class="notification is-unread"') == 1
    newest = Notification.objects.filter(recipient=owner).order_by("-created_at", "-pk").first()
    response = client.get(reverse("notifications:open", args=[newest.pk]))
    assert response["Location"].endswith(f"?post={posts[0].pk}")  # reading starts there
    owner.refresh_from_db()
    assert owner.unread_notifications == 0
    assert not Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()


def test_the_page_counts_the_same_queries_for_5_and_30_of_every_sort(
    client_for, owner, thread, private_group, hidden_group
):
    """Replies, digest rows and invitations (three visibility checks) on one page."""
    from groups.models import Invitation
    from notifications.preferences import choices_set
    from tests.queries import count_queries

    choices_set(user=owner, choices={"mention": "digest"})
    Invitation.objects.create(group=hidden_group, user=owner)

    def add(n):
        for i in range(n):
            actor = MembershipFactory(group=private_group, user=UserFactory()).user
            kind = ["reply", "mention"][i % 2]
            notify(recipient_ids=[owner.pk], kind=kind, actor=actor,
                   target=("discussions.thread", thread.pk), url=f"/t/{i}/", title="x")  # fmt: skip
            notify(recipient_ids=[owner.pk], kind="invited", actor=actor, title="y",
                   target=("groups.invitation", hidden_group.pk), url=f"/g/{i}/")  # fmt: skip

    client = client_for(owner)
    add(5)
    few, _ = count_queries(lambda: client.get(reverse("notifications:list")))
    add(25)
    many, sql = count_queries(lambda: client.get(reverse("notifications:list")))
    # session, user, count, notifications with actors, a check per target type (2)
    assert few == many == 6, "\n".join(sql)
