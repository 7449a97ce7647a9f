"""Notifications about threads: replies to followed threads, mentions, new questions
(to the group's advocates), accepted answers, corrections, hidden posts and reports.
Each checks that the recipient may see what it is about (discussions.access.readers_among)
and never tells people about their own actions (notifications.services.notify)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from discussions.access import readers_among
from discussions.models import Post, Reaction, Thread, ThreadBookmark, ThreadFollow
from groups.models import Group, Membership
from groups.selectors import LEADER_ROLES
from notifications.models import Notification
from notifications.services import notify
from profiles.models import User

TARGET = "discussions.thread"
POST_TARGET = "discussions.post"
GROUP_TARGET = "groups.group"


def post_url(thread: Thread, post: Post | None) -> str:
    """A permalink that lands on the reply's page (the thread's top for its opening)."""
    if post is None:
        return thread.get_absolute_url()
    return reverse("discussions:thread_short", kwargs={"pk": thread.pk}) + f"?post={post.pk}"


def _send(kind: str, *, thread: Thread, post: Post | None, actor, recipients, excerpt="") -> int:
    # About a reply, the target is the reply: hidden later, the notification (and the
    # excerpt it carries) leaves its recipients' list with it.
    return notify(
        recipient_ids=readers_among(thread=thread, user_ids=recipients, post=post),
        kind=kind,
        actor=actor,
        target=(POST_TARGET, post.pk) if post is not None else (TARGET, thread.pk),
        url=post_url(thread, post),
        title=thread.title,
        excerpt=excerpt,
    )


def new_text(
    *, thread: Thread, post: Post | None, handles: list[str], actor=None, mentions_only=False
) -> int:
    """A new thread or reply: mention the @handles it linked, and tell the thread's
    followers about a reply (a person mentioned is told once, as a mention). For an edit
    (`mentions_only`), only the newly mentioned are told, by the editor (`actor`)."""
    author = actor or (post.author if post else thread.author)
    text = post.body if post else thread.body
    mentioned = set(
        User.objects.filter(handle__in=handles, is_active=True).values_list("pk", flat=True)
    )
    sent = _send(
        Notification.Kind.MENTION,
        thread=thread,
        post=post,
        actor=author,
        recipients=mentioned,
        excerpt=text,
    )
    if post is None and not mentions_only and thread.kind == Thread.Kind.QUESTION:
        sent += new_question(thread=thread, author=author, exclude=mentioned)
    if post is not None and not mentions_only:
        followers = set(
            ThreadFollow.objects.filter(thread=thread, following=True).values_list(
                "user_id", flat=True
            )
        )
        sent += _send(
            Notification.Kind.REPLY,
            thread=thread,
            post=post,
            actor=author,
            recipients=followers - mentioned,
            excerpt=text,
        )
    return sent


def new_question(*, thread: Thread, author, exclude=()) -> int:
    """A new question goes to the advocates of its group (who answer questions promptly),
    those who may read it and did not mute the group; one mentioned in it was told
    already."""
    advocates = set(
        Membership.objects.filter(group_id=thread.group_id, is_advocate=True)
        .exclude(notification_level=Membership.Notify.MUTED)
        .values_list("user_id", flat=True)
    )
    return _send(
        Notification.Kind.NEW_QUESTION,
        thread=thread,
        post=None,
        actor=author,
        recipients=advocates - set(exclude),
        excerpt=thread.body,
    )


def waiting_question(*, thread: Thread, recipients) -> int:
    """A question still unanswered after a working day (discussions.escalation), to the
    advocates chosen there who may read it."""
    return _send(
        Notification.Kind.WAITING_QUESTION,
        thread=thread,
        post=None,
        actor=None,
        recipients=recipients,
        excerpt=thread.body,
    )


def answer_accepted(*, thread: Thread, post: Post, actor) -> int:
    return _send(
        Notification.Kind.ACCEPTED,
        thread=thread,
        post=post,
        actor=actor,
        recipients=[post.author_id],
    )


def correction_suggested(*, thread: Thread, post: Post | None, author_id, actor, reason) -> int:
    return _send(
        Notification.Kind.CORRECTION_SUGGESTED,
        thread=thread,
        post=post,
        actor=actor,
        recipients=[author_id],
        excerpt=reason,
    )


def correction_decided(*, thread: Thread, post: Post | None, proposer_id, actor, note) -> int:
    return _send(
        Notification.Kind.CORRECTION_DECIDED,
        thread=thread,
        post=post,
        actor=actor,
        recipients=[proposer_id],
        excerpt=note,
    )


def corrected(*, thread: Thread, post: Post | None, actor, reason, exclude) -> int:
    """Tell those who follow or saved the thread, or reacted to the corrected text, what
    changed."""
    reacted = Reaction.objects.filter(Q(post=post) if post else Q(thread=thread))
    following = ThreadFollow.objects.filter(thread=thread, following=True)
    saved = ThreadBookmark.objects.filter(thread=thread)
    people = (
        set(reacted.values_list("user_id", flat=True))
        | set(following.values_list("user_id", flat=True))
        | set(saved.values_list("user_id", flat=True))
    )
    return _send(
        Notification.Kind.CORRECTED,
        thread=thread,
        post=post,
        actor=actor,
        recipients=people - set(exclude),
        excerpt=reason,
    )


def hidden(*, thread: Thread, post: Post | None, author_id, actor, reason) -> int:
    # A hidden reply's author still sees its thread; a hidden thread's author does not:
    # that notification is about the group.
    target = (TARGET, thread.pk) if post is not None else (GROUP_TARGET, thread.group_id)
    return notify(
        recipient_ids=[author_id],
        kind=Notification.Kind.HIDDEN,
        actor=actor,
        target=target,
        url=thread.group.get_absolute_url(),
        title=thread.title,
        excerpt=reason,
    )


def flagged(*, thread: Thread, post: Post | None, actor, reason) -> int:
    moderators = Membership.objects.filter(
        group_id=thread.group_id, role__in=LEADER_ROLES
    ).values_list("user_id", flat=True)
    return notify(
        recipient_ids=moderators,
        kind=Notification.Kind.FLAGGED,
        actor=actor,
        # Moderators see hidden threads; one who stops moderating no longer sees these.
        target=(TARGET, thread.pk),
        url=reverse("discussions:flags", kwargs={"slug": thread.group.slug}),
        title=thread.title,
        excerpt=reason,
    )


def visible_thread_ids(user, ids: set[int]) -> list[int]:
    """For notifications.registry: which of these threads the user may still see."""
    return list(Thread.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def visible_post_ids(user, ids: set[int]) -> list[int]:
    return list(Post.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def visible_group_ids(user, ids: set[int]) -> list[int]:
    """Groups whose content the user may read (a notification names a thread's title)."""
    return list(Group.objects.readable_by(user).filter(pk__in=ids).values_list("pk", flat=True))
