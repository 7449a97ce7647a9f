"""Library jobs: review reminders (weekly, on beat) and broken-link notices."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from content.models import LibraryItem, ReviewReminder
from content.previews import preview_fetch
from notifications.models import Notification
from notifications.services import notify
from profiles.models import User

log = logging.getLogger(__name__)
TARGET = "content.item"


@shared_task(soft_time_limit=300, time_limit=360)
def remind_reviews() -> int:
    """Remind owners of items past their review-by date, once per item and date: the
    candidates are found in one query; each reminder row is claimed under its unique
    constraint, so a second run (or two at once) reminds nobody twice. Returns how
    many were reminded."""
    already = ReviewReminder.objects.filter(item=OuterRef("pk"), review_by=OuterRef("review_by"))
    due = (
        LibraryItem.objects.published()
        .filter(review_by__lt=timezone.localdate(), author__is_active=True)
        .exclude(Exists(already))
        .only("pk", "title", "slug", "review_by", "author_id")
    )
    sent = 0
    for item in due.iterator(chunk_size=500):
        with transaction.atomic():
            _reminder, created = ReviewReminder.objects.get_or_create(
                item=item, review_by=item.review_by
            )
            if created:
                sent += notify(
                    recipient_ids=[item.author_id], kind=Notification.Kind.REVIEW_DUE,
                    actor=None, target=(TARGET, item.pk), url=item.get_absolute_url(),
                    title=item.title,
                )  # fmt: skip
    log.info("review reminders sent: %d", sent)
    return sent


@shared_task(soft_time_limit=600, time_limit=660)
def import_partner_feeds() -> dict[str, int]:
    """Beat runs this every hour (see CELERY_BEAT_SCHEDULE)."""
    from content.feeds import import_all  # feeds -> services -> tasks: imported late

    totals = import_all()
    log.info("partner feeds: %s", totals)
    return totals


@shared_task
def notify_broken_link(item_id: int, reporter_id: int) -> int:
    item = LibraryItem.objects.filter(pk=item_id).first()
    if item is None:
        return 0
    recipients = [item.author_id]
    if item.author_id is None and item.group_id is None:
        # A partner's item nobody owns: the learning team looks after it.
        recipients = User.objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True)
    return notify(
        recipient_ids=recipients,
        kind=Notification.Kind.BROKEN_LINK,
        actor=User.objects.filter(pk=reporter_id).first(),
        target=(TARGET, item.pk),
        url=item.get_absolute_url(),
        title=item.title,
    )


def visible_item_ids(user, ids: set[int]) -> list[int]:
    """For notifications.registry."""
    return list(
        LibraryItem.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )


@shared_task(soft_time_limit=30, time_limit=40)
def fetch_link_preview(item_id: int) -> bool:
    """Read a newly shared link's page for its preview (content.previews)."""
    item = LibraryItem.objects.filter(pk=item_id, kind=LibraryItem.Kind.LINK).first()
    if item is None or not item.url:
        return False
    return preview_fetch(item)
