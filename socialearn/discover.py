"""Suggestions that cross silos, each with its reason: colleagues to meet (other departments
first), groups to join, library items to read; and for someone new, people of their own
department. Shown on home and on /suggestions/; kept in the cache for ten minutes per
person (they change slowly, and computing them takes a dozen small queries)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.models import Bookmark, LibraryItem
from groups import selectors as group_selectors
from groups.models import Group
from profiles import selectors as people
from profiles.models import Follow, Profile, Topic, User

TIMEOUT = 10 * 60
EACH = 3


@dataclass
class Suggestions:
    people: list[Profile] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    items: list[LibraryItem] = field(default_factory=list)
    department: list[Profile] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.people or self.groups or self.items or self.department)


EPOCH_KEY = "suggestions:epoch"


def epoch() -> str:
    """Changes whenever what anyone may be suggested changes: a group saved (made private
    or hidden, archived) or deleted, someone joining or leaving a group, a library item
    saved (moved, published) or deleted, an item saved for later (signals in
    socialearn.apps). One cache read, no SQL; everyone's suggestions are worked out anew
    on their next visit."""
    return str(cache.get_or_set(EPOCH_KEY, lambda: str(time.time_ns()), None))


def epoch_bump(**_kwargs) -> None:
    cache.set(EPOCH_KEY, str(time.time_ns()), None)


def cache_key(user: User) -> str:
    # Following someone or changing a profile (topics, department) changes the key.
    state = (
        f"{epoch()}:{people.people_epoch()}:{people.meet_version(user=user)}"
        f":{translation.get_language()}"  # the reasons are worded once
    )
    if user.is_guest:  # what a guest may see changes with their groups
        state += group_selectors.access_signature(user=user)
    return f"suggestions:{user.pk}:{hashlib.blake2b(state.encode(), digest_size=12).hexdigest()}"


def cached(user: User) -> Suggestions | None:
    """The person's suggestions if they are in the cache (no query), else None."""
    return cache.get(cache_key(user))


def suggestions_for(user: User) -> Suggestions:
    found = cached(user)
    if found is None:
        found = compute(user)
        cache.set(cache_key(user), found, TIMEOUT)
    return found


def compute(user: User) -> Suggestions:
    if user.is_guest:
        return Suggestions()
    return Suggestions(
        people=_people(user),
        groups=_groups(user),
        items=_items(user),
        department=_department(user),
    )


def _people(user: User) -> list[Profile]:
    found = people.people_to_meet(user=user, limit=EACH)
    for profile in found:
        profile.reason = people.meet_reason(profile)
    return found


def _groups(user: User) -> list[Group]:
    """Groups on the person's topics or where people they follow are; without either,
    the open groups most people are in."""
    found = group_selectors.suggested_groups(user=user, groups=Group.objects.visible_to(user))[
        :EACH
    ]
    for group in found:
        group.reason = group_selectors.suggestion_reason(group)
    if found:
        return found
    popular = list(
        group_selectors.popular_open_groups(user=user).exclude(memberships__user=user)[:EACH]
    )
    for group in popular:
        group.reason = ngettext(
            "Popular: %(n)d member", "Popular: %(n)d members", group.member_count
        ) % {"n": group.member_count}
    return popular


def _items(user: User) -> list[LibraryItem]:
    """Well-rated items on the person's skills and interests, that they did not write or
    save, from groups they may read or the whole company."""
    profile = user.profile
    mine = Topic.objects.filter(Q(skilled_profiles=profile) | Q(interested_profiles=profile))
    items = (
        LibraryItem.objects.visible_to(user)
        .published()
        .filter(topics__in=mine.values("pk"))
        .exclude(author=user)
        .exclude(pk__in=Bookmark.objects.filter(user=user).values("item_id"))
        .distinct()
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "topics", queryset=Topic.objects.filter(pk__in=mine.values("pk")), to_attr="mine"
            )
        )
        .order_by("-rating_count", "-view_count", "-published_at", "-pk")[:EACH]
    )
    found = list(items)
    for item in found:
        names = ", ".join(t.name for t in item.mine[:3])
        item.reason = _("About %(topics)s, like you") % {"topics": names}
    return found


def _department(user: User) -> list[Profile]:
    """Colleagues of the person's own department they do not follow yet: for someone new,
    the first people to know."""
    department = user.profile.department
    if not department:
        return []
    found = list(
        Profile.objects.filter(department=department, user__is_active=True, user__is_guest=False)
        .exclude(user=user)
        .exclude(user__in=Follow.objects.filter(follower=user).values("followed"))
        .select_related("user")
        .order_by(F("user__last_login").desc(nulls_last=True), "pk")[:EACH]
    )
    for profile in found:
        profile.reason = _("In your department, %(department)s") % {"department": department}
    return found
