"""Writes on threads and replies."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from discussions import tasks
from discussions.models import Attachment, Post, Reaction, Thread, ThreadFollow
from discussions.tasks import notify_every_post
from groups.models import Group
from groups.selectors import LEADER_ROLES, role_of
from profiles.models import User
from profiles.selectors import colleagues_of_guest
from profiles.services import topics_get_or_create
from socialearn.lib.markdown import mention_candidates, render_markdown_with_mentions
from socialearn.lib.text import slug_for

MAX_ATTACHMENTS = 4


MAX_MENTIONS = 20  # people told about one text; more are linked but not notified


def render_text(body: str, *, author: User) -> tuple[str, list[str]]:
    """Markdown to sanitised HTML, linking @mentions of active people the author may see
    (a guest: the people of their groups) to their profiles. Returns the HTML and the
    handles it linked (at most MAX_MENTIONS, to be told)."""
    candidates = mention_candidates(body)
    known = {}
    if candidates:
        people = User.objects.filter(handle__in=candidates, is_active=True)
        if author.is_guest:
            people = people.filter(pk__in=colleagues_of_guest(author).values("pk"))
        handles = people.values_list("handle", flat=True)
        known = {h: reverse("profiles:detail", kwargs={"handle": h}) for h in handles}
    html, mentioned = render_markdown_with_mentions(body, mentions=known)
    return html, sorted(mentioned)[:MAX_MENTIONS]


def follow_ensure(*, user: User, thread: Thread) -> None:
    """Authors and repliers follow the thread, unless they chose to stop following it."""
    follow, created = ThreadFollow.objects.get_or_create(
        user=user, thread=thread, defaults={"following": True}
    )
    if not created and not follow.following and not follow.muted:
        follow.following = True
        follow.save(update_fields=["following"])


def _attach(*, user: User, thread: Thread, post: Post | None, images) -> None:
    for image in list(images)[:MAX_ATTACHMENTS]:
        Attachment.objects.create(thread=thread, post=post, uploader=user, image=image)


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
    images=(),
    client_token=None,
) -> Thread:
    """Start a thread in a group the user may read (open group, or member).

    `images` are processed attachments (socialearn.lib.images.attachment_image). The same
    `client_token` twice (a double submit) returns the first thread.
    """
    _check_can_write(user=user, group=group)
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError(_("A thread needs a title and some text."))
    if client_token and (
        done := Thread.objects.filter(author=user, client_token=client_token).first()
    ):
        return done
    now = timezone.now()
    html, mentioned = render_text(body, author=user)
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                group=group,
                author=user,
                kind=kind,
                title=title,
                slug=slug_for(title, fallback="thread"),
                body=body,
                body_html=html,
                last_activity_at=now,
                client_token=client_token,
            )
    except IntegrityError:  # the same submission, committed meanwhile by another request
        return Thread.objects.get(author=user, client_token=client_token)
    if tags:
        thread.tags.set(topics_get_or_create(names=list(tags)[:5]))
    _attach(user=user, thread=thread, post=None, images=images)
    follow_ensure(user=user, thread=thread)
    # The directory's counts live on the group's row.
    Group.objects.filter(pk=group.pk).update(
        thread_count=F("thread_count") + 1, last_activity_at=now
    )
    transaction.on_commit(lambda: notify_every_post.delay(thread.pk), robust=True)
    transaction.on_commit(
        lambda: tasks.notify_new_text.delay(thread.pk, None, mentioned), robust=True
    )
    return thread


@transaction.atomic
def thread_open_about(
    *,
    user: User,
    author: User | None,
    group: Group,
    title: str,
    body: str,
    about: tuple[str, str, str],
    tags: list[str] = (),
    followers=(),
) -> Thread:
    """Open the conversation about something that lives outside discussions (a library
    item, a news post), when `user` comments on it first: a thread in `group` whose
    opening text (`body`, plain: no mentions) points to it, under the thing's own
    `author` (the first commenter when it has none), followed by `followers` so they hear
    of the comments; `about` is (Thread.About kind, title, url) of the thing, linked from
    the thread page. The caller checks that `user` may see the thing."""
    _check_can_write(user=user, group=group)
    now = timezone.now()
    html, _mentioned = render_text(body, author=user)
    thread = Thread.objects.create(
        group=group,
        author=author if author is not None and author.is_active else user,
        about_kind=about[0],
        about_title=Truncator(about[1]).chars(200),
        about_url=about[2][:300],
        about_group=group,
        title=Truncator(title).chars(200),
        slug=slug_for(title, fallback="thread"),
        body=body,
        body_html=html,
        last_activity_at=now,
    )
    if tags:
        thread.tags.set(topics_get_or_create(names=list(tags)[:5]))
    for follower in followers:
        if follower is not None and follower.is_active:
            follow_ensure(user=follower, thread=thread)
    Group.objects.filter(pk=group.pk).update(
        thread_count=F("thread_count") + 1, last_activity_at=now
    )
    return thread


@transaction.atomic
def comment_on(
    subject,
    *,
    user: User,
    body: str,
    group_for,
    is_home,
    about_kind: str,
    intro: str,
    tags: list[str] = (),
    followers=(),
    client_token=None,
) -> Post:
    """Comment on something outside discussions that keeps its conversation in a
    `discussion` thread field (a library item, a news post): a reply in that thread, which
    the first comment opens in `group_for()` with `intro` as its opening text (see
    thread_open_about). `is_home(thread)` says whether the thread is still where the
    subject's conversation belongs: one a moderator moved elsewhere is closed here, so a
    comment on a private group's item never lands in another group. The caller checks
    that `user` may see the subject."""
    model = type(subject)
    # The row lock makes two first comments at once open one thread, not two. The thread
    # is read after the lock, by its own query: a row joined to the locked one would come
    # from before the wait (PostgreSQL rechecks only the locked row) and look missing.
    locked = model.objects.select_for_update().only("pk", "discussion").get(pk=subject.pk)
    thread = Thread.objects.select_related("group").filter(pk=locked.discussion_id).first()
    if thread is None:
        thread = thread_open_about(
            user=user,
            author=getattr(subject, "author", None),
            group=group_for(),
            title=subject.title,
            about=(about_kind, subject.title, subject.get_absolute_url()),
            body=intro,
            tags=tags,
            followers=followers,
        )
        model.objects.filter(pk=subject.pk).update(discussion=thread)
    elif thread.is_hidden or thread.is_locked or not is_home(thread):
        raise ValidationError(_("This discussion is closed."))
    return post_create(user=user, thread=thread, body=body, client_token=client_token)


@transaction.atomic
def post_create(*, user: User, thread: Thread, body: str, images=(), client_token=None) -> Post:
    """Reply to a thread; bumps its activity time and reply count in the same transaction.
    The same `client_token` twice (a double submit) returns the first reply."""
    _check_can_write(user=user, group=thread.group)
    if thread.is_locked:
        raise ValidationError(_("This thread is locked."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write something before you send the reply."))
    if client_token and (
        done := Post.objects.filter(author=user, client_token=client_token).first()
    ):
        return done
    html, mentioned = render_text(body, author=user)
    try:
        with transaction.atomic():
            post = Post.objects.create(
                thread=thread, author=user, body=body, body_html=html, client_token=client_token
            )
    except IntegrityError:  # the same submission, committed meanwhile by another request
        return Post.objects.get(author=user, client_token=client_token)
    _attach(user=user, thread=thread, post=post, images=images)
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
    transaction.on_commit(
        lambda: tasks.notify_new_text.delay(thread.pk, post.pk, mentioned), robust=True
    )
    follow_ensure(user=user, thread=thread)
    transaction.on_commit(lambda: notify_every_post.delay(thread.pk, post.pk), robust=True)
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
    _check_can_write(user=user, group=(thread or post.thread).group)
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
    if post is not None and Post.objects.filter(pk=post.pk, is_hidden=True).exists():
        raise ValidationError(_("A moderator hid that reply: it cannot be the answer."))
    now = timezone.now()
    thread.accepted_post = post
    if post is not None and thread.accepted_at is None:
        thread.accepted_at = now
    if post is None:
        thread.accepted_at = None
    thread.updated_at = now  # cached pages of replies key on it
    thread.save(update_fields=["accepted_post", "accepted_at", "updated_at"])
    if post is not None:
        transaction.on_commit(
            lambda: tasks.notify_accepted.delay(thread.pk, post.pk, user.pk), robust=True
        )
    return thread
