"""Editing, trust-based corrections and revision history, for a thread's opening text
(post None) and for replies alike. Every change keeps a Revision: who, when, why, the
text before and after."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions import tasks
from discussions.access import thread_access
from discussions.models import Correction, Post, Revision, Thread
from discussions.services import render_text
from profiles.models import User


def _target(thread: Thread, post: Post | None) -> Thread | Post:
    return post if post is not None else thread


def _check_open(thread: Thread) -> None:
    if thread.group.is_archived:
        raise ValidationError(_("This group is archived and read-only."))


def _apply(
    *,
    thread: Thread,
    post: Post | None,
    editor: User,
    kind: str,
    body: str,
    title: str | None = None,
    reason: str = "",
    source_url: str = "",
    credited: User | None = None,
) -> Revision:
    """Write the new text (and title, for a thread), keep the revision, and bump the
    thread's updated_at so cached pages of replies show it at once."""
    target = _target(thread, post)
    now = timezone.now()
    revision = Revision.objects.create(
        thread=thread,
        post=post,
        kind=kind,
        editor=editor,
        credited=credited,
        reason=reason,
        source_url=source_url,
        title_before=thread.title if post is None else "",
        title_after=(title if title is not None else thread.title) if post is None else "",
        body_before=target.body,
        body_after=body,
        created_at=now,
    )
    html, mentioned = render_text(body)
    before = set(_mentions_of(target.body))
    target.body, target.body_html = body, html
    fields = ["body", "body_html", "updated_at"]
    if kind == Revision.Kind.CORRECTION:
        target.corrected_by, target.corrected_at = credited, now
        target.correction_source = source_url
        fields += ["corrected_by", "corrected_at", "correction_source"]
    else:
        target.edited_at = now
        fields.append("edited_at")
    if post is None and title:
        thread.title = title
        fields.append("title")
    target.save(update_fields=fields)
    Thread.objects.filter(pk=thread.pk).update(updated_at=now)
    # People mentioned for the first time by this change are told, as with a new post.
    added = sorted(set(mentioned) - before)
    if added:
        transaction.on_commit(
            lambda: tasks.notify_new_text.delay(thread.pk, post.pk if post else None, added)
        )
    return revision


def _mentions_of(body: str) -> list[str]:
    return render_text(body)[1]


@transaction.atomic
def text_edit(
    *,
    user: User,
    thread: Thread,
    post: Post | None = None,
    body: str,
    title: str | None = None,
    reason: str = "",
) -> Revision | None:
    """The author edits their text; moderators and trusted members may edit anyone's.
    Returns the revision, or None when nothing changed."""
    access = thread_access(user=user, thread=thread)
    target = _target(thread, post)
    if not access.may_edit(author_id=target.author_id):
        raise PermissionDenied(_("You can edit only your own posts."))
    if thread.is_locked and not access.moderate:
        raise ValidationError(_("This thread is locked."))
    _check_open(thread)
    body = body.strip()
    if not body:
        raise ValidationError(_("The text cannot be empty."))
    title = title.strip() if title is not None and post is None else None
    if body == target.body and (title is None or title == thread.title):
        return None
    return _apply(
        thread=thread,
        post=post,
        editor=user,
        kind=Revision.Kind.EDIT,
        body=body,
        title=title,
        reason=reason.strip(),
    )


@transaction.atomic
def correction_suggest(
    *,
    user: User,
    thread: Thread,
    post: Post | None = None,
    body: str,
    reason: str,
    source_url: str = "",
) -> Correction:
    """Any member who may post suggests a new text for someone else's post, with a reason."""
    access = thread_access(user=user, thread=thread)
    target = _target(thread, post)
    if not access.may_correct(author_id=target.author_id):
        raise PermissionDenied(
            _("Only members can suggest corrections, and not to their own posts: edit those.")
        )
    _check_open(thread)
    body, reason = body.strip(), reason.strip()
    if not reason:
        raise ValidationError(_("Say briefly what was wrong, so the author can judge."))
    if not body or body == target.body.strip():
        raise ValidationError(_("The suggested text is the same as the current one."))
    correction = Correction.objects.create(
        thread=thread,
        post=post,
        proposer=user,
        base_body=target.body,
        body=body,
        reason=reason,
        source_url=source_url,
    )
    transaction.on_commit(lambda: tasks.notify_correction.delay(correction.pk, "suggested"))
    return correction


def may_review(*, user: User, correction: Correction) -> bool:
    """The author of the corrected text, or a moderator of the group."""
    thread = correction.thread
    target = _target(thread, correction.post)
    access = thread_access(user=user, thread=thread)
    if access.moderate:
        return True
    return not thread.group.is_archived and user.pk == target.author_id


def _locked_pending(correction: Correction, user: User) -> Correction:
    """The correction's row, locked, still waiting, and the user may review it: two
    reviewers clicking at once decide it once."""
    correction = (
        Correction.objects.select_for_update()
        .select_related("thread__group", "post")
        .get(pk=correction.pk)
    )
    if correction.status != Correction.Status.PENDING:
        raise ValidationError(_("This suggestion has already been reviewed."))
    if not may_review(user=user, correction=correction):
        raise PermissionDenied(_("Only the author or a moderator can review this suggestion."))
    return correction


def _decide(correction: Correction, user: User, status: str) -> None:
    correction.status = status
    correction.decided_by, correction.decided_at = user, timezone.now()
    correction.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    event = "accepted" if status == Correction.Status.ACCEPTED else "declined"
    transaction.on_commit(lambda: tasks.notify_correction.delay(correction.pk, event))


@transaction.atomic
def correction_accept(*, user: User, correction: Correction) -> Revision:
    """Apply the suggested text, crediting the person who suggested it."""
    correction = _locked_pending(correction, user)
    thread, post = correction.thread, correction.post
    target = _target(thread, post)
    if target.body != correction.base_body:
        raise ValidationError(
            _(
                "The text has changed since this suggestion was made. Decline it, and ask "
                "for a new suggestion against the current text."
            )
        )
    revision = _apply(
        thread=thread,
        post=post,
        editor=user,
        kind=Revision.Kind.CORRECTION,
        body=correction.body,
        reason=correction.reason,
        source_url=correction.source_url,
        credited=correction.proposer,
    )
    _decide(correction, user, Correction.Status.ACCEPTED)
    return revision


@transaction.atomic
def correction_decline(*, user: User, correction: Correction) -> Correction:
    correction = _locked_pending(correction, user)
    _decide(correction, user, Correction.Status.DECLINED)
    return correction


@transaction.atomic
def revision_revert(*, user: User, revision: Revision, reason: str = "") -> Revision:
    """A moderator puts the text back as it was before a revision (kept as a new one)."""
    thread = Thread.objects.select_for_update().select_related("group").get(pk=revision.thread_id)
    if not thread_access(user=user, thread=thread).moderate:
        raise PermissionDenied(_("Only moderators can revert changes."))
    post = Post.objects.select_for_update().get(pk=revision.post_id) if revision.post_id else None
    return _apply(
        thread=thread,
        post=post,
        editor=user,
        kind=Revision.Kind.REVERT,
        body=revision.body_before,
        title=revision.title_before or None,
        reason=reason
        or _("Reverted to the text before the change of %(date)s.")
        % {"date": revision.created_at.date().isoformat()},
    )
