"""Moderation light: members report posts, the group's moderators hide them (with a
reason everyone sees), lock, pin, move and highlight threads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions import tasks
from discussions.access import thread_access
from discussions.highlights import highlights_changed
from discussions.models import Flag, Post, Thread
from groups.models import Group
from groups.selectors import LEADER_ROLES, role_of
from profiles.models import User


def _check_moderator(user: User, thread: Thread) -> None:
    if not thread_access(user=user, thread=thread).moderate:
        raise PermissionDenied(_("Only the group's moderators can do that."))


@transaction.atomic
def flag_create(
    *, user: User, thread: Thread, post: Post | None = None, reason: str, note: str = ""
) -> Flag:
    """Report a thread's opening text or a reply to the group's moderators."""
    target = post if post is not None else thread
    if not thread_access(user=user, thread=thread).may_flag(author_id=target.author_id):
        raise PermissionDenied(_("Only members can report posts, and not their own."))
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Choose a reason."))
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                thread=thread, post=post, reporter=user, reason=reason, note=note.strip()
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this; the moderators will look at it.")
        ) from None
    transaction.on_commit(lambda: tasks.notify_flag.delay(flag.pk), robust=True)
    return flag


def _recount(thread_id: int) -> None:
    """Replies shown, and a question's first answer, leave hidden replies out."""
    shown = Post.objects.filter(thread_id=thread_id, is_hidden=False)
    thread = Thread.objects.only("author_id", "kind").get(pk=thread_id)
    first = None
    if thread.kind == Thread.Kind.QUESTION:
        first = shown.exclude(author_id=thread.author_id).aggregate(t=Min("created_at"))["t"]
    Thread.objects.filter(pk=thread_id).update(
        reply_count=shown.count(), first_reply_at=first, updated_at=timezone.now()
    )


@transaction.atomic
def text_hide(
    *, user: User, thread: Thread, post: Post | None = None, hide: bool = True, reason: str = ""
) -> None:
    """Hide (or show again) a reply or a whole thread. A hidden reply keeps its place in
    the thread with the reason; its text is gone for everyone but the moderators, as is
    a hidden thread. Open reports on it are closed."""
    _check_moderator(user, thread)
    reason = reason.strip()
    if hide and not reason:
        raise ValidationError(_("Give a reason: the author and readers see it."))
    model, pk = (Post, post.pk) if post is not None else (Thread, thread.pk)
    # One statement decides: of two moderators (or a double click) hiding at once, only
    # the one whose UPDATE flips the row goes on to recount and notify.
    changed = model.objects.filter(pk=pk, is_hidden=not hide).update(
        is_hidden=hide,
        hidden_reason=reason if hide else "",
        hidden_by=user if hide else None,
        updated_at=timezone.now(),
    )
    if not changed:
        return
    flags = Flag.objects.filter(thread=thread, status=Flag.Status.OPEN)
    flags = flags.filter(post=post) if post is not None else flags.filter(post__isnull=True)
    if hide:
        flags.update(status=Flag.Status.HIDDEN, resolved_by=user, resolved_at=timezone.now())
    if post is not None:
        if hide and thread.accepted_post_id == post.pk:
            Thread.objects.filter(pk=thread.pk).update(accepted_post=None, accepted_at=None)
        _recount(thread.pk)
    else:
        Group.objects.filter(pk=thread.group_id).update(
            thread_count=F("thread_count") + (-1 if hide else 1)
        )
        transaction.on_commit(highlights_changed)
    if hide:
        post_id = post.pk if post else None
        transaction.on_commit(
            lambda: tasks.notify_hidden.delay(thread.pk, post_id, user.pk), robust=True
        )


@transaction.atomic
def flag_dismiss(*, user: User, flag: Flag) -> None:
    _check_moderator(user, flag.thread)
    Flag.objects.filter(pk=flag.pk, status=Flag.Status.OPEN).update(
        status=Flag.Status.DISMISSED, resolved_by=user, resolved_at=timezone.now()
    )


@transaction.atomic
def thread_moderate(*, user: User, thread: Thread, action: str, to_group: Group | None = None):
    """lock / unlock / pin / unpin / move (to a group the user also moderates), and
    great / not-great, which advocates may do too."""
    access = thread_access(user=user, thread=thread)
    if action in ("great", "not-great"):
        if not access.may_highlight:
            raise PermissionDenied(_("Only moderators and advocates can highlight threads."))
        great = action == "great"
        # A marked thread is highlighted at once; an unmarked one waits for the hot-score
        # task to decide whether its activity alone keeps it highlighted.
        Thread.objects.filter(pk=thread.pk).update(
            is_great=great, is_highlighted=great, updated_at=timezone.now()
        )
        transaction.on_commit(highlights_changed)
        return
    _check_moderator(user, thread)
    fields = {
        "lock": {"is_locked": True},
        "unlock": {"is_locked": False},
        "pin": {"is_pinned": True},
        "unpin": {"is_pinned": False},
    }.get(action)
    if fields is not None:
        Thread.objects.filter(pk=thread.pk).update(**fields, updated_at=timezone.now())
        return
    if action != "move":
        raise ValidationError(_("Unknown action."))
    if to_group is None or to_group.pk == thread.group_id:
        raise ValidationError(_("Choose another group."))
    if role_of(user=user, group=to_group.pk) not in LEADER_ROLES or to_group.is_archived:
        raise PermissionDenied(_("You can move threads only to groups you moderate."))
    now = timezone.now()
    # Locked, and moved only from the group the user moderates: when someone else moved
    # it meanwhile, this move does nothing.
    source = thread.group_id
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.group_id != source:
        return
    Thread.objects.filter(pk=thread.pk).update(group=to_group, updated_at=now)
    transaction.on_commit(highlights_changed)
    if not thread.is_hidden:
        Group.objects.filter(pk=thread.group_id).update(thread_count=F("thread_count") - 1)
        Group.objects.filter(pk=to_group.pk).update(
            thread_count=F("thread_count") + 1, last_activity_at=now
        )
