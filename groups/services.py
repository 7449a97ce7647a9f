"""Writes on groups and memberships."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import notify
from groups.models import Group, Invitation, JoinRequest, Membership
from groups.selectors import LEADER_ROLES, role_of
from profiles.models import User
from profiles.services import topics_get_or_create
from socialearn.lib.markdown import render_markdown
from socialearn.lib.models import images_replace
from socialearn.lib.text import slug_for


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
    return _add_member(group=group, user=user)


@transaction.atomic
def membership_leave(*, group: Group, user: User) -> None:
    """Leave a group. The last owner must hand over first, so no group is orphaned."""
    _lock(group)
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


def activity_refresh(*, group_ids: list[int] | None = None) -> int:
    """Recount threads and the latest activity of groups in one set-based UPDATE (after
    bulk loads, admin deletes, or a thread moved between groups)."""
    thread_model = Group.threads.rel.related_model  # discussions sits above this layer
    threads = thread_model.objects.filter(group=OuterRef("pk")).order_by()
    groups = Group.objects.all() if group_ids is None else Group.objects.filter(pk__in=group_ids)
    return groups.update(
        thread_count=Coalesce(
            Subquery(threads.annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0
        ),
        last_activity_at=Subquery(
            threads.order_by("-last_activity_at").values("last_activity_at")[:1]
        ),
    )


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


def _lock(group: Group) -> None:
    """Serialise changes to a group's owners: two owners leaving or demoting each other at
    once must not both see the other one still there."""
    Group.objects.select_for_update().filter(pk=group.pk).values_list("pk").first()


def _close_pending(*, group: Group, user: User, joined: bool) -> None:
    """A member (or someone removed) has nothing left to ask for or answer."""
    now = timezone.now()
    JoinRequest.objects.filter(group=group, user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED if joined else JoinRequest.Status.DECLINED,
        decided_at=now,
        updated_at=now,
    )
    Invitation.objects.filter(group=group, user=user, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.ACCEPTED if joined else Invitation.Status.DECLINED,
        updated_at=now,
    )


def _add_member(*, group: Group, user: User, role: str = Membership.Role.MEMBER) -> Membership:
    """The membership, created once: a concurrent request that created it first wins."""
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=user, role=role)
    except IntegrityError:
        return Membership.objects.get(group=group, user=user)
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
    _close_pending(group=group, user=user, joined=True)
    return membership


@transaction.atomic
def join_request_create(*, group: Group, user: User, message: str = "") -> JoinRequest:
    """Ask to join a private group. Asking again while a request is pending returns it."""
    if Membership.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("You are already a member of this group."))
    if user.is_guest:
        raise PermissionDenied(_("External guests join groups by invitation."))
    if group.visibility != Group.Visibility.PRIVATE:
        raise PermissionDenied(_("This group does not take requests to join."))
    if group.is_archived:
        raise ValidationError(_("This group is archived."))
    message = message.strip()[:1000]
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(group=group, user=user, message=message)
    except IntegrityError:  # Already pending (a double click, or asked before).
        return JoinRequest.objects.get(group=group, user=user, status=JoinRequest.Status.PENDING)
    notify.join_requested(request=request)
    return request


def check_moderator(*, group: Group, user: User) -> None:
    """Owners and moderators only, and not in an archived group."""
    if role_of(user=user, group=group) not in LEADER_ROLES:
        raise PermissionDenied(_("Only the group's moderators can do this."))
    if group.is_archived:
        raise ValidationError(_("This group is archived and read-only."))


def _check_owner(*, group: Group, user: User, message: str) -> None:
    if role_of(user=user, group=group) != Membership.Role.OWNER:
        raise PermissionDenied(message)


@transaction.atomic
def join_request_decide(
    *, request_id: int, group: Group, moderator: User, approve: bool
) -> JoinRequest:
    """Approve (the requester becomes a member) or decline a pending request.

    The row is locked, so two moderators deciding at once make one decision and one
    membership; deciding an already decided request changes nothing.
    """
    check_moderator(group=group, user=moderator)
    request = (
        JoinRequest.objects.select_for_update()
        .select_related("user")
        .filter(pk=request_id, group=group)
        .first()
    )
    if request is None:
        raise ValidationError(_("This request no longer exists."))
    if request.status != JoinRequest.Status.PENDING:
        return request
    if approve and not request.user.is_active:
        raise ValidationError(_("This person has left the company."))
    request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    request.decided_by, request.decided_at = moderator, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if approve:
        _add_member(group=group, user=request.user)
    notify.join_decided(request=request, moderator=moderator)
    return request


@transaction.atomic
def invitations_create(*, group: Group, inviter: User, users) -> list[Invitation]:
    """Invite people (members, former colleagues and people already invited are skipped).
    Returns the new invitations; each invitee is notified (groups.notify)."""
    check_moderator(group=group, user=inviter)
    users = [u for u in users if u.is_active]
    skip = set(
        Membership.objects.filter(group=group, user__in=users).values_list("user_id", flat=True)
    ) | set(
        Invitation.objects.filter(
            group=group, user__in=users, status=Invitation.Status.PENDING
        ).values_list("user_id", flat=True)
    )
    invitations = Invitation.objects.bulk_create(
        [Invitation(group=group, user=u, invited_by=inviter) for u in users if u.pk not in skip],
        ignore_conflicts=True,  # invited concurrently: the first one stands
    )
    created = list(
        Invitation.objects.filter(
            group=group,
            user__in=[i.user_id for i in invitations],
            status=Invitation.Status.PENDING,
        )
    )
    notify.invited(group=group, inviter=inviter, invitations=created)
    return created


@transaction.atomic
def invitation_answer(*, group: Group, user: User, accept: bool) -> Invitation:
    """The invitee accepts (and becomes a member) or declines their pending invitation."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("group")
        .filter(group=group, user=user, status=Invitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        raise ValidationError(_("There is no invitation to answer: it may have been answered."))
    if accept and invitation.group.is_archived:
        raise ValidationError(_("This group is archived."))
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.save(update_fields=["status", "updated_at"])
    if accept:
        _add_member(group=invitation.group, user=user)
    return invitation


@transaction.atomic
def membership_remove(*, group: Group, moderator: User, user: User) -> None:
    """A moderator removes a member; they lose access at once. Owners are removed only by
    another owner, and never the last one."""
    check_moderator(group=group, user=moderator)
    _lock(group)
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        return
    if user.pk == moderator.pk:
        raise ValidationError(_("To leave the group yourself, use “Leave group”."))
    if membership.role == Membership.Role.OWNER:
        _check_owner(
            group=group, user=moderator, message=_("Only an owner can remove another owner.")
        )
    membership.delete()
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
    _close_pending(group=group, user=user, joined=False)  # no way back by an old invitation


@transaction.atomic
def membership_set_role(*, group: Group, owner: User, user: User, role: str) -> Membership:
    """An owner makes someone an owner, a moderator or a member. The last owner cannot
    step down: they name another owner first."""
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."))
    _check_owner(group=group, user=owner, message=_("Only the group's owners can change roles."))
    _lock(group)
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the group."))
    if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER:
        owners = Membership.objects.filter(group=group, role=Membership.Role.OWNER).count()
        if owners <= 1:
            raise ValidationError(_("A group needs an owner: make someone else an owner first."))
    if role == Membership.Role.OWNER and user.is_guest:
        raise ValidationError(_("External guests cannot own a group."))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


def membership_set_notifications(*, membership: Membership, level: str) -> Membership:
    if level not in Membership.Notify.values:
        raise ValidationError(_("Choose how often to hear from this group."))
    membership.notification_level = level
    membership.save(update_fields=["notification_level", "updated_at"])
    return membership


def membership_set_advocate(
    *, group: Group, moderator: User, user: User, advocate: bool
) -> Membership:
    """Advocates answer questions promptly: unanswered questions of the group are their
    queue, and they may mark great conversations."""
    return _membership_set_flag(group, moderator, user, "is_advocate", advocate)


def membership_set_trusted(*, group: Group, moderator: User, user: User, trusted: bool):
    """Trusted members may edit anyone's posts in the group (every edit is kept)."""
    return _membership_set_flag(group, moderator, user, "is_trusted", trusted)


@transaction.atomic
def _membership_set_flag(
    group: Group, moderator: User, user: User, field: str, value: bool
) -> Membership:
    check_moderator(group=group, user=moderator)
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the group."))
    setattr(membership, field, value)
    membership.save(update_fields=[field, "updated_at"])
    return membership


RESERVED_SLUGS = {"new"}  # /groups/new/ creates a group


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slug_for(name, max_length=70, fallback="group")
    if base in RESERVED_SLUGS:
        base = f"{base}-group"
    taken = Group.objects.exclude(pk=exclude_pk)
    slug = base
    # A random suffix, not "-2": the address must not tell that a hidden group has the name.
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _save_cover(group: Group, cover: dict | None, remove_cover: bool) -> None:
    """Store cover images made by cover_images(); old files go once this is committed."""
    if cover or (remove_cover and group.cover):
        images_replace(group, {"large": "cover", "small": "cover_small"}, cover)


@transaction.atomic
def group_create(
    *,
    user: User,
    name: str,
    kind: str,
    visibility: str,
    description: str = "",
    rules: str = "",
    topics: list[str] = (),
    cover: dict | None = None,
    **_ignored,
) -> Group:
    """A new group with its creator as owner. External guests cannot create groups."""
    if user.is_guest:
        raise PermissionDenied(_("External guests cannot create groups."))
    group = Group.objects.create(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        visibility=visibility,
        description=description,
        description_html=render_markdown(description),
        rules=rules,
        rules_html=render_markdown(rules),
        created_by=user,
    )
    group.topics.set(topics_get_or_create(names=list(topics)))
    _add_member(group=group, user=user, role=Membership.Role.OWNER)
    _save_cover(group, cover, False)
    return group


@transaction.atomic
def group_update(
    *,
    group: Group,
    owner: User,
    topics: list[str],
    cover: dict | None = None,
    remove_cover: bool = False,
    **fields,
) -> Group:
    """Change a group's settings (owners only). Its address stays, so links keep working."""
    _check_owner(
        group=group, user=owner, message=_("Only the group's owners can change its settings.")
    )
    for name, value in fields.items():
        setattr(group, name, value)
    group.description_html = render_markdown(group.description)
    group.rules_html = render_markdown(group.rules)
    group.save()
    group.topics.set(topics_get_or_create(names=list(topics)))
    _save_cover(group, cover, remove_cover)
    return group


@transaction.atomic
def group_set_archived(*, group: Group, owner: User, archived: bool) -> Group:
    """Archive (read-only, still found by those who may see it) or bring back a group."""
    _check_owner(group=group, user=owner, message=_("Only the group's owners can archive it."))
    group.archived_at = timezone.now() if archived else None
    group.save(update_fields=["archived_at", "updated_at"])
    return group


def system_group(*, key: str, name: str, description: str) -> Group:
    """An open group the site itself needs (where comments on site-wide library items or
    company news gather), found by its key and made on first use, owned by the site's
    administrators (who name other owners on its members page)."""
    group = Group.objects.filter(system_key=key).first()
    if group is not None:
        return group
    try:
        with transaction.atomic():
            group = Group.objects.create(
                system_key=key,
                name=name,
                slug=_unique_slug(name),
                description=description,
                description_html=render_markdown(description),
                visibility=Group.Visibility.OPEN,
            )
            admins = User.objects.filter(is_superuser=True, is_active=True)
            Membership.objects.bulk_create(
                [Membership(group=group, user=u, role=Membership.Role.OWNER) for u in admins]
            )
    except IntegrityError:  # made meanwhile by another request
        return Group.objects.get(system_key=key)
    member_counts_refresh(group_ids=[group.pk])
    return group
