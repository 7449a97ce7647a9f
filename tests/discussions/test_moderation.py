"""Moderation light: members report posts; the group's moderators see the reports,
hide posts with a reason everyone sees, and lock, pin and move threads. Hidden texts
leave every list, search and the API for everyone but the moderators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.models import Flag, Thread
from discussions.services import answer_accept, post_create, thread_create
from groups.models import Membership
from notifications.models import Notification
from tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(owner, private_group):
    return thread_create(
        user=owner, group=private_group, title="Team offsite ideas", body="Where shall we go?",
        kind="question",
    )  # fmt: skip


@pytest.fixture
def spam(member, thread):
    return post_create(user=member, thread=thread, body="Buy cheap watches at spam.example")


def flag_url(thread, post=None):
    return reverse("discussions:flag", args=[thread.pk]) + (f"?post={post.pk}" if post else "")


def hide_url(thread, post=None):
    return reverse("discussions:hide", args=[thread.pk]) + (f"?post={post.pk}" if post else "")


def test_a_member_reports_a_reply_and_the_moderators_are_told(
    client_for, moderator, owner, private_group, thread, spam, committed
):
    reporter = MembershipFactory(group=private_group).user
    with committed():
        response = client_for(reporter).post(
            flag_url(thread, spam), {"post": spam.pk, "reason": "spam", "note": "Ad."}
        )
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.post, flag.reason, flag.status) == (spam, "spam", "open")
    told = set(Notification.objects.filter(kind="flagged").values_list("recipient", flat=True))
    assert told == {owner.pk, moderator.pk}


def test_reporting_twice_says_so_and_keeps_one_report(client_for, private_group, thread, spam):
    reporter = client_for(MembershipFactory(group=private_group).user)
    reporter.post(flag_url(thread, spam), {"post": spam.pk, "reason": "spam"})
    again = reporter.post(flag_url(thread, spam), {"post": spam.pk, "reason": "offensive"})
    assert again.status_code == 422
    assert "already reported" in again.content.decode()
    assert Flag.objects.count() == 1


def test_a_report_needs_a_reason(client_for, private_group, thread, spam):
    response = client_for(MembershipFactory(group=private_group).user).post(
        flag_url(thread, spam), {"post": spam.pk, "reason": "", "note": "Keep me"}
    )
    assert response.status_code == 422
    assert "Keep me" in response.content.decode()
    assert not Flag.objects.exists()


def test_only_moderators_see_the_queue(client_for, member, moderator, private_group, thread, spam):
    Flag.objects.create(thread=thread, post=spam, reporter=moderator, reason="spam")
    url = reverse("discussions:flags", args=[private_group.slug])
    assert client_for(member).get(url).status_code == 403
    page = client_for(moderator).get(url)
    assert page.status_code == 200
    assert "Spam or advertising" in page.content.decode()


def test_hiding_a_reply_keeps_its_place_with_the_reason(
    client_for, member, moderator, private_group, thread, spam, committed
):
    reader = MembershipFactory(group=private_group).user
    Flag.objects.create(thread=thread, post=spam, reporter=reader, reason="spam")
    with committed():
        response = client_for(moderator).post(
            hide_url(thread, spam), {"post": spam.pk, "reason": "Advertising"}
        )
    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.is_hidden
    assert spam.hidden_reason == "Advertising"
    assert Flag.objects.get().status == "hidden"
    assert Notification.objects.get(kind="hidden").recipient == member
    page = client_for(reader).get(thread.get_absolute_url()).content.decode()
    assert "Hidden by a moderator: Advertising" in page
    assert "cheap watches" not in page
    mod_page = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    assert "cheap watches" in mod_page
    assert "Show again" in mod_page


def test_a_hidden_reply_is_not_an_answer(client_for, moderator, thread, spam):
    answer_accept(user=thread.author, thread=thread, post=spam)
    client_for(moderator).post(hide_url(thread, spam), {"post": spam.pk, "reason": "Spam"})
    thread.refresh_from_db()
    assert thread.accepted_post is None
    assert thread.first_reply_at is None
    assert thread.reply_count == 0


def test_hidden_replies_leave_profiles_search_and_the_api(
    client_for, member, moderator, private_group, thread, spam
):
    client_for(moderator).post(hide_url(thread, spam), {"post": spam.pk, "reason": "Spam"})
    reader = client_for(MembershipFactory(group=private_group).user)
    profile = reader.get(member.get_absolute_url()).content.decode()
    assert "cheap watches" not in profile
    search = reader.get(reverse("search"), {"q": "watches"}).content.decode()
    assert "cheap watches" not in search


def test_hiding_a_thread_removes_it_for_everyone_but_moderators(
    client_for, member, moderator, private_group, thread
):
    client_for(moderator).post(hide_url(thread), {"reason": "Duplicate of another thread"})
    thread.refresh_from_db()
    assert thread.is_hidden
    reader = client_for(member)
    assert reader.get(thread.get_absolute_url()).status_code == 404
    listing = reader.get(reverse("discussions:group_threads", args=[private_group.slug]))
    assert "Team offsite ideas" not in listing.content.decode()
    api = reader.get(reverse("api:threads")).json()
    assert all(row["title"] != "Team offsite ideas" for row in api["results"])
    assert (
        "Team offsite ideas" not in reader.get(reverse("search"), {"q": "offsite"}).content.decode()
    )
    assert "Team offsite ideas" not in reader.get(reverse("home")).content.decode()
    mods = client_for(moderator)
    assert mods.get(thread.get_absolute_url()).status_code == 200
    listing = mods.get(reverse("discussions:group_threads", args=[private_group.slug]))
    assert "Team offsite ideas" in listing.content.decode()


def test_hiding_needs_a_reason_and_a_moderator(client_for, member, moderator, thread, spam):
    assert (
        client_for(member)
        .post(hide_url(thread, spam), {"post": spam.pk, "reason": "x"})
        .status_code
        == 403
    )
    response = client_for(moderator).post(hide_url(thread, spam), {"post": spam.pk, "reason": ""})
    assert response.status_code == 422
    spam.refresh_from_db()
    assert not spam.is_hidden


def test_moderators_show_a_hidden_reply_again(client_for, moderator, thread, spam):
    client_for(moderator).post(hide_url(thread, spam), {"post": spam.pk, "reason": "Spam"})
    client_for(moderator).post(hide_url(thread, spam), {"post": spam.pk, "show": "1"})
    spam.refresh_from_db()
    thread.refresh_from_db()
    assert not spam.is_hidden
    assert thread.reply_count == 1


class TestThreadActions:
    def act(self, client, thread, **data):
        return client.post(reverse("discussions:moderate", args=[thread.pk]), data)

    def test_a_locked_thread_takes_no_replies(self, client_for, member, moderator, thread):
        self.act(client_for(moderator), thread, action="lock")
        response = client_for(member).post(thread.get_absolute_url(), {"body": "Late reply"})
        assert response.status_code == 422
        assert "locked" in response.content.decode()
        assert "Late reply" in response.content.decode()
        assert not thread.posts.exists()

    def test_pinned_threads_come_first(self, client_for, member, moderator, private_group, thread):
        thread_create(user=member, group=private_group, title="Newer thread", body="New")
        self.act(client_for(moderator), thread, action="pin")
        page = (
            client_for(member)
            .get(reverse("discussions:group_threads", args=[private_group.slug]))
            .content.decode()
        )
        assert page.index("Team offsite ideas") < page.index("Newer thread")

    def test_threads_move_only_to_groups_the_moderator_also_runs(
        self, client_for, moderator, private_group, thread
    ):
        elsewhere = GroupFactory(visibility="open")
        run_too = GroupFactory(visibility="open")
        MembershipFactory(group=run_too, user=moderator, role=Membership.Role.MODERATOR)
        self.act(client_for(moderator), thread, action="move", to=elsewhere.pk)
        assert Thread.objects.get().group == private_group
        self.act(client_for(moderator), thread, action="move", to=run_too.pk)
        assert Thread.objects.get().group == run_too

    def test_members_cannot_lock_pin_or_move(self, client_for, member, thread):
        for action in ("lock", "pin", "move", "great"):
            assert self.act(client_for(member), thread, action=action).status_code == 403
        thread.refresh_from_db()
        assert not (thread.is_locked)
        assert not (thread.is_pinned)
        assert not (thread.is_great)

    def test_advocates_mark_great_conversations(self, client_for, private_group, thread):
        advocate = MembershipFactory(group=private_group, is_advocate=True).user
        self.act(client_for(advocate), thread, action="great")
        thread.refresh_from_db()
        assert thread.is_great
        assert thread.is_highlighted
        assert self.act(client_for(advocate), thread, action="lock").status_code == 403


def test_outsiders_cannot_report_or_see_the_queue(
    client_for, outsider, private_group, thread, spam
):
    assert client_for(outsider).post(flag_url(thread, spam), {"reason": "spam"}).status_code == 404
    queue = client_for(outsider).get(reverse("discussions:flags", args=[private_group.slug]))
    assert queue.status_code in (200, 403)
    assert "cheap watches" not in queue.content.decode()


def test_people_do_not_report_their_own_posts(client_for, member, thread, spam):
    assert client_for(member).post(flag_url(thread, spam), {"reason": "spam"}).status_code == 403
    assert not Flag.objects.exists()
