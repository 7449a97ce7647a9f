"""From conversation to library: moderators and advocates turn a great thread (its
question and accepted answer) into an article in the group's library, linked both ways,
crediting who asked and who answered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import LibraryItem
from discussions.services import answer_accept, post_create, thread_create
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(member, owner, private_group):
    thread = thread_create(user=member, group=private_group, kind="question",
                           title="How do we rotate API keys?", body="Every year?",
                           tags=["Security"])  # fmt: skip
    answer = post_create(user=owner, thread=thread, body="Every **90 days**, with Vault.")
    answer_accept(user=member, thread=thread, post=answer)
    thread.refresh_from_db()
    return thread


def test_the_draft_holds_the_question_the_answer_and_the_credits(
    client_for, moderator, member, owner, answered
):
    page = client_for(moderator).get(reverse("content:promote", args=[answered.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Every **90 days**, with Vault." in html
    assert f"@{member.handle}" in html
    assert f"@{owner.handle}" in html


def test_a_moderator_publishes_it_linked_both_ways(client_for, moderator, private_group, answered):
    response = client_for(moderator).post(
        reverse("content:promote", args=[answered.pk]),
        {"title": "Rotating API keys", "summary": "Every 90 days.", "body": "Use **Vault**."},
    )
    item = LibraryItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert (item.kind, item.group, item.source_thread) == ("article", private_group, answered)
    assert [t.name for t in item.topics.all()] == ["Security"]
    assert (
        "Read the conversation"
        in client_for(moderator).get(item.get_absolute_url()).content.decode()
    )
    thread_page = client_for(moderator).get(answered.get_absolute_url()).content.decode()
    assert "This conversation is in the library" in thread_page
    assert item.get_absolute_url() in thread_page


def test_advocates_may_and_members_may_not(client_for, member, private_group, answered):
    url = reverse("content:promote", args=[answered.pk])
    data = {"title": "T", "summary": "", "body": "B"}
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, data).status_code == 403
    advocate = MembershipFactory(group=private_group, is_advocate=True).user
    assert client_for(advocate).post(url, data).status_code == 302
    assert LibraryItem.objects.count() == 1


def test_outsiders_cannot_even_see_the_draft(client_for, outsider, answered):
    assert (
        client_for(outsider).get(reverse("content:promote", args=[answered.pk])).status_code == 404
    )


def test_an_empty_article_is_refused_with_the_text_kept(client_for, moderator, answered):
    response = client_for(moderator).post(
        reverse("content:promote", args=[answered.pk]), {"title": "Kept title", "body": ""}
    )
    assert response.status_code == 422
    assert "Kept title" in response.content.decode()
    assert not LibraryItem.objects.exists()
