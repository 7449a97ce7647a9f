"""Who may do what to a thread or a reply, on top of the group's permissions
(groups.permissions): one place for the rules that pages, forms and services share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat

from discussions.models import Post, Thread
from groups.models import Group, Membership
from groups.selectors import LEADER_ROLES
from profiles.models import User


@dataclass(frozen=True)
class ThreadAccess:
    """The reader's standing in the thread's group, loaded once per page."""

    user_id: int | None
    post: bool  # reply, react, suggest corrections, report
    moderate: bool  # hide, lock, pin, move, edit anyone's text, revert
    trusted: bool  # edit anyone's text (named by the group's moderators)
    advocate: bool  # mark great conversations

    def may_edit(self, *, author_id: int | None) -> bool:
        if self.moderate or (self.trusted and self.post):
            return True
        return self.post and author_id is not None and author_id == self.user_id

    def may_correct(self, *, author_id: int | None) -> bool:
        """Suggest a correction: any member who may post, to someone else's text."""
        return self.post and author_id != self.user_id

    def may_flag(self, *, author_id: int | None) -> bool:
        return self.post and author_id != self.user_id

    @property
    def may_highlight(self) -> bool:
        return self.moderate or (self.advocate and self.post)


MY_MEMBERSHIP = "my_membership"  # see with_my_membership()


def with_my_membership(threads, *, user: User):
    """Annotate the user's membership in each thread's group as one value ("role,trusted,
    advocate", or None), so the thread page needs no query of its own for it."""
    mine = Membership.objects.filter(group=OuterRef("group"), user=user).annotate(
        packed=Concat(
            "role",
            Value(","),
            Cast("is_trusted", CharField()),
            Value(","),
            Cast("is_advocate", CharField()),
            output_field=CharField(),
        )
    )
    return threads.annotate(**{MY_MEMBERSHIP: Subquery(mine.values("packed")[:1])})


@dataclass(frozen=True)
class _Membership:
    role: str
    is_trusted: bool
    is_advocate: bool


def _membership(user: User, thread: Thread):
    if not user.is_authenticated:
        return None
    if hasattr(thread, MY_MEMBERSHIP):
        packed = getattr(thread, MY_MEMBERSHIP)
        if packed is None:
            return None
        role, trusted, advocate = packed.split(",")
        # Booleans cast to text: "1"/"0" on SQLite, "true"/"false" on PostgreSQL.
        truthy = {"1", "true"}
        return _Membership(role, trusted in truthy, advocate in truthy)
    return (
        Membership.objects.filter(group_id=thread.group_id, user_id=user.pk)
        .only("role", "is_trusted", "is_advocate")
        .first()
    )


def thread_access(*, user: User, thread: Thread) -> ThreadAccess:
    """The caller has fetched the thread through visible_to(), so the user may read it
    (with with_my_membership(), this costs no query)."""
    group = thread.group
    membership = _membership(user, thread)
    archived = group.is_archived
    readable = membership is not None or (
        user.is_authenticated and not user.is_guest and group.visibility == Group.Visibility.OPEN
    )
    leader = membership is not None and membership.role in LEADER_ROLES
    return ThreadAccess(
        user_id=user.pk,
        post=readable and not archived,
        moderate=leader and not archived,
        trusted=bool(membership and membership.is_trusted) and not archived,
        advocate=bool(membership and membership.is_advocate) and not archived,
    )


def readers_among(*, thread: Thread, user_ids, post: Post | None = None) -> set[int]:
    """The people among user_ids who may read the thread (and the reply, if given) now:
    active, and a member of the group or an employee when it is open; only the group's
    moderators while the thread or the reply is hidden. One query."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return set()
    group = thread.group
    people = User.objects.filter(pk__in=ids, is_active=True)
    member = Q(memberships__group_id=group.pk)
    if thread.is_hidden or (post is not None and post.is_hidden):
        people = people.filter(member, memberships__role__in=LEADER_ROLES)
    elif group.visibility == Group.Visibility.OPEN:
        people = people.filter(member | Q(is_guest=False))
    else:
        people = people.filter(member)
    return set(people.values_list("pk", flat=True).distinct())
