"""Abuse and race cases found in review, kept as regressions: hidden replies never
become answers, nothing hidden is emailed or left in notifications, locks and concurrent
edits hold, and guests cannot probe for people through mentions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from discussions.models import Correction, Post, Thread
from discussions.moderation import text_hide, thread_moderate
from discussions.revisions import correction_accept, correction_suggest, text_edit
from discussions.services import post_create, thread_create
from groups.models import Membership
from notifications.models import Notification
from tests.factories import MembershipFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(owner, private_group):
    return thread_create(
        user=owner, group=private_group, title="Where do API keys live?", body="Asking.",
        kind="question",
    )  # fmt: skip


def test_the_asker_cannot_accept_a_hidden_reply_and_so_publish_its_text(
    client_for, owner, moderator, member, private_group, question
):
    """Finding 1: views.accept / services.answer_accept accept a hidden reply; the thread
    page then shows its text to every reader in the "Accepted answer" box."""
    secret = post_create(user=member, thread=question, body="The prod key is SECRET-42.")
    text_hide(user=moderator, thread=question, post=secret, reason="Leaked a credential")
    response = client_for(owner).post(
        reverse("discussions:accept", args=[question.pk]), {"post": secret.pk}
    )
    assert response.status_code in (302, 403, 404)
    reader = MembershipFactory(group=private_group).user
    page = client_for(reader).get(question.get_absolute_url()).content.decode()
    assert "SECRET-42" not in page
    question.refresh_from_db()
    assert question.accepted_post_id is None


def test_a_reply_in_a_hidden_thread_is_not_emailed_to_ordinary_members(
    owner, moderator, private_group, question, django_capture_on_commit_callbacks
):
    """Finding 2: notify_every_post ignores is_hidden, so members who asked for every
    post get the hidden thread's title and a moderator's reply by email."""
    eager = MembershipFactory(group=private_group, notification_level=Membership.Notify.ALL).user
    text_hide(user=moderator, thread=question, reason="Under investigation")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_create(user=moderator, thread=question, body="Moderators only: rotating now.")
    assert all(eager.email not in m.to for m in mail.outbox), [m.subject for m in mail.outbox]


def test_editing_a_reply_to_add_a_mention_does_not_tell_every_follower_again(
    owner, member, private_group, question, django_capture_on_commit_callbacks
):
    """Finding 3: revisions._apply queues notify_new_text for the added handles, and
    notify.new_text also sends a "replied" notification to every follower."""
    mentioned = MembershipFactory(group=private_group).user
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_create(user=member, thread=question, body="First version.")
    replies_before = Notification.objects.filter(kind="reply", recipient=owner).count()
    assert replies_before == 1
    with django_capture_on_commit_callbacks(execute=True):
        text_edit(
            user=member, thread=question, post=reply, body=f"First version, cc @{mentioned.handle}."
        )
    assert Notification.objects.filter(kind="mention", recipient=mentioned).count() == 1
    assert Notification.objects.filter(kind="reply", recipient=owner).count() == replies_before


def test_a_mention_of_a_reply_later_hidden_no_longer_shows_its_text(
    client_for, moderator, member, private_group, question, django_capture_on_commit_callbacks
):
    """Finding 4: notifications are checked against the thread only; the excerpt of a
    reply hidden afterwards stays on the mentioned person's notifications page."""
    mentioned = MembershipFactory(group=private_group).user
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_create(
            user=member, thread=question, body=f"@{mentioned.handle} the password is hunter2"
        )
    text_hide(user=moderator, thread=question, post=reply, reason="Password")
    page = client_for(mentioned).get(reverse("notifications:list")).content.decode()
    assert "hunter2" not in page


def test_a_correction_cannot_change_a_locked_thread_that_its_author_may_not_edit(
    moderator, member, private_group
):
    """Finding 5: text_edit refuses authors on locked threads, but correction_suggest /
    correction_accept do not check the lock: a friend suggests, the author accepts."""
    friend = MembershipFactory(group=private_group).user
    thread = thread_create(user=member, group=private_group, title="Settled", body="Final.")
    thread_moderate(user=moderator, thread=thread, action="lock")
    thread.refresh_from_db()
    with pytest.raises(ValidationError):
        text_edit(user=member, thread=thread, body="Changed after the lock.")
    try:
        suggestion = correction_suggest(
            user=friend, thread=thread, body="Changed after the lock.", reason="because"
        )
        correction_accept(user=member, correction=suggestion)
    except (PermissionDenied, ValidationError):
        return
    thread.refresh_from_db()
    assert thread.body != "Changed after the lock."


