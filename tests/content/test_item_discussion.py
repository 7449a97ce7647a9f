"""An item's discussion: the first comment opens a thread (in the item's group, or the
library discussion group for site-wide items) that the item's author follows; later
comments are its replies; the item page shows the latest, the thread links back; who may
comment follows who may see the item and write in its group."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import LibraryItem
from content.services import item_comment
from discussions.models import Post, Thread, ThreadFollow
from discussions.moderation import thread_moderate
from groups.models import Group
from notifications.models import Notification
from tests.concurrency import at_once, skip_on_sqlite
from tests.factories import (
    GroupFactory,
    LibraryItemFactory,
    MembershipFactory,
    PostFactory,
    UserFactory,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def comment(client, item, body, token=""):
    return client.post(reverse("content:comment", args=[item.pk]), {"body": body, "token": token})


class TestFirstComment:
    def test_opens_a_thread_in_the_library_group_for_a_site_wide_item(
        self, client_for, outsider, django_capture_on_commit_callbacks
    ):
        author = UserFactory(display_name="Ada Author")
        item = LibraryItemFactory(author=author, title="Threat modelling in 20 minutes")
        with django_capture_on_commit_callbacks(execute=True):
            response = comment(client_for(outsider), item, "Does this cover STRIDE?")
        assert response.status_code == 302
        item.refresh_from_db()
        thread = item.discussion
        assert thread.group.slug == "library"
        assert thread.group.visibility == Group.Visibility.OPEN
        assert thread.title == "Threat modelling in 20 minutes"
        assert item.get_absolute_url() in thread.body_html
        assert [p.body for p in thread.posts.all()] == ["Does this cover STRIDE?"]
        assert Thread.objects.get(pk=thread.pk).reply_count == 1
        # The item's author follows it and hears of the comment; the commenter does not.
        assert ThreadFollow.objects.filter(thread=thread, user=author, following=True).exists()
        assert Notification.objects.filter(recipient=author).exists()
        assert not Notification.objects.filter(recipient=outsider).exists()

    def test_later_comments_join_the_same_thread_and_show_on_the_item_page(
        self, client_for, outsider
    ):
        item = LibraryItemFactory()
        comment(client_for(outsider), item, "First thought")
        other = UserFactory()
        comment(client_for(other), item, "Second thought")
        assert Thread.objects.count() == 1
        item.refresh_from_db()
        page = client_for(other).get(item.get_absolute_url()).content.decode()
        assert page.index("First thought") < page.index("Second thought")
        assert "2 comments" in page
        assert item.discussion.get_absolute_url() in page

    def test_a_group_item_is_discussed_in_its_group(self, client_for, member, private_group):
        item = LibraryItemFactory(group=private_group)
        assert comment(client_for(member), item, "Useful for the audit").status_code == 302
        item.refresh_from_db()
        assert item.discussion.group == private_group

    def test_the_thread_page_links_back_to_the_item(self, client_for, outsider):
        item = LibraryItemFactory(title="Pairing guide")
        comment(client_for(outsider), item, "Great guide")
        item.refresh_from_db()
        page = client_for(outsider).get(item.discussion.get_absolute_url()).content.decode()
        assert "This is the discussion of a library item" in page
        assert item.get_absolute_url() in page

    def test_a_double_submit_makes_one_comment(self, client_for, outsider):
        item = LibraryItemFactory()
        client = client_for(outsider)
        token = "6f1c1c52-7a52-4a7c-9d0c-1b1f3f1f0a11"
        for _ in range(2):
            assert comment(client, item, "Once please", token).status_code == 302
        assert Post.objects.filter(body="Once please").count() == 1


class TestWhoMayComment:
    def test_outsiders_cannot_comment_on_a_private_group_item(
        self, client_for, outsider, private_group
    ):
        item = LibraryItemFactory(group=private_group)
        assert comment(client_for(outsider), item, "Let me in").status_code == 404
        assert not Thread.objects.exists()
        assert LibraryItem.objects.get(pk=item.pk).discussion_id is None

    def test_signed_out_visitors_are_sent_to_sign_in(self, client):
        item = LibraryItemFactory()
        response = comment(client, item, "Anonymous")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert not Thread.objects.exists()

    def test_an_empty_comment_is_refused_with_a_message(self, client_for, outsider):
        item = LibraryItemFactory()
        response = comment(client_for(outsider), item, "   ")
        assert response.status_code == 422
        assert "Write something before you send the comment." in response.content.decode()
        assert not Thread.objects.exists()

    def test_an_archived_group_item_takes_no_comment_and_opens_no_thread(
        self, client_for, member, private_group
    ):
        item = LibraryItemFactory(group=private_group)
        Group.objects.filter(pk=private_group.pk).update(archived_at="2026-01-01T00:00:00Z")
        response = comment(client_for(member), item, "Too late")
        assert response.status_code == 422
        assert "archived" in response.content.decode()
        assert not Thread.objects.exists()
        assert LibraryItem.objects.get(pk=item.pk).discussion_id is None

    def test_a_locked_discussion_is_closed_and_the_text_kept(
        self, client_for, outsider, private_group, owner
    ):
        item = LibraryItemFactory(group=private_group)
        member = MembershipFactory(group=private_group).user
        comment(client_for(member), item, "Opening")
        item.refresh_from_db()
        thread_moderate(user=owner, thread=item.discussion, action="lock")
        client = client_for(member)
        response = comment(client, item, "Keep my words")
        assert response.status_code == 422
        html = response.content.decode()
        assert "Keep my words" in html
        assert "closed" in html
        assert Post.objects.filter(body="Keep my words").count() == 0
        action = f'action="{reverse("content:comment", args=[item.pk])}"'
        assert action not in client.get(item.get_absolute_url()).content.decode()

    def test_hidden_comments_are_not_shown_on_the_item_page(self, client_for, outsider):
        item = LibraryItemFactory()
        comment(client_for(outsider), item, "Visible comment")
        item.refresh_from_db()
        PostFactory(thread=item.discussion, body="Rude words", is_hidden=True)
        page = client_for(UserFactory()).get(item.get_absolute_url()).content.decode()
        assert "Visible comment" in page
        assert "Rude words" not in page


class TestQueries:
    def test_the_item_page_keeps_a_constant_number_of_queries_with_comments(
        self, client_for, outsider
    ):
        item = LibraryItemFactory()
        comment(client_for(UserFactory()), item, "Start")
        item.refresh_from_db()
        client = client_for(outsider)

        def add(n):
            for _ in range(n):
                PostFactory(thread=item.discussion)

        assert_constant_queries(lambda: client.get(item.get_absolute_url()), add)


@pytest.mark.django_db(transaction=True)
def test_first_comments_at_once_open_one_discussion():
    """Without the item's row lock, two first comments both see no discussion and each
    open a thread: the second overwrites the item's link and the first is orphaned."""
    skip_on_sqlite()
    item = LibraryItemFactory()
    people = [UserFactory() for _ in range(4)]
    errors = at_once(
        lambda user: item_comment(user=user, item=item, body=f"Hello from {user.pk}"),
        [(u,) for u in people],
    )
    assert errors == []
    item.refresh_from_db()
    assert Thread.objects.count() == 1
    assert item.discussion.posts.count() == 4


