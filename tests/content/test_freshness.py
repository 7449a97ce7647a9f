"""Freshness: items past their review-by date say they may be out of date and wait in
their owner's (and the group moderators') review queue; a weekly task reminds owners
once per item and date; reviewing sets a new date; readers report broken links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import LibraryItem
from content.services import item_create
from content.tasks import remind_reviews
from notifications.models import Notification
from tests.factories import LibraryItemFactory, MembershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def stale(**fields) -> LibraryItem:
    return LibraryItemFactory(review_by=timezone.localdate() - timedelta(days=3), **fields)


def test_a_new_item_is_due_for_review_in_six_months(member):
    item = item_create(user=member, title="Onboarding checklist")
    assert item.review_by - timezone.localdate() == timedelta(days=180)


def test_a_stale_item_says_so_and_waits_in_its_owners_and_moderators_queues(
    client_for, member, moderator, private_group
):
    item = stale(author=member, group=private_group, title="Old VPN guide")
    fresh = LibraryItemFactory(author=member, title="Fresh guide",
                               review_by=timezone.localdate() + timedelta(days=30))  # fmt: skip
    page = client_for(member).get(item.get_absolute_url()).content.decode()
    assert "may be out of date" in page
    assert (
        "may be out of date"
        not in client_for(member).get(fresh.get_absolute_url()).content.decode()
    )
    queue = reverse("content:review_queue")
    assert "Old VPN guide" in client_for(member).get(queue).content.decode()
    assert "Old VPN guide" in client_for(moderator).get(queue).content.decode()
    other = MembershipFactory(group=private_group).user
    assert "Old VPN guide" not in client_for(other).get(queue).content.decode()
    assert "Fresh guide" not in client_for(member).get(queue).content.decode()


def test_reviewing_sets_a_new_date_and_only_owners_and_moderators_may(
    client_for, member, moderator, private_group
):
    item = stale(author=member, group=private_group)
    url = reverse("content:review", args=[item.pk])
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    other = MembershipFactory(group=private_group).user
    assert client_for(other).post(url, {"review_by": later}).status_code == 403
    past = client_for(member).post(url, {"review_by": "2020-01-01"})
    assert past.status_code == 422
    assert "in the future" in past.content.decode()
    assert client_for(moderator).post(url, {"review_by": later}).status_code == 302
    item.refresh_from_db()
    assert item.review_by.isoformat() == later
    assert item.reviewed_at is not None
    assert not item.is_stale


def test_owners_are_reminded_once_per_item_and_date(member):
    item = stale(author=member)
    stale(author=member)
    assert remind_reviews() == 2
    assert remind_reviews() == 0  # the second run (or a twin) reminds nobody again
    notes = Notification.objects.filter(recipient=member, kind="review_due")
    assert notes.count() == 2
    # Reviewed, then overdue again later: a new period, a new reminder.
    LibraryItem.objects.filter(pk=item.pk).update(
        review_by=timezone.localdate() - timedelta(days=1)
    )
    assert remind_reviews() == 1


def test_nobody_is_reminded_about_fresh_items_or_for_former_colleagues(member):
    LibraryItemFactory(author=member, review_by=timezone.localdate() + timedelta(days=1))
    gone = stale(author=member)
    gone.author.is_active = False
    gone.author.save()
    assert remind_reviews() == 0


def test_a_broken_link_is_reported_once_and_its_owner_told(
    client_for, member, owner, private_group, django_capture_on_commit_callbacks
):
    item = LibraryItemFactory(author=member, group=private_group, kind="link",
                              url="https://gone.example/page")  # fmt: skip
    url = reverse("content:report_broken", args=[item.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner).post(url)
        client_for(owner).post(url)
    note = Notification.objects.get(kind="broken_link")
    assert (note.recipient, note.actor) == (member, owner)
    queue = client_for(member).get(reverse("content:review_queue")).content.decode()
    assert "broken link reported by" in queue
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    client_for(member).post(reverse("content:review", args=[item.pk]), {"review_by": later})
    item.refresh_from_db()
    assert item.broken_reported_at is None


def test_only_links_are_reported_and_outsiders_see_nothing(
    client_for, member, outsider, private_group
):
    article = LibraryItemFactory(author=member, kind="article")
    client_for(outsider).post(reverse("content:report_broken", args=[article.pk]))
    article.refresh_from_db()
    assert article.broken_reported_at is None
    private = LibraryItemFactory(author=member, group=private_group, kind="link")
    response = client_for(outsider).post(reverse("content:report_broken", args=[private.pk]))
    assert response.status_code == 404


def test_the_review_queue_keeps_a_constant_number_of_queries(client_for, member, private_group):
    client = client_for(member)

    def add(n):
        for i in range(n):
            stale(author=member, group=private_group if i % 2 else None)

    assert_constant_queries(lambda: client.get(reverse("content:review_queue")), add)
