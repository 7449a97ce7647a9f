"""Creating and reading notifications."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import F, OuterRef
from django.utils import timezone
from django.utils.text import Truncator

from notifications.models import Notification, Preference
from notifications.preferences import channels_of
from notifications.selectors import same_group_unread
from notifications.tasks import send_emails
from profiles.models import User
from socialearn.lib.models import SubqueryCount

Channel = Preference.Channel


EMAIL_BATCH = 100  # notifications per email task: one SMTP connection each


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
    email: bool = True,
) -> int:
    """Tell each recipient, on the channel they chose for `kind`
    (notifications.preferences): by email at once (a row, the bell, and an email sent by
    notifications.tasks.send_emails once this is committed), here only (a row and the
    bell), in their digest (a row for the digest, not on the bell), or not at all. Never
    the actor themself.

    The caller has checked that every recipient may see the target (the email is checked
    again when it goes). `email=False` when the caller sends the emails itself (important
    news: news.tasks.send_important). Returns how many notifications were created.
    """
    actor_id = getattr(actor, "pk", None)
    ids = {pk for pk in recipient_ids if pk and pk != actor_id}
    if not ids:
        return 0
    channels = channels_of(ids, kind)
    digest = channels[Channel.DIGEST]
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
            for_digest=pk in digest,
            email_due=email and pk in channels[Channel.EMAIL],
        )
        for pk in sorted(ids)
        if pk not in channels[Channel.OFF]
    ]
    # PostgreSQL and SQLite (3.35+) give the new rows their ids here.
    Notification.objects.bulk_create(rows, batch_size=500)
    bell = channels[Channel.EMAIL] | channels[Channel.IN_APP]
    if bell:
        User.objects.filter(pk__in=bell).update(unread_notifications=F("unread_notifications") + 1)
    if email:
        _queue_emails([n.pk for n in rows if n.recipient_id in channels[Channel.EMAIL]])
    return len(rows)


def _queue_emails(notification_ids: list[int]) -> None:
    for start in range(0, len(notification_ids), EMAIL_BATCH):
        batch = notification_ids[start : start + EMAIL_BATCH]
        # robust: a broker that is down must not fail the request that was committed (the
        # sweep, notifications.tasks.send_overdue_emails, sends them later).
        transaction.on_commit(partial(send_emails.delay, batch), robust=True)


@transaction.atomic
def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of the user's notifications as read, and set the
    bell's number to what is left unread."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    count = unread.update(read_at=timezone.now())
    left = Notification.objects.filter(
        recipient=OuterRef("pk"), read_at__isnull=True, for_digest=False
    )
    User.objects.filter(pk=user.pk).update(unread_notifications=SubqueryCount(left))
    return count


def mark_group_read(*, user, notification: Notification) -> int:
    """Mark read the notification and the unread ones grouped with it (same kind, same
    page): opening "3 new replies in ..." reads the three."""
    same = same_group_unread(notification, user=user).values_list("pk", flat=True)
    return mark_read(user=user, notification_ids=[notification.pk, *same])
