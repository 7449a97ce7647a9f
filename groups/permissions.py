"""Who may do what in a group: the one place that decides it.

Lists use the queryset rules (`Group.objects.visible_to(user)`, `readable_by(user)`); a
group already in hand is judged here, by the same rules. Every page, form and API that
acts inside a group asks `group_permissions()`; tests/groups/test_permission_matrix.py
checks every role against every visibility and action through the public pages.

Site staff have no special powers on the site: they act through the Django admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from groups.models import Group, Membership


@dataclass(frozen=True)
class GroupPermissions:
    see: bool  # know the group exists: directory, search, its page
    read: bool  # its discussions, library, news and members
    post: bool  # start threads, reply, react, share in its library
    moderate: bool  # handle join requests, invite, remove members, name advocates
    administer: bool  # change settings and roles, archive or unarchive
    join: bool  # join in one click
    request: bool  # ask to join

    @property
    def see_members(self) -> bool:
        return self.read


NOTHING = GroupPermissions(*(False,) * 7)


def group_permissions(
    *,
    user,
    group: Group,
    membership: Membership | None,
    invited: bool = False,
    requested: bool = False,
) -> GroupPermissions:
    """What `user` may do in `group`, given their membership, a pending invitation and a
    pending join request."""
    if not user.is_authenticated:
        return NOTHING
    member = membership is not None
    employee = not user.is_guest
    open_ = group.visibility == Group.Visibility.OPEN
    private = group.visibility == Group.Visibility.PRIVATE
    archived = group.is_archived
    read = member or (employee and open_)
    role = membership.role if member else None
    return GroupPermissions(
        see=member or invited or (employee and (open_ or private)),
        read=read,
        post=read and not archived,
        moderate=role in (Membership.Role.OWNER, Membership.Role.MODERATOR) and not archived,
        administer=role == Membership.Role.OWNER,
        join=not member and employee and open_ and not archived,
        request=not member and employee and private and not archived and not requested,
    )
