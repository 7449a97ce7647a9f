"""Email to the members who asked to hear about every post in a group."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from discussions import highlights, notify
from discussions.models import Correction, Flag, Post, Thread
from groups.models import Membership
from profiles.models import User

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_every_post(thread_id: int, post_id: int | None = None) -> int:
    """Tell the group's members whose notification level is "every post" about a new
    thread (post_id None) or reply; not its author, not people who left. One SMTP
    connection for all of them. Returns how many emails were sent."""
    thread = Thread.objects.select_related("group", "author__profile").filter(pk=thread_id).first()
    post = (
        Post.objects.select_related("author__profile").filter(pk=post_id).first()
        if post_id
        else None
    )
    if thread is None or (post_id and post is None):
        return 0
    if thread.is_hidden or (post is not None and post.is_hidden):
        return 0  # only the group's moderators may read it now
    author = post.author if post else thread.author
    emails = list(
        Membership.objects.filter(
            group=thread.group,
            notification_level=Membership.Notify.ALL,
            user__is_active=True,
        )
        .exclude(user=author)
        .values_list("user__email", flat=True)
    )
    if not emails:
        return 0
    link = settings.SITE_URL.rstrip("/") + (
        thread.get_absolute_url() + (f"#post-{post.pk}" if post else "")
    )
    context = {"thread": thread, "post": post, "author": author, "link": link}
    with translation.override(settings.LANGUAGE_CODE):
        subject, _, body = render_to_string("email/discussions/new_post.txt", context).partition(
            "\n"
        )
    with get_connection() as connection:
        messages = [
            EmailMessage(subject.strip(), body.strip() + "\n", to=[email], connection=connection)
            for email in emails
        ]
        return connection.send_messages(messages) or 0


@shared_task(soft_time_limit=120, time_limit=180)
def refresh_hot_scores() -> dict[str, int]:
    """Beat runs this every 15 minutes (see CELERY_BEAT_SCHEDULE)."""
    counts = highlights.hot_scores_refresh()
    log.info("hot scores: %s", counts)
    return counts


@shared_task
def notify_new_text(
    thread_id: int,
    post_id: int | None,
    handles: list[str],
    actor_id: int | None = None,
    mentions_only: bool = False,
) -> int:
    """In-app notifications for a new thread or reply (mentions and followers), or for
    an edit that mentions new people (mentions_only, by actor_id)."""
    thread = Thread.objects.select_related("group", "author").filter(pk=thread_id).first()
    post = Post.objects.select_related("author").filter(pk=post_id).first() if post_id else None
    if thread is None or (post_id and post is None):
        return 0
    actor = _user(actor_id) if actor_id else None
    return notify.new_text(
        thread=thread, post=post, handles=handles, actor=actor, mentions_only=mentions_only
    )


@shared_task
def notify_accepted(thread_id: int, post_id: int, actor_id: int) -> int:
    thread = Thread.objects.select_related("group").filter(pk=thread_id).first()
    post = Post.objects.filter(pk=post_id, thread_id=thread_id).first()
    if thread is None or post is None or thread.accepted_post_id != post.pk:
        return 0
    return notify.answer_accepted(thread=thread, post=post, actor=_user(actor_id))


@shared_task
def notify_correction(correction_id: int, event: str) -> int:
    """event: "suggested" (tell the author), "accepted" or "declined" (tell the proposer;
    on acceptance also those who follow the thread or reacted to the text)."""
    correction = (
        Correction.objects.select_related("thread__group", "post", "decided_by", "proposer")
        .filter(pk=correction_id)
        .first()
    )
    if correction is None:
        return 0
    thread, post = correction.thread, correction.post
    author_id = post.author_id if post else thread.author_id
    if event == "suggested":
        return notify.correction_suggested(
            thread=thread, post=post, author_id=author_id, actor=correction.proposer,
            reason=correction.reason,
        )  # fmt: skip
    sent = notify.correction_decided(
        thread=thread, post=post, proposer_id=correction.proposer_id,
        actor=correction.decided_by, note=correction.reason,
    )  # fmt: skip
    if event == "accepted":
        sent += notify.corrected(
            thread=thread, post=post, actor=correction.decided_by, reason=correction.reason,
            exclude={correction.proposer_id, correction.decided_by_id},
        )  # fmt: skip
    return sent


@shared_task
def notify_hidden(thread_id: int, post_id: int | None, actor_id: int) -> int:
    thread = Thread.objects.select_related("group").filter(pk=thread_id).first()
    post = Post.objects.filter(pk=post_id).first() if post_id else None
    if thread is None or (post_id and post is None):
        return 0
    target = post or thread
    return notify.hidden(
        thread=thread, post=post, author_id=target.author_id, actor=_user(actor_id),
        reason=target.hidden_reason,
    )  # fmt: skip


@shared_task
def notify_flag(flag_id: int) -> int:
    flag = Flag.objects.select_related("thread__group", "reporter").filter(pk=flag_id).first()
    if flag is None:
        return 0
    return notify.flagged(
        thread=flag.thread, post=flag.post, actor=flag.reporter, reason=flag.get_reason_display()
    )


def _user(pk: int) -> User | None:
    return User.objects.filter(pk=pk).first()


@shared_task(soft_time_limit=120, time_limit=150)
def escalate_unanswered() -> int:
    """Beat, every 15 minutes: questions unanswered for a working day go to their group's
    advocates, once each (discussions.escalation)."""
    from discussions.escalation import questions_escalate

    return questions_escalate()
