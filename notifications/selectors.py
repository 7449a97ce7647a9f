from __future__ import annotations

from django.db.models import QuerySet

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
