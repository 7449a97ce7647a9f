from __future__ import annotations

from django.db.models import Q, QuerySet

from notifications import registry
from notifications.models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor__profile")
        .order_by("-created_at", "-pk")
    )


def still_visible(*, user, notifications: list[Notification]) -> list[Notification]:
    """The notifications whose targets the user may still see (one query per type)."""
    visible = registry.visible(user, ((n.target_type, n.target_id) for n in notifications))
    return [n for n in notifications if (n.target_type, n.target_id) in visible]


def group_key(n: Notification) -> tuple[str, str]:
    """Notifications of one kind about one place: the same page (replies in a thread
    are /t/<id>/?post=<reply>: the same page, different replies)."""
    return n.kind, n.url.split("?", 1)[0]


def same_group_unread(n: Notification, *, user) -> QuerySet[Notification]:
    kind, page = group_key(n)
    return Notification.objects.filter(
        Q(url=page) | Q(url__startswith=page + "?"),
        recipient=user,
        kind=kind,
        read_at__isnull=True,
    )


def grouped(notifications: list[Notification]) -> list[Notification]:
    """Notifications of one kind about one thing, unread together, as one row ("3 new
    replies in ..."): the newest stands for the group, with `group_size`, `group_actors`
    (distinct, newest first) and `first_url` (the oldest one's exact place, where
    reading starts). Read ones are grouped when they follow each other."""
    rows: list[Notification] = []
    heads: dict[tuple, Notification] = {}
    for n in notifications:  # newest first
        n.group_size, n.group_actors, n.first_url = 1, [n.actor] if n.actor else [], n.url
        key = group_key(n)
        if n.read_at is None:
            head = heads.get(key)
        else:  # read ones: only a run of them about the same page
            last = rows[-1] if rows else None
            same_run = last is not None and last.read_at is not None and group_key(last) == key
            head = last if same_run else None
        if head is None:
            rows.append(n)
            if n.read_at is None:
                heads[key] = n
            continue
        head.group_size += 1
        head.first_url = n.url
        if n.actor and all(a.pk != n.actor.pk for a in head.group_actors):
            head.group_actors.append(n.actor)
    return rows
