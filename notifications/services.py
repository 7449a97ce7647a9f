"""Creating and reading notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, OuterRef
from django.utils import timezone
from django.utils.text import Truncator

from notifications.models import Notification
from notifications.preferences import switched_off
from notifications.selectors import same_group_unread
from profiles.models import User
from socialearn.lib.models import SubqueryCount


@transaction.atomic
def notify(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    actor,
    target: tuple[str, int],
    url: str,
    title: str,
    excerpt: str = "",
) -> int:
    """Create one notification per recipient, never for the actor themself nor for
    people who turned this kind off (notifications.preferences).

    The caller has checked that every recipient may see the target. Returns how many
    were created.
    """
    actor_id = getattr(actor, "pk", None)
    ids = {pk for pk in recipient_ids if pk and pk != actor_id}
    ids = sorted(ids - switched_off(ids, kind)) if ids else []
    if not ids:
        return 0
    rows = [
        Notification(
            recipient_id=pk,
            actor_id=actor_id,
            kind=kind,
            target_type=target[0],
            target_id=target[1],
            url=url[:300],
            title=Truncator(title).chars(200),
            excerpt=Truncator(" ".join(excerpt.split())).chars(300),
        )
        for pk in ids
    ]
    Notification.objects.bulk_create(rows, batch_size=500)
    User.objects.filter(pk__in=ids).update(unread_notifications=F("unread_notifications") + 1)
    return len(rows)


@transaction.atomic
def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of the user's notifications as read, and set the
    bell's number to what is left unread."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    count = unread.update(read_at=timezone.now())
    left = Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    User.objects.filter(pk=user.pk).update(unread_notifications=SubqueryCount(left))
    return count


def mark_group_read(*, user, notification: Notification) -> int:
    """Mark read the notification and the unread ones grouped with it (same kind, same
    page): opening "3 new replies in ..." reads the three."""
    same = same_group_unread(notification, user=user).values_list("pk", flat=True)
    return mark_read(user=user, notification_ids=[notification.pk, *same])
