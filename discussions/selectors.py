"""Reads on threads and replies; every one goes through Thread.objects.visible_to()."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from discussions.models import Post, Thread
from groups.models import Group
from profiles.models import User


def thread_get_for_user(*, user: User, thread_id: int) -> Thread:
    """The thread if the user may read it, else 404 (existence does not leak)."""
    try:
        return (
            Thread.objects.visible_to(user)
            .select_related("group", "author__profile")
            .get(pk=thread_id)
        )
    except Thread.DoesNotExist:
        raise Http404 from None


def thread_list_for_group(*, group: Group) -> QuerySet[Thread]:
    """A group's threads; the caller has checked that the user may read the group."""
    return (
        Thread.objects.filter(group=group).select_related("author__profile").newest_activity_first()
    )


def thread_list_recent(*, user: User) -> QuerySet[Thread]:
    return (
        Thread.objects.visible_to(user)
        .select_related("group", "author__profile")
        .order_by("-last_activity_at", "-pk")
    )


def post_list_for_thread(*, thread: Thread) -> QuerySet[Post]:
    return (
        Post.objects.filter(thread=thread)
        .select_related("author__profile")
        .order_by("created_at", "pk")
    )
