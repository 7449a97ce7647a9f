"""Reads on groups, with their related rows already fetched."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, Max, OuterRef, Q, QuerySet, Sum, Value, When
from django.http import Http404

from groups.models import Group, Invitation, JoinRequest, Membership
from groups.permissions import GroupPermissions, group_permissions
from profiles.models import User


def group_get_for_user(*, user: User, slug: str) -> Group:
    """The group if the user may know it exists, else 404 (a hidden group never leaks)."""
    try:
        return Group.objects.visible_to(user).get(slug=slug)
    except Group.DoesNotExist:
        raise Http404 from None


def group_list(*, user: User, archived: bool = False) -> QuerySet[Group]:
    """The directory: visible groups with member counts and whether I am a member.
    Archived groups only when asked for (search always includes them)."""
    groups = Group.objects.visible_to(user)
    if not archived:
        groups = groups.active()
    return groups.annotate(
        is_member=Exists(Membership.objects.filter(group=OuterRef("pk"), user=user)),
    ).order_by("name")


def membership_for(*, user: User, group: Group) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, group=group).first()


def user_group_list(*, user: User) -> QuerySet[Group]:
    return Group.objects.filter(memberships__user=user).active().order_by("name")


def access_signature(*, user: User) -> str:
    """Which groups the user may read, as a short string for cache keys: how many, the sum
    of their ids, and when the last of them changed (a switch from open to private saves
    the group). One aggregate query; any join, leave or visibility change moves it."""
    state = Group.objects.readable_by(user).aggregate(
        n=Count("pk"), ids=Sum("pk"), changed=Max("updated_at")
    )
    return f"{'g' if user.is_guest else 'e'}:{state['n']}:{state['ids']}:{state['changed']}"


def user_group_list_visible(*, person: User, viewer: User) -> QuerySet[Group]:
    """The groups a person belongs to that the viewer may read: who is in a private group
    is for its members to know (as on its members page)."""
    return (
        Group.objects.readable_by(viewer).filter(memberships__user=person).active().order_by("name")
    )


def member_list(*, group: Group, q: str = "") -> QuerySet[Membership]:
    """Members, owners and moderators first, then by name; `q` searches name, handle,
    job title and department."""
    members = Membership.objects.filter(group=group, user__is_active=True)
    if q:
        members = members.filter(
            Q(user__profile__display_name__icontains=q)
            | Q(user__handle__icontains=q)
            | Q(user__profile__job_title__icontains=q)
            | Q(user__profile__department__icontains=q)
        )
    return (
        members.select_related("user__profile")
        .alias(
            rank=Case(
                When(role=Membership.Role.OWNER, then=Value(0)),
                When(role=Membership.Role.MODERATOR, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank", "user__profile__display_name", "pk")
    )


def popular_open_groups(*, user: User) -> QuerySet[Group]:
    """Open groups with the most members: the welcome page's suggestions."""
    if user.is_guest:
        return Group.objects.none()
    return (
        Group.objects.filter(visibility=Group.Visibility.OPEN)
        .active()
        .order_by("-member_count", "name")
    )


@dataclass(frozen=True)
class GroupAccess:
    """A group as the user sees it: their membership and what they may do."""

    group: Group
    membership: Membership | None
    perms: GroupPermissions

    @property
    def readable(self) -> bool:
        return self.perms.read


def group_access(*, user: User, slug: str) -> GroupAccess:
    """The group (404 if the user may not know it exists) with the user's membership and
    permissions (whether they are invited or asked to join comes with the group's row)."""
    if not user.is_authenticated:
        raise Http404
    try:
        group = (
            Group.objects.visible_to(user)
            .annotate(
                invited=Exists(
                    Invitation.objects.filter(
                        group=OuterRef("pk"), user=user, status=Invitation.Status.PENDING
                    )
                ),
                requested=Exists(
                    JoinRequest.objects.filter(
                        group=OuterRef("pk"), user=user, status=JoinRequest.Status.PENDING
                    )
                ),
            )
            .get(slug=slug)
        )
    except Group.DoesNotExist:
        raise Http404 from None
    membership = membership_for(user=user, group=group)
    perms = group_permissions(
        user=user,
        group=group,
        membership=membership,
        invited=group.invited,
        requested=group.requested,
    )
    return GroupAccess(group=group, membership=membership, perms=perms)


def member_get(*, group: Group, handle: str) -> User:
    """A member of the group by handle, else 404."""
    membership = (
        Membership.objects.filter(group=group, user__handle=handle)
        .select_related("user__profile")
        .first()
    )
    if membership is None:
        raise Http404
    return membership.user


def join_request_queue(*, group: Group) -> QuerySet[JoinRequest]:
    """Pending requests to join, oldest first (the moderators' queue)."""
    return (
        JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING)
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )


def pending_invitations(*, group: Group) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(group=group, status=Invitation.Status.PENDING)
        .select_related("user__profile", "invited_by__profile")
        .order_by("-created_at", "-pk")
    )
