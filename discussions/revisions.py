"""Editing, trust-based corrections and revision history, for a thread's opening text
(post None) and for replies alike. Every change keeps a Revision: who, when, why, the
text before and after."""

from __future__ import annotations

import hashlib

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
    uncorrect: bool = False,
) -> Revision:
    """Write the new text (and title, for a thread), keep the revision, and bump the
    thread's updated_at so cached pages of replies show it at once. The caller holds the
    target's row lock, so `target.body` is the text as it is now."""
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
    html, mentioned = render_text(body, author=editor)
    before = set(render_text(target.body, author=editor)[1])
    target.body, target.body_html = body, html
    fields = ["body", "body_html", "updated_at"]
    if kind == Revision.Kind.CORRECTION:
        target.corrected_by, target.corrected_at = credited, now
        target.correction_source = source_url
        fields += ["corrected_by", "corrected_at", "correction_source"]
    elif uncorrect:
        # Reverting a correction takes its "corrected by" mark away with it.
        target.corrected_by, target.corrected_at, target.correction_source = None, None, ""
        target.edited_at = now
        fields += ["corrected_by", "corrected_at", "correction_source", "edited_at"]
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
        post_id = post.pk if post else None
        transaction.on_commit(
            lambda: tasks.notify_new_text.delay(
                thread.pk, post_id, added, actor_id=editor.pk, mentions_only=True
            ),
            robust=True,
        )
    return revision


def _locked(thread: Thread, post: Post | None) -> tuple[Thread, Post | None]:
    """The thread and the reply as they are now, their rows locked until the commit, so
    two changes to one text are made one after the other, each on the latest text."""
    thread = Thread.objects.select_for_update().select_related("group").get(pk=thread.pk)
    if post is not None:
        post = Post.objects.select_for_update().get(pk=post.pk, thread=thread)
    return thread, post


def text_fingerprint(text: str) -> str:
    """What an edit form remembers of the text it started from (see text_edit)."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def text_edit(
    *,
    user: User,
    thread: Thread,
    post: Post | None = None,
    body: str,
    title: str | None = None,
    reason: str = "",
    base: str = "",
) -> Revision | None:
    """The author edits their text; moderators and trusted members may edit anyone's.
    `base` is text_fingerprint() of the text the editor started from: when the text has
    changed since (a correction accepted, another edit), the edit is refused rather than
    silently undoing that change. Returns the revision, or None when nothing changed."""
    thread, post = _locked(thread, post)
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
    if base and base != text_fingerprint(target.body):
        raise ValidationError(
            _(
                "The text changed while you were editing it. Your version is below: compare "
                "it with the current text (open the post in a new tab) and save again."
            ),
            code="stale",
        )
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
    if thread.is_locked and not access.moderate:
        raise ValidationError(_("This thread is locked."))
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
    transaction.on_commit(
        lambda: tasks.notify_correction.delay(correction.pk, "suggested"), robust=True
    )
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
        Correction.objects.select_for_update(of=("self",))
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
    transaction.on_commit(lambda: tasks.notify_correction.delay(correction.pk, event), robust=True)


@transaction.atomic
def correction_accept(*, user: User, correction: Correction) -> Revision:
    """Apply the suggested text, crediting the person who suggested it."""
    correction = _locked_pending(correction, user)
    thread, post = _locked(correction.thread, correction.post)
    if thread.is_locked and not thread_access(user=user, thread=thread).moderate:
        raise ValidationError(_("This thread is locked: only a moderator can apply this."))
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
    thread, post = _locked(revision.thread, revision.post)
    if not thread_access(user=user, thread=thread).moderate:
        raise PermissionDenied(_("Only moderators can revert changes."))
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
        uncorrect=revision.kind == Revision.Kind.CORRECTION,
    )