class TestReviewCases:
    def test_an_employee_group_named_library_does_not_take_the_conversations(
        self, client_for, outsider
    ):
        squatter = UserFactory()
        group = GroupFactory(name="Library", slug="library", visibility="private")
        MembershipFactory(group=group, user=squatter, role="owner")
        admin = UserFactory(is_superuser=True, is_staff=True)
        item = LibraryItemFactory()
        assert comment(client_for(outsider), item, "Where does this go?").status_code == 302
        item.refresh_from_db()
        home = item.discussion.group
        assert home != group
        assert home.system_key == "library"
        assert home.visibility == Group.Visibility.OPEN
        assert set(home.memberships.values_list("user", "role")) == {(admin.pk, "owner")}

    def test_a_thread_moved_elsewhere_is_closed_on_the_item_page(
        self, client_for, member, private_group, open_group
    ):
        item = LibraryItemFactory(group=private_group)
        client = client_for(member)
        comment(client, item, "Inside the group")
        item.refresh_from_db()
        Thread.objects.filter(pk=item.discussion_id).update(group=open_group)
        response = comment(client, item, "Still private?")
        assert response.status_code == 422
        assert not Post.objects.filter(body="Still private?").exists()
        page = client.get(item.get_absolute_url()).text
        assert "The discussion is closed." in page
        assert "Inside the group" not in page

    def test_the_thread_stands_under_the_items_author_not_the_first_commenter(
        self, client_for, outsider
    ):
        author = UserFactory()
        item = LibraryItemFactory(author=author, title="A *title* with [brackets] @someone")
        comment(client_for(outsider), item, "First!")
        item.refresh_from_db()
        assert item.discussion.author == author
        html = item.discussion.body_html
        assert "<em>" not in html
        assert 'href="/people/' not in html
        assert html.count("<a ") == 1  # the one link: to the item
