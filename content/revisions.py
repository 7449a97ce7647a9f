"""Trust-based corrections and revision history for library articles: the same flow as
discussions/revisions.py. A reader suggests a new text with a reason; the owner or a
group moderator (content.services.may_review_item) accepts it, crediting the corrector,
or declines; every change keeps a revision, and reviewers revert."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import ItemCorrection, ItemRevision, LibraryItem
from content.services import may_review_item
from profiles.models import User
from socialearn.lib.markdown import render_markdown


def _locked(item: LibraryItem) -> LibraryItem:
    return (
        LibraryItem.objects.select_for_update(of=("self",)).select_related("group").get(pk=item.pk)
    )


def _check_article(item: LibraryItem) -> None:
    if item.kind != LibraryItem.Kind.ARTICLE:
        raise ValidationError(_("Only articles written here have a text to correct."))
    if item.group_id and item.group.is_archived:
        raise ValidationError(_("This group is archived and read-only."))


def _apply(*, item: LibraryItem, editor: User, kind: str, body: str, reason: str = "",
           source_url: str = "", credited: User | None = None) -> ItemRevision:  # fmt: skip
    """Write the text and keep the revision; the caller holds the item's row lock."""
    now = timezone.now()
    revision = ItemRevision.objects.create(
        item=item, kind=kind, editor=editor, credited=credited, reason=reason,
        source_url=source_url, body_before=item.body, body_after=body, created_at=now,
    )  # fmt: skip
    item.body, item.body_html = body, render_markdown(body)
    fields = ["body", "body_html", "updated_at"]
    if kind == ItemRevision.Kind.CORRECTION:
        item.corrected_by, item.corrected_at, item.correction_source = credited, now, source_url
        fields += ["corrected_by", "corrected_at", "correction_source"]
    else:
        item.edited_at = now
        fields.append("edited_at")
    item.save(update_fields=fields)
    return revision


@transaction.atomic
def item_edit(*, user: User, item: LibraryItem, body: str, reason: str = "") -> ItemRevision:
    item = _locked(item)
    if not may_review_item(user=user, item=item):
        raise PermissionDenied(_("Only the person who shared it or a group moderator can."))
    _check_article(item)
    body = body.strip()
    if not body:
        raise ValidationError(_("The text cannot be empty."))
    return _apply(item=item, editor=user, kind=ItemRevision.Kind.EDIT, body=body, reason=reason)


@transaction.atomic
def item_correction_suggest(
    *, user: User, item: LibraryItem, body: str, reason: str, source_url: str = ""
) -> ItemCorrection:
    """Any reader but its owner suggests a correction (the caller fetched the item
    through visible_to())."""
    _check_article(item)
    if user.pk == item.author_id:
        raise PermissionDenied(_("Edit your own article instead."))
    body, reason = body.strip(), reason.strip()
    if not reason:
        raise ValidationError(_("Say briefly what was wrong, so the author can judge."))
    if not body or body == item.body.strip():
        raise ValidationError(_("The suggested text is the same as the current one."))
    return ItemCorrection.objects.create(
        item=item, proposer=user, base_body=item.body, body=body, reason=reason,
        source_url=source_url,
    )  # fmt: skip


def _pending(correction: ItemCorrection, user: User) -> ItemCorrection:
    correction = ItemCorrection.objects.select_for_update(of=("self",)).get(pk=correction.pk)
    if correction.status != ItemCorrection.Status.PENDING:
        raise ValidationError(_("This suggestion has already been reviewed."))
    if not may_review_item(user=user, item=correction.item):
        raise PermissionDenied(_("Only the person who shared it or a group moderator can."))
    return correction


def _decide(correction: ItemCorrection, user: User, status: str) -> None:
    correction.status, correction.decided_by, correction.decided_at = status, user, timezone.now()
    correction.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


@transaction.atomic
def item_correction_accept(*, user: User, correction: ItemCorrection) -> ItemRevision:
    correction = _pending(correction, user)
    item = _locked(correction.item)
    if item.body != correction.base_body:
        raise ValidationError(
            _("The text has changed since this suggestion was made. Decline it, and ask "
              "for a new suggestion against the current text.")
        )  # fmt: skip
    revision = _apply(
        item=item, editor=user, kind=ItemRevision.Kind.CORRECTION, body=correction.body,
        reason=correction.reason, source_url=correction.source_url, credited=correction.proposer,
    )  # fmt: skip
    _decide(correction, user, ItemCorrection.Status.ACCEPTED)
    return revision


@transaction.atomic
def item_correction_decline(*, user: User, correction: ItemCorrection) -> None:
    _decide(_pending(correction, user), user, ItemCorrection.Status.DECLINED)


@transaction.atomic
def item_revert(*, user: User, revision: ItemRevision) -> ItemRevision:
    """Put the text back as it was before a revision (kept as a new revision); reverting
    a correction takes its credit away."""
    item = _locked(revision.item)
    if not may_review_item(user=user, item=item):
        raise PermissionDenied(_("Only the person who shared it or a group moderator can."))
    new = _apply(
        item=item, editor=user, kind=ItemRevision.Kind.REVERT, body=revision.body_before,
        reason=_("Reverted to the text before the change of %(date)s.")
        % {"date": revision.created_at.date().isoformat()},
    )  # fmt: skip
    if revision.kind == ItemRevision.Kind.CORRECTION:
        LibraryItem.objects.filter(pk=item.pk).update(
            corrected_by=None, corrected_at=None, correction_source=""
        )
    return new
