"""Notifications about memberships: a join request to its group's moderators (not those
who muted the group), the decision to the requester, an invitation to the invitee. Each
goes out on the channel its recipient chose (by email at once, by default). The
visibility checks of their targets are registered in GroupsConfig.ready()."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from groups.models import Group, Invitation, JoinRequest, Membership
from groups.selectors import LEADER_ROLES
from notifications.models import Notification
from notifications.services import notify

REQUEST_TARGET = "groups.joinrequest"
INVITATION_TARGET = "groups.invitation"  # by group: one notify() for all its invitees


def join_requested(*, request: JoinRequest) -> int:
    moderators = Membership.objects.filter(
        group_id=request.group_id, role__in=LEADER_ROLES, user__is_active=True
    ).exclude(notification_level=Membership.Notify.MUTED)
    return notify(
        recipient_ids=moderators.values_list("user_id", flat=True),
        kind=Notification.Kind.JOIN_REQUEST,
        actor=request.user,
        target=(REQUEST_TARGET, request.pk),
        url=reverse("groups:requests", args=[request.group.slug]),
        title=request.group.name,
        excerpt=request.message,
    )


def join_decided(*, request: JoinRequest, moderator) -> int:
    group = request.group
    if request.status == JoinRequest.Status.APPROVED:
        url = group.get_absolute_url()
        excerpt = _("Your request was approved: welcome to %(group)s. Say hello and ask away.")
    else:
        url = reverse("groups:directory")
        excerpt = _(
            "A moderator of %(group)s declined your request to join. You can still find "
            "open groups on the same topic."
        )
    return notify(
        recipient_ids=[request.user_id] if request.user.is_active else [],
        kind=Notification.Kind.JOIN_DECIDED,
        actor=moderator,
        target=(REQUEST_TARGET, request.pk),
        url=url,
        title=group.name,
        excerpt=excerpt % {"group": group.name},
    )


def invited(*, group: Group, inviter, invitations: list[Invitation]) -> int:
    return notify(
        recipient_ids=[i.user_id for i in invitations],
        kind=Notification.Kind.INVITED,
        actor=inviter,
        target=(INVITATION_TARGET, group.pk),
        url=group.get_absolute_url(),
        title=group.name,
    )


def visible_request_ids(user, ids: set[int]) -> list[int]:
    """For notifications.registry: requests the user made, or that wait in the queue of a
    group they moderate, in groups they may still see."""
    moderated = Membership.objects.filter(user=user, role__in=LEADER_ROLES).values("group")
    return list(
        JoinRequest.objects.filter(pk__in=ids, group__in=Group.objects.visible_to(user))
        .filter(Q(user=user) | Q(group__in=moderated))
        .values_list("pk", flat=True)
    )


def visible_invitation_group_ids(user, ids: set[int]) -> list[int]:
    """For notifications.registry: groups among ids the user was invited to and may still
    see. A pending invitation lets its invitee see the group, hidden ones included
    (Group.objects.visible_to); after declining, a hidden group is hidden again."""
    return list(
        Group.objects.visible_to(user)
        .filter(pk__in=ids, invitations__user=user)
        .values_list("pk", flat=True)
        .distinct()
    )