def test_a_removed_moderator_no_longer_sees_report_notifications_of_a_private_group(
    client_for, owner, moderator, member, private_group, question,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Finding 6: flagged (and hidden) notifications target the group, checked with
    Group.visible_to, which lets every employee see a private group: a former moderator
    keeps seeing the titles of reported threads they can no longer read."""
    reply = post_create(user=member, thread=question, body="Off topic")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner).post(
            reverse("discussions:flag", args=[question.pk]) + f"?post={reply.pk}",
            {"post": reply.pk, "reason": "off_topic"},
        )
    assert Notification.objects.filter(kind="flagged", recipient=moderator).exists()
    Membership.objects.filter(user=moderator, group=private_group).delete()
    page = client_for(moderator).get(reverse("notifications:list")).content.decode()
    assert "Where do API keys live?" not in page


def test_after_replying_one_lands_on_the_page_that_holds_the_reply(
    client_for, owner, moderator, member, private_group
):
    """Finding 7: _page_of_last_post uses reply_count, which leaves hidden replies out,
    while the pages of replies include them: with hidden replies the redirect goes to a
    page before the new reply."""
    thread = thread_create(user=owner, group=private_group, title="Long thread", body="Go")
    posts = [PostFactory(thread=thread, author=member) for _ in range(20)]
    text_hide(user=moderator, thread=thread, post=posts[0], reason="Spam")
    response = client_for(member).post(thread.get_absolute_url(), {"body": "Reply 21"})
    assert response.status_code == 302
    new = Post.objects.get(body="Reply 21")
    assert "?page=2" in response["Location"], response["Location"]
    assert new.pk


def test_two_concurrent_hides_of_a_thread_count_it_once(owner, moderator, question):
    """Finding 8 (race, simulated): text_hide decides on the in-memory is_hidden without
    locking the row, so two moderators (or a double click) hiding the same thread both
    decrement the group's thread_count and notify the author twice."""
    group = question.group
    thread_create(user=owner, group=group, title="Another thread", body="So counts show drift")
    group.refresh_from_db()
    before = group.thread_count
    first = Thread.objects.select_related("group").get(pk=question.pk)
    second = Thread.objects.select_related("group").get(pk=question.pk)
    text_hide(user=moderator, thread=first, reason="One")
    text_hide(user=owner, thread=second, reason="Two")
    group.refresh_from_db()
    assert group.thread_count == before - 1


def test_an_edit_racing_an_accepted_correction_is_not_silently_lost(owner, moderator, member):
    """Finding 9 (race, simulated): text_edit writes over the text loaded by the view
    without locking or comparing it, so a correction accepted in between is overwritten
    and the history's "before" text is not what was there."""
    from groups.models import Group

    group = Group.objects.get(memberships__user=owner)
    thread = thread_create(user=owner, group=group, title="Versions", body="Use v1.")
    stale = Thread.objects.select_related("group").get(pk=thread.pk)  # the edit page's copy
    suggestion = correction_suggest(user=member, thread=thread, body="Use v2.", reason="v2 is out")
    correction_accept(user=moderator, correction=Correction.objects.get(pk=suggestion.pk))
    try:
        text_edit(user=owner, thread=stale, body="Use v1, really.")
    except ValidationError:
        return  # refusing a stale edit is a fix
    thread.refresh_from_db()
    last = thread.revisions.order_by("-pk").first()
    assert last.body_before == "Use v2.", "the revision claims the text before was 'Use v1.'"


def test_hiding_a_highlighted_thread_takes_it_off_the_home_page_at_once(
    client_for, open_group, committed
):
    """Finding 10: the home sidebar (questions and highlights) is cached per reader for
    two minutes, keyed on highlights_version(); text_hide (and a move) do not bump it,
    so a hidden or moved great conversation's title stays on everyone's home page."""
    mod = MembershipFactory(group=open_group, role=Membership.Role.MODERATOR).user
    reader = MembershipFactory(group=open_group).user
    thread = thread_create(user=mod, group=open_group, title="Salary bands leaked", body="x")
    thread_moderate(user=mod, thread=thread, action="great")
    home = reverse("home")
    assert "Salary bands leaked" in client_for(reader).get(home).content.decode()
    with committed():
        text_hide(user=mod, thread=Thread.objects.select_related("group").get(pk=thread.pk),
                  reason="Confidential")  # fmt: skip
    assert "Salary bands leaked" not in client_for(reader).get(home).content.decode()


def test_a_guest_cannot_probe_for_people_outside_their_groups_with_the_preview(client_for, guest):
    """Finding 11 (low): render_text links any active handle, whoever asks; a guest,
    whom the directory limits to colleagues of their groups, learns through /preview/
    (or a post) which handles exist and their profile URLs."""
    from tests.factories import UserFactory

    stranger = UserFactory(handle="ceo.private")
    response = client_for(guest).post(reverse("discussions:preview"), {"body": "@ceo.private"})
    assert stranger.get_absolute_url() not in response.content.decode()
