"""Writes on threads and replies."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import Post, Reaction, Thread
from discussions.tasks import notify_every_post
from groups.models import Group
from groups.selectors import LEADER_ROLES, role_of
from profiles.models import User
from profiles.services import topics_get_or_create
from socialearn.lib.markdown import render_markdown
from socialearn.lib.text import slug_for


def _check_can_write(*, user: User, group: Group) -> None:
    if not Group.objects.readable_by(user).filter(pk=group.pk).exists():
        raise PermissionDenied(_("Only members of this group can post here."))
    if group.is_archived:
        raise ValidationError(_("This group is archived and read-only."))


@transaction.atomic
def thread_create(
    *,
    user: User,
    group: Group,
    title: str,
    body: str,
    kind: str = Thread.Kind.DISCUSSION,
    tags: list[str] = (),
) -> Thread:
    """Start a thread in a group the user may read (open group, or member)."""
    _check_can_write(user=user, group=group)
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError(_("A thread needs a title and some text."))
    now = timezone.now()
    thread = Thread.objects.create(
        group=group,
        author=user,
        kind=kind,
        title=title,
        slug=slug_for(title, fallback="thread"),
        body=body,
        body_html=render_markdown(body),
        last_activity_at=now,
    )
    if tags:
        thread.tags.set(topics_get_or_create(names=list(tags)[:5]))
    # The directory's counts live on the group's row.
    Group.objects.filter(pk=group.pk).update(
        thread_count=F("thread_count") + 1, last_activity_at=now
    )
    transaction.on_commit(lambda: notify_every_post.delay(thread.pk))
    return thread


@transaction.atomic
def post_create(*, user: User, thread: Thread, body: str) -> Post:
    """Reply to a thread; bumps its activity time and reply count in the same transaction."""
    _check_can_write(user=user, group=thread.group)
    if thread.is_locked:
        raise ValidationError(_("This thread is locked."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write something before you send the reply."))
    post = Post.objects.create(
        thread=thread, author=user, body=body, body_html=render_markdown(body)
    )
    # updated_at changes with every reply and reaction: cached pages of replies key on it.
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1,
        last_activity_at=post.created_at,
        updated_at=post.created_at,
    )
    if thread.kind == Thread.Kind.QUESTION and user.pk != thread.author_id:
        # Time to first answer: set once, by the first reply that is not the asker's.
        Thread.objects.filter(pk=thread.pk, first_reply_at__isnull=True).update(
            first_reply_at=post.created_at
        )
    Group.objects.filter(pk=thread.group_id).update(last_activity_at=post.created_at)
    transaction.on_commit(lambda: notify_every_post.delay(thread.pk, post.pk))
    return post


@transaction.atomic
def reaction_toggle(
    *, user: User, kind: str, thread: Thread | None = None, post: Post | None = None
) -> bool:
    """Add the reaction, or take it back if it is there. Returns True when it was added.

    The caller has fetched the thread (or the post's thread) through visible_to().
    """
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."))
    if (thread is None) == (post is None):
        raise ValueError("React to a thread or to a post, not both.")
    target = {"thread": thread} if thread is not None else {"post": post}
    thread_id = thread.pk if thread is not None else post.thread_id
    Thread.objects.filter(pk=thread_id).update(updated_at=timezone.now())
    deleted, _rows = Reaction.objects.filter(user=user, kind=kind, **target).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(user=user, kind=kind, **target)
    except IntegrityError:  # A double click: the first request added it.
        pass
    return True


def may_accept(*, user: User, thread: Thread) -> bool:
    """The asker, or a moderator of the group, while the group is not archived."""
    if thread.kind != Thread.Kind.QUESTION or thread.group.is_archived:
        return False
    if user.pk == thread.author_id:
        return True
    return role_of(user=user, group=thread.group_id) in LEADER_ROLES


@transaction.atomic
def answer_accept(*, user: User, thread: Thread, post: Post | None) -> Thread:
    """Accept a reply as the answer to a question (or, with post None, take the acceptance
    back). The thread row is locked: two moderators accepting at once leave exactly one
    accepted answer, the later choice. The first acceptance time is kept."""
    thread = Thread.objects.select_for_update().select_related("group").get(pk=thread.pk)
    if not may_accept(user=user, thread=thread):
        raise PermissionDenied(
            _("Only the person who asked, or a moderator, can accept an answer.")
        )
    if post is not None and post.thread_id != thread.pk:
        raise ValidationError(_("That reply belongs to another thread."))
    now = timezone.now()
    thread.accepted_post = post
    if post is not None and thread.accepted_at is None:
        thread.accepted_at = now
    if post is None:
        thread.accepted_at = None
    thread.updated_at = now  # cached pages of replies key on it
    thread.save(update_fields=["accepted_post", "accepted_at", "updated_at"])
    return thread
