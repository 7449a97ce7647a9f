"""Writes on groups and memberships."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from groups.models import Group, Membership
from profiles.models import User


@transaction.atomic
def membership_join(*, group: Group, user: User) -> Membership:
    """Join an open group. Joining twice is harmless and returns the same membership."""
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing:
        return existing
    if user.is_guest:
        raise PermissionDenied(_("External guests join groups by invitation."))
    if group.visibility != Group.Visibility.OPEN:
        raise PermissionDenied(_("This group is by invitation or request only."))
    if group.is_archived:
        raise ValidationError(_("This group is archived."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=user)
    except IntegrityError:  # A concurrent request joined first.
        return Membership.objects.get(group=group, user=user)
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
    return membership


@transaction.atomic
def membership_leave(*, group: Group, user: User) -> None:
    """Leave a group. The last owner must hand over first, so no group is orphaned."""
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        return
    if membership.role == Membership.Role.OWNER:
        owners = Membership.objects.filter(group=group, role=Membership.Role.OWNER).count()
        if owners <= 1:
            raise ValidationError(
                _("You are the last owner: make someone else an owner before you leave.")
            )
    membership.delete()
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)


def member_counts_refresh(*, group_ids: list[int] | None = None) -> int:
    """Recount members in one set-based UPDATE (after bulk loads or admin edits)."""
    counts = (
        Membership.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    groups = Group.objects.all() if group_ids is None else Group.objects.filter(pk__in=group_ids)
    return groups.update(member_count=Coalesce(Subquery(counts), 0))
