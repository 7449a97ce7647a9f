"""Following threads and read state."""

from __future__ import annotations

from django.utils import timezone

from discussions.models import Post, Thread, ThreadBookmark, ThreadFollow
from profiles.models import User


def follow_set(*, user: User, thread: Thread, following: bool) -> None:
    """Follow a thread (told of every reply) or stop; stopping also stops the automatic
    following that replying brings."""
    ThreadFollow.objects.update_or_create(
        user=user, thread=thread, defaults={"following": following, "muted": not following}
    )


def thread_mark_read(*, user: User, thread: Thread) -> None:
    """Record the visit, in one statement (an insert that updates the row if there is
    one), so that opening a thread costs the same the first time and every time after."""
    if not user.is_authenticated:
        return
    ThreadFollow.objects.bulk_create(
        [ThreadFollow(user=user, thread=thread, last_read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_read_at"],
    )


def first_unread(*, thread: Thread, last_read_at) -> Post | None:
    """The first reply posted since the last visit."""
    if last_read_at is None:
        return None
    return (
        Post.objects.filter(thread=thread, created_at__gt=last_read_at, is_hidden=False)
        .order_by("created_at", "pk")
        .only("pk", "created_at")
        .first()
    )


def bookmark_set(*, user: User, thread: Thread, saved: bool) -> bool:
    """Save a thread for later (the saved page), or take it off; idempotent."""
    if saved:
        ThreadBookmark.objects.get_or_create(user=user, thread=thread)
    else:
        ThreadBookmark.objects.filter(user=user, thread=thread).delete()
    return saved
