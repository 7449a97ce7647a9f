"""Trust-based corrections and revision history: anyone who may post suggests a new
text with a reason; the author or a moderator accepts (credited, with a source) or
declines it; authors, moderators and trusted members edit; moderators revert."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from discussions.models import Correction, Post, Revision, Thread
from discussions.revisions import correction_accept, correction_suggest
from discussions.services import post_create, thread_create
from groups.models import Membership
from notifications.models import Notification
from tests.factories import GroupFactory, MembershipFactory, ReactionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(owner, private_group):
    return thread_create(
        user=owner, group=private_group, title="Rotating keys", body="We rotate keys yearly."
    )


@pytest.fixture
def reply(member, thread):
    return post_create(user=member, thread=thread, body="Use `vault rotate --all` for it.")


@pytest.fixture
def colleague(private_group):
    return MembershipFactory(group=private_group, user=UserFactory(display_name="Cora Fix")).user


def suggest(client, thread, reply, **data):
    url = reverse("discussions:correct", args=[thread.pk]) + f"?post={reply.pk}"
    return client.post(url, {"post": reply.pk, **data})


def test_a_member_suggests_a_correction_and_the_author_is_told(
    client_for, colleague, thread, reply, committed
):
    with committed():
        response = suggest(
            client_for(colleague), thread, reply,
            body="Use `vault rotate --all --force` for it.", reason="The flag is required now.",
            source_url="https://docs.example.com/vault",
        )  # fmt: skip
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.status == "pending"
    assert correction.base_body == reply.body
    note = Notification.objects.get(kind="correction_suggested")
    assert note.recipient == reply.author
    assert note.actor == colleague
    # The text itself does not change until someone accepts it.
    reply.refresh_from_db()
    assert "--force" not in reply.body


def test_the_suggestion_shows_as_a_diff_to_its_reviewer(
    client_for, colleague, member, thread, reply
):
    correction = correction_suggest(
        user=colleague, thread=thread, post=reply, body="Use `vault rotate --all --force` for it.",
        reason="Flag needed.",
    )  # fmt: skip
    page = client_for(member).get(correction.get_absolute_url()).content.decode()
    assert re.search(r"<ins>[^<]*--force[^<]*</ins>", page)
    assert re.search(r"<del>[^<]*--all`[^<]*</del>", page)
    assert "Accept correction" in page


def test_accepting_credits_the_corrector_and_tells_followers_and_reactors(
    client_for, colleague, member, owner, thread, reply, private_group, committed
):
    reactor = MembershipFactory(group=private_group).user
    ReactionFactory(user=reactor, post=reply, kind="helpful")
    correction = correction_suggest(
        user=colleague, thread=thread, post=reply, body="Use `vault rotate --all --force`.",
        reason="The flag is required now.", source_url="https://docs.example.com/vault",
    )  # fmt: skip
    with committed():
        response = client_for(member).post(correction.get_absolute_url(), {"decision": "accept"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Use `vault rotate --all --force`."
    assert "--force" in reply.body_html
    assert reply.corrected_by == colleague
    assert reply.correction_source == "https://docs.example.com/vault"
    revision = Revision.objects.get(post=reply)
    assert (revision.kind, revision.editor, revision.credited) == ("correction", member, colleague)
    assert revision.body_before == "Use `vault rotate --all` for it."
    told = set(Notification.objects.filter(kind="corrected").values_list("recipient", flat=True))
    # The thread's author follows it; the reactor reacted to the reply; not the decider
    # or the corrector, who hear about it in their own way.
    assert told == {owner.pk, reactor.pk}
    assert Notification.objects.get(kind="correction_decided").recipient == colleague
    page = client_for(owner).get(thread.get_absolute_url()).content.decode()
    assert "by Cora Fix" in page
    assert 'href="https://docs.example.com/vault"' in page


def test_declining_keeps_the_text_and_tells_the_corrector(
    client_for, colleague, member, thread, reply, committed
):
    correction = correction_suggest(
        user=colleague, thread=thread, post=reply, body="Something else.", reason="Wrong."
    )
    with committed():
        client_for(member).post(correction.get_absolute_url(), {"decision": "decline"})
    correction.refresh_from_db()
    reply.refresh_from_db()
    assert correction.status == "declined"
    assert reply.body == "Use `vault rotate --all` for it."
    assert not Revision.objects.exists()
    assert Notification.objects.get(kind="correction_decided").recipient == colleague


def test_only_the_author_or_a_moderator_reviews(
    client_for, colleague, thread, reply, private_group
):
    correction = correction_suggest(
        user=colleague, thread=thread, post=reply, body="Something else.", reason="Wrong."
    )
    other = MembershipFactory(group=private_group).user
    # A suggestion is between its proposer and its reviewers: others do not even see it.
    url = correction.get_absolute_url()
    assert client_for(other).get(url).status_code == 404
    assert client_for(other).post(url, {"decision": "accept"}).status_code == 404
    assert client_for(colleague).get(url).status_code == 200
    assert (
        client_for(colleague)
        .post(correction.get_absolute_url(), {"decision": "accept"})
        .status_code
        == 403
    )
    moderator = MembershipFactory(group=private_group, role=Membership.Role.MODERATOR).user
    client_for(moderator).post(correction.get_absolute_url(), {"decision": "accept"})
    correction.refresh_from_db()
    assert correction.status == "accepted"


def test_a_suggestion_made_against_an_older_text_is_not_applied(
    client_for, colleague, member, thread, reply
):
    correction = correction_suggest(
        user=colleague, thread=thread, post=reply, body="Corrected.", reason="Wrong."
    )
    client_for(member).post(
        reverse("discussions:edit", args=[thread.pk]) + f"?post={reply.pk}",
        {"post": reply.pk, "body": "Rewritten by its author.", "reason": ""},
    )
    response = client_for(member).post(correction.get_absolute_url(), {"decision": "accept"})
    assert response.status_code == 302
    reply.refresh_from_db()
    correction.refresh_from_db()
    assert reply.body == "Rewritten by its author."
    assert correction.status == "pending"


def test_bad_suggestions_come_back_with_the_text_kept(client_for, colleague, thread, reply):
    response = suggest(client_for(colleague), thread, reply, body="My new text here.", reason="")
    assert response.status_code == 422
    page = response.content.decode()
    assert "My new text here." in page
    assert not Correction.objects.exists()
    same = suggest(client_for(colleague), thread, reply, body=reply.body, reason="Nothing")
    assert same.status_code == 422
    assert "same as the current one" in same.content.decode()


def test_authors_cannot_suggest_to_themselves_and_outsiders_see_nothing(
    client_for, member, outsider, thread, reply
):
    assert suggest(client_for(member), thread, reply, body="x y", reason="r").status_code == 403
    assert suggest(client_for(outsider), thread, reply, body="x y", reason="r").status_code == 404
    assert not Correction.objects.exists()


def test_the_opening_text_can_be_corrected_too(client_for, colleague, owner, thread):
    client_for(colleague).post(
        reverse("discussions:correct", args=[thread.pk]),
        {"body": "We rotate keys every 90 days.", "reason": "Policy changed in 2025."},
    )
    correction = Correction.objects.get(post__isnull=True)
    client_for(owner).post(correction.get_absolute_url(), {"decision": "accept"})
    thread.refresh_from_db()
    assert thread.body == "We rotate keys every 90 days."
    assert thread.corrected_by == colleague


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_accepting_at_once_apply_the_correction_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs a server database")
    group = GroupFactory(visibility="private")
    author = MembershipFactory(group=group).user
    moderator = MembershipFactory(group=group, role="moderator").user
    corrector = MembershipFactory(group=group).user
    thread = thread_create(user=author, group=group, title="Race", body="Old text.")
    correction = correction_suggest(user=corrector, thread=thread, body="New text.", reason="Fix.")
    barrier = threading.Barrier(2)
    errors = []

    def accept(user):
        barrier.wait()
        try:
            correction_accept(user=user, correction=correction)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    runs = [threading.Thread(target=accept, args=(u,)) for u in (author, moderator)]
    for t in runs:
        t.start()
    for t in runs:
        t.join()
    assert Revision.objects.filter(kind="correction").count() == 1
    assert len(errors) == 1
    assert "already been reviewed" in str(errors[0])


class TestEditing:
    def edit(self, client, thread, post=None, **data):
        url = reverse("discussions:edit", args=[thread.pk])
        if post is not None:
            url += f"?post={post.pk}"
            data["post"] = post.pk
        return client.post(url, data)

    def test_authors_edit_their_own_posts_and_the_history_keeps_both(
        self, client_for, member, thread, reply
    ):
        response = self.edit(
            client_for(member), thread, reply, body="Use `vault rotate` daily.", reason="typo"
        )
        assert response.status_code == 302
        reply.refresh_from_db()
        assert reply.edited_at is not None
        revision = Revision.objects.get()
        assert (revision.editor, revision.reason) == (member, "typo")
        history = client_for(member).get(
            reverse("discussions:history", args=[thread.pk]) + f"?post={reply.pk}"
        )
        page = history.content.decode()
        assert "<del>" in page
        assert "<ins>" in page
        assert "Edited by" in page

    def test_other_members_may_not_edit_but_trusted_members_and_moderators_may(
        self, client_for, colleague, thread, reply, private_group
    ):
        assert self.edit(client_for(colleague), thread, reply, body="Vandalised").status_code == 403
        Membership.objects.filter(user=colleague).update(is_trusted=True)
        assert self.edit(client_for(colleague), thread, reply, body="Tidied up.").status_code == 302
        moderator = MembershipFactory(group=private_group, role="moderator").user
        assert self.edit(client_for(moderator), thread, reply, body="Moderated.").status_code == 302
        assert Revision.objects.count() == 2

    def test_an_edit_can_be_previewed_without_saving(self, client_for, member, thread, reply):
        response = self.edit(client_for(member), thread, reply, body="**New** text", preview="1")
        assert response.status_code == 200
        assert "<strong>New</strong>" in response.content.decode()
        reply.refresh_from_db()
        assert reply.body == "Use `vault rotate --all` for it."

    def test_an_empty_edit_is_refused_with_the_text_kept(self, client_for, member, thread, reply):
        response = self.edit(client_for(member), thread, reply, body="   ")
        assert response.status_code == 422
        reply.refresh_from_db()
        assert reply.body == "Use `vault rotate --all` for it."

    def test_the_thread_title_and_text_are_edited_together(self, client_for, owner, thread):
        self.edit(client_for(owner), thread, title="Rotating keys in 2026", body="Quarterly now.")
        thread.refresh_from_db()
        assert (thread.title, thread.body) == ("Rotating keys in 2026", "Quarterly now.")
        assert Revision.objects.get().title_before == "Rotating keys"

    def test_moderators_revert_and_members_cannot(self, client_for, member, owner, thread, reply):
        self.edit(client_for(member), thread, reply, body="Wrong advice.")
        revision = Revision.objects.get()
        url = reverse("discussions:revert", args=[thread.pk, revision.pk])
        assert client_for(member).post(url).status_code == 403
        assert client_for(owner).post(url).status_code == 302
        reply.refresh_from_db()
        assert reply.body == "Use `vault rotate --all` for it."
        assert list(Revision.objects.values_list("kind", flat=True).order_by("pk")) == [
            "edit",
            "revert",
        ]

    def test_edits_show_on_the_thread_page(self, client_for, member, thread, reply):
        self.edit(client_for(member), thread, reply, body="Better text.")
        page = client_for(member).get(thread.get_absolute_url()).content.decode()
        assert "Better text." in page
        assert "edited" in page
        assert reverse("discussions:history", args=[thread.pk]) + f"?post={reply.pk}" in page


def test_nothing_is_half_written_when_a_suggestion_fails(colleague, thread, reply):
    with pytest.raises(Exception):  # noqa: B017, PT011
        correction_suggest(user=colleague, thread=thread, post=reply, body="", reason="x")
    assert not Correction.objects.exists()
    assert Post.objects.get().body == reply.body
    assert Thread.objects.get().body == thread.body


def test_an_edit_started_before_a_correction_is_refused_with_the_text_kept(
    client_for, colleague, member, owner, thread, reply
):
    url = reverse("discussions:edit", args=[thread.pk]) + f"?post={reply.pk}"
    page = client_for(member).get(url).content.decode()
    match = re.search(r'name="base" value="([0-9a-f]+)"', page)
    assert match, page[page.find("<form") :][:3000]
    base = match.group(1)
    correction = correction_suggest(
        user=colleague, thread=thread, post=reply, body="Use `vault rotate --all --force`.",
        reason="Flag needed.",
    )  # fmt: skip
    correction_accept(user=member, correction=correction)
    response = client_for(member).post(
        url, {"post": reply.pk, "body": "My rewrite from before", "base": base}
    )
    assert response.status_code == 422
    assert "changed while you were editing" in response.content.decode()
    assert "My rewrite from before" in response.content.decode()
    reply.refresh_from_db()
    assert reply.body == "Use `vault rotate --all --force`."


def test_reverting_a_correction_takes_its_credit_away(client_for, colleague, owner, thread, reply):
    correction = correction_suggest(
        user=colleague, thread=thread, post=reply, body="Wrong fix.", reason="Hm."
    )
    correction_accept(user=reply.author, correction=correction)
    revision = Revision.objects.get()
    client_for(owner).post(reverse("discussions:revert", args=[thread.pk, revision.pk]))
    reply.refresh_from_db()
    assert reply.body == "Use `vault rotate --all` for it."
    assert reply.corrected_by is None
