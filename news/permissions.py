"""Who may write, publish and watch news: the one place that decides it.

News editors are the people in the "News editors" role (a Django auth group, assigned in
the admin, with the news permissions): they write news for everyone or for any group.
A group's owners and moderators write news for their own group only. Everyone else reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db.models import Q

from groups.models import Group, Membership
from news.models import EDITORS_GROUP, NewsPost
from profiles.models import User


@dataclass(frozen=True)
class NewsDesk:
    """A person's powers on the news desk, loaded once per request."""

    user_id: int | None
    create: bool  # news editor: may write for everyone or any group
    change: bool  # news editor: may edit any post
    publish: bool  # news editor: may publish, schedule and unpublish any post
    moderated: frozenset[int]  # groups whose news they write, edit and publish

    @property
    def may_write(self) -> bool:
        return self.create or bool(self.moderated)

    def may_address(self, audience: Group | None) -> bool:
        """Write news for this audience (None: everyone)."""
        if self.create:
            return True
        return audience is not None and audience.pk in self.moderated and not audience.is_archived

    def may_edit(self, post: NewsPost) -> bool:
        if self.change:
            return True
        return post.audience_id is not None and post.audience_id in self.moderated

    def may_publish(self, post: NewsPost) -> bool:
        if self.publish:
            return True
        return post.audience_id is not None and post.audience_id in self.moderated


NOBODY = NewsDesk(None, False, False, False, frozenset())
EDITOR_CODENAMES = ["add_newspost", "change_newspost", "view_newspost", "publish_newspost"]


def editors_role() -> AuthGroup:
    """The "News editors" role, to add people to. A migration makes it; it is made again
    here if a database flush removed it."""
    role, created = AuthGroup.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        role.permissions.set(
            Permission.objects.filter(content_type__app_label="news", codename__in=EDITOR_CODENAMES)
        )
    return role


def news_desk(user: User) -> NewsDesk:
    if not user.is_authenticated or not user.is_active or user.is_guest:
        return NOBODY
    moderated = frozenset(
        Membership.objects.filter(
            user=user,
            role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR],
            group__archived_at__isnull=True,
        ).values_list("group_id", flat=True)
    )
    if user.is_superuser:
        codenames = {"add_newspost", "change_newspost", "publish_newspost"}
    else:  # the person's own and their roles' news permissions, in one query
        codenames = set(
            Permission.objects.filter(Q(user=user) | Q(group__user=user))
            .filter(content_type__app_label="news")
            .values_list("codename", flat=True)
        )
    return NewsDesk(
        user_id=user.pk,
        create="add_newspost" in codenames,
        change="change_newspost" in codenames,
        publish="publish_newspost" in codenames,
        moderated=moderated,
    )
