"""What a person does on the platform, across apps: the numbers and badges on a profile.

Counted only over what the viewer may read, so a profile never reveals activity inside a
private group to someone outside it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import LibraryItem
from discussions.models import Post, Reaction, Thread
from groups.models import Membership
from profiles.models import Endorsement, Follow, User
from socialearn.lib.models import SubqueryCount


@dataclass(frozen=True)
class PersonStats:
    threads: int
    replies: int
    accepted: int
    helpful: int
    library: int
    endorsements: int
    followers: int


@dataclass(frozen=True)
class ProfileState:
    stamp: tuple  # part of the profile page's cache key
    following: bool  # whether the viewer follows the person


def profile_state(*, person: User, viewer: User) -> ProfileState:
    """In one query (each part reads an index): when the person last did something a
    profile shows (latest thread, reply, library item, group; how many follow and endorse
    them), what decides which groups the viewer may read (how many memberships, the
    latest), and whether the viewer follows the person."""
    latest = {
        "thread": Thread.objects.filter(author=OuterRef("pk")).order_by("-last_activity_at"),
        "post": Post.objects.filter(author=OuterRef("pk")).order_by("-created_at"),
        "item": LibraryItem.objects.filter(author=OuterRef("pk")).order_by("-updated_at"),
        "group": Membership.objects.filter(user=OuterRef("pk")).order_by("-created_at"),
    }
    fields = {"thread": "last_activity_at", "post": "created_at", "item": "updated_at",
              "group": "created_at"}  # fmt: skip
    viewer_memberships = Membership.objects.filter(user=viewer)
    *stamp, following = (
        User.objects.filter(pk=person.pk)
        .annotate(
            **{name: Subquery(qs.values(fields[name])[:1]) for name, qs in latest.items()},
            n_followers=SubqueryCount(Follow.objects.filter(followed=OuterRef("pk"))),
            n_endorsements=SubqueryCount(Endorsement.objects.filter(person=OuterRef("pk"))),
            viewer_groups=SubqueryCount(viewer_memberships),
            viewer_joined=Subquery(
                viewer_memberships.order_by("-created_at").values("created_at")[:1]
            ),
            viewer_follows=Exists(Follow.objects.filter(follower=viewer, followed=OuterRef("pk"))),
        )
        .values_list(
            *latest,
            "n_followers",
            "n_endorsements",
            "viewer_groups",
            "viewer_joined",
            "viewer_follows",
        )
        .get()
    )
    return ProfileState(stamp=(viewer.pk, viewer.is_guest, *stamp), following=following)


def person_stats(*, person: User, viewer: User) -> PersonStats:
    """Every count on the profile in one query."""
    row = (
        User.objects.filter(pk=person.pk)
        .annotate(
            n_threads=SubqueryCount(Thread.objects.visible_to(viewer).filter(author=person)),
            n_replies=SubqueryCount(Post.objects.visible_to(viewer).filter(author=person)),
            n_accepted=SubqueryCount(
                Thread.objects.visible_to(viewer).filter(accepted_post__author=person)
            ),
            n_helpful=SubqueryCount(
                Reaction.objects.filter(
                    kind=Reaction.Kind.HELPFUL,
                    post__author=person,
                    post__in=Post.objects.visible_to(viewer),
                ).exclude(user=person)
            ),
            n_library=SubqueryCount(
                LibraryItem.objects.visible_to(viewer).published().filter(author=person)
            ),
            n_endorsements=SubqueryCount(
                Endorsement.objects.filter(person=person, endorser__is_active=True)
            ),
            n_followers=SubqueryCount(
                Follow.objects.filter(followed=person, follower__is_active=True)
            ),
        )
        .values(
            "n_threads",
            "n_replies",
            "n_accepted",
            "n_helpful",
            "n_library",
            "n_endorsements",
            "n_followers",
        )
        .get()
    )
    return PersonStats(**{name[2:]: value for name, value in row.items()})


@dataclass(frozen=True)
class Badge:
    slug: str
    label: str
    description: str


# (test, badge): earned from what a person did, recomputed on every view, never stored.
BADGES = [
    (
        lambda s, p: s.accepted >= 10,
        Badge("go-to-expert", _("Go-to expert"), _("10 or more accepted answers")),
    ),
    (
        lambda s, p: 1 <= s.accepted < 10,
        Badge("problem-solver", _("Problem solver"), _("An answer accepted by the asker")),
    ),
    (
        lambda s, p: s.helpful >= 10,
        Badge("helpful", _("Helpful"), _("Replies found helpful 10 or more times")),
    ),
    (
        lambda s, p: s.threads >= 10,
        Badge("conversation-starter", _("Conversation starter"), _("Started 10 or more threads")),
    ),
    (
        lambda s, p: s.library >= 3,
        Badge("curator", _("Curator"), _("Shared 3 or more library items")),
    ),
    (
        lambda s, p: s.endorsements >= 5,
        Badge("endorsed", _("Trusted"), _("Skills endorsed 5 or more times")),
    ),
    (
        lambda s, p: p.date_joined >= timezone.now() - datetime.timedelta(days=30),
        Badge("newcomer", _("Newcomer"), _("Joined in the last 30 days: say hello!")),
    ),
]


def person_badges(*, stats: PersonStats, person: User) -> list[Badge]:
    return [badge for earned, badge in BADGES if earned(stats, person)]
