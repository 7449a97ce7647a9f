"""Corrections and revision history for library articles: a reader suggests, the owner
or a group moderator accepts (credited) or declines; edits and reverts keep history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import ItemCorrection, ItemRevision
from content.services import item_create
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(member, private_group):
    return item_create(user=member, group=private_group, title="VPN setup",
                       body="Use the **2023** client.")  # fmt: skip


def suggest(client, item, **data):
    return client.post(reverse("content:correct", args=[item.pk]), data)


def test_a_reader_suggests_and_the_owner_accepts_with_credit(client_for, member, private_group,
                                                             article):  # fmt: skip
    reader = MembershipFactory(group=private_group).user
    response = suggest(client_for(reader), article, body="Use the **2026** client.",
                       reason="The 2023 client stopped working.",
                       source_url="https://it.example.com/vpn")  # fmt: skip
    assert response.status_code == 302
    correction = ItemCorrection.objects.get()
    page = client_for(member).get(article.get_absolute_url()).content.decode()
    assert "waits for your review" in page
    diff = client_for(member).get(reverse("content:correction", args=[article.pk, correction.pk]))
    assert "<ins>" in diff.content.decode()
    client_for(member).post(reverse("content:correction", args=[article.pk, correction.pk]),
                            {"decision": "accept"})  # fmt: skip
    article.refresh_from_db()
    assert "2026" in article.body_html
    assert article.corrected_by == reader
    revision = ItemRevision.objects.get()
    assert (revision.kind, revision.credited, revision.editor) == ("correction", reader, member)
    history = client_for(reader).get(reverse("content:history", args=[article.pk]))
    assert "Correction by" in history.content.decode()


def test_declined_suggestions_change_nothing_and_others_cannot_review(
    client_for, member, private_group, article
):
    reader = MembershipFactory(group=private_group).user
    suggest(client_for(reader), article, body="Wrong text.", reason="Hm.")
    correction = ItemCorrection.objects.get()
    url = reverse("content:correction", args=[article.pk, correction.pk])
    other = MembershipFactory(group=private_group).user
    assert client_for(other).get(url).status_code == 404
    assert client_for(reader).post(url, {"decision": "accept"}).status_code == 403
    client_for(member).post(url, {"decision": "decline"})
    correction.refresh_from_db()
    article.refresh_from_db()
    assert correction.status == "declined"
    assert "2023" in article.body


def test_bad_suggestions_come_back_and_outsiders_see_nothing(client_for, outsider, private_group,
                                                             article):  # fmt: skip
    reader = MembershipFactory(group=private_group).user
    response = suggest(client_for(reader), article, body="My careful rewrite", reason="")
    assert response.status_code == 422
    assert "My careful rewrite" in response.content.decode()
    assert suggest(client_for(outsider), article, body="x", reason="y").status_code == 404
    assert not ItemCorrection.objects.exists()


def test_owners_edit_and_revert_and_others_may_not(client_for, member, private_group, article):
    other = MembershipFactory(group=private_group).user
    edit = reverse("content:edit", args=[article.pk])
    assert client_for(other).post(edit, {"body": "Vandalised"}).status_code == 403
    client_for(member).post(edit, {"body": "Use the new client.", "reason": "update"})
    article.refresh_from_db()
    assert article.body == "Use the new client."
    revision = ItemRevision.objects.get()
    revert = reverse("content:revert", args=[article.pk, revision.pk])
    assert client_for(other).post(revert).status_code == 403
    client_for(member).post(revert)
    article.refresh_from_db()
    assert article.body == "Use the **2023** client."
    assert ItemRevision.objects.count() == 2


def test_an_action_word_as_a_title_does_not_hide_the_item(client_for, member):
    item = item_create(user=member, title="History", body="Of the company.")
    assert item.slug == "history-item"
    assert client_for(member).get(item.get_absolute_url()).status_code == 200
