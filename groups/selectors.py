"""Reads on groups, with their related rows already fetched."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groups.models import Group, Invitation, JoinRequest, Membership
from groups.permissions import GroupPermissions, group_permissions
from profiles.models import Follow, Topic, User
from socialearn.lib.models import SubqueryAggregate, SubqueryCount


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
    return (
        groups.annotate(
            is_member=Exists(Membership.objects.filter(group=OuterRef("pk"), user=user)),
        )
        .prefetch_related("topics")
        .order_by("name")
    )


def group_list_ordered(groups: QuerySet[Group], *, tab: str, user: User) -> QuerySet[Group]:
    """The directory's tabs: all (by name), popular, active, new, mine."""
    if tab == "mine":
        return groups.filter(memberships__user=user)
    ordering = {
        "popular": ["-member_count", "name"],
        "active": [F("last_activity_at").desc(nulls_last=True), "name"],
        "new": ["-created_at", "-pk"],
    }.get(tab)
    return groups.order_by(*ordering) if ordering else groups


SUGGESTIONS = 60


def suggested_groups(*, user: User, groups: QuerySet[Group]) -> list[Group]:
    """Groups to join, best first: about the user's skills and interests (three points a
    topic), or where the people they follow are (a point each). Not theirs, not archived,
    not hidden; `groups` is the directory's queryset, its filters applied.

    Set-based: one GROUP BY over the groups of the user's topics, one over the groups of
    the people they follow (both small, through indexes), then the chosen rows. Each
    carries `topic_matches`, `followed_members` and `matching_topics`.
    """
    if user.is_guest:
        return []
    mine = set(
        Topic.skilled_profiles.through.objects.filter(profile__user=user)
        .values_list("topic_id", flat=True)
        .union(
            Topic.interested_profiles.through.objects.filter(profile__user=user).values_list(
                "topic_id", flat=True
            )
        )
    )
    topic_matches = dict(
        Group.topics.through.objects.filter(topic_id__in=mine)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    followed_members = dict(
        # Only in groups the reader may read: who is in a private group is for its members.
        Membership.objects.filter(
            user__in=Follow.objects.filter(follower=user).values("followed"),
            group__in=Group.objects.readable_by(user),
        )
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    score = {
        pk: 3 * topic_matches.get(pk, 0) + followed_members.get(pk, 0)
        for pk in topic_matches.keys() | followed_members.keys()
    }
    candidates = (
        groups.active()
        .exclude(visibility=Group.Visibility.HIDDEN)
        .exclude(memberships__user=user)
        .filter(pk__in=list(score))
        .values_list("pk", "member_count", "name")
        .order_by()
    )
    ranked = sorted(candidates, key=lambda row: (-score[row[0]], -row[1], row[2]))
    chosen = [pk for pk, _count, _name in ranked[:SUGGESTIONS]]
    rows = (
        Group.objects.filter(pk__in=chosen)
        .prefetch_related(
            "topics",
            Prefetch(
                "topics", queryset=Topic.objects.filter(pk__in=mine), to_attr="matching_topics"
            ),
        )
        .in_bulk()
    )
    result = []
    for pk in chosen:
        group = rows[pk]
        group.topic_matches = topic_matches.get(pk, 0)
        group.followed_members = followed_members.get(pk, 0)
        group.is_member = False
        result.append(group)
    return result


def suggestion_reason(group: Group) -> str:
    """ "About Python, SQL · 3 people you follow are in it"."""
    parts = []
    if group.matching_topics:
        names = ", ".join(t.name for t in group.matching_topics[:3])
        parts.append(_("About %(topics)s, like you") % {"topics": names})
    if group.followed_members:
        parts.append(
            ngettext(
                "%(n)d person you follow is in it",
                "%(n)d people you follow are in it",
                group.followed_members,
            )
            % {"n": group.followed_members}
        )
    return " · ".join(parts)


def role_of(*, user: User, group: Group | int) -> str | None:
    """The user's role in the group (owner, moderator, member), or None."""
    group_id = group if isinstance(group, int) else group.pk
    return (
        Membership.objects.filter(group_id=group_id, user=user)
        .values_list("role", flat=True)
        .first()
    )


LEADER_ROLES = (Membership.Role.OWNER, Membership.Role.MODERATOR)


def membership_for(*, user: User, group: Group) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, group=group).first()


def user_group_list(*, user: User) -> QuerySet[Group]:
    return Group.objects.filter(memberships__user=user).active().order_by("name")


def access_signature(*, user: User) -> str:
    """What decides which groups the user may read, as a short string for cache keys: how
    many memberships and the sum of their group ids (any join or leave moves them), and
    the latest change to any group (a switch from open to private saves the group). One
    query over indexes."""
    memberships = Membership.objects.filter(user=user)
    n, ids, last, changed = (
        User.objects.filter(pk=user.pk)
        .annotate(
            a_n=SubqueryCount(memberships),
            a_ids=SubqueryAggregate(memberships, "SUM", "group_id", BigIntegerField()),
            a_last=SubqueryAggregate(memberships, "MAX", "pk", BigIntegerField()),
            a_changed=SubqueryAggregate(Group.objects.all(), "MAX", "updated_at", DateTimeField()),
        )
        .values_list("a_n", "a_ids", "a_last", "a_changed")
        .get()
    )
    return f"{'g' if user.is_guest else 'e'}:{n}:{ids}:{last}:{changed}"


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
        .prefetch_related("topics")
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
