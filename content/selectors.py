"""Reads on the library; every one goes through LibraryItem.objects.visible_to()."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from content.models import LibraryItem
from groups.models import Group
from profiles.models import User


def item_get_for_user(*, user: User, item_id: int) -> LibraryItem:
    try:
        return (
            LibraryItem.objects.visible_to(user)
            .published()
            .select_related("group", "author__profile")
            .get(pk=item_id)
        )
    except LibraryItem.DoesNotExist:
        raise Http404 from None


def item_list(*, user: User, group: Group | None = None) -> QuerySet[LibraryItem]:
    items = LibraryItem.objects.visible_to(user).published()
    if group is not None:
        items = items.filter(group=group)
    return items.select_related("group", "author__profile").order_by("-published_at", "-pk")
