"""What a person does on the platform, across apps: the numbers and badges on a profile.

Counted only over what the viewer may read, so a profile never reveals activity inside a
private group to someone outside it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import LibraryItem
from discussions.models import Post, Reaction, Thread
from groups.models import Group, Membership
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
    """In one query (each part reads an index): what the profile's cached parts show of
    the person (how many threads, replies, library items, groups, followers and
    endorsements, and when the latest of them changed, accepted answers included), what
    decides which groups the viewer may read (their memberships; the latest change to any
    group, as a visibility switch saves it), and whether the viewer follows the person.
    "helpful" votes move only a count and may lag for the cache's few minutes.

    Written as SQL: it runs on every profile view, and building the same statement
    through the ORM cost more than running it.
    """
    t = {
        "thread": Thread._meta.db_table,
        "post": Post._meta.db_table,
        "item": LibraryItem._meta.db_table,
        "membership": Membership._meta.db_table,
        "group": Group._meta.db_table,
        "follow": Follow._meta.db_table,
        "endorsement": Endorsement._meta.db_table,
    }
    sql = f"""
        SELECT
          (SELECT COUNT(*) FROM {t["thread"]} WHERE author_id = %(p)s),
          (SELECT MAX(updated_at) FROM {t["thread"]} WHERE author_id = %(p)s),
          (SELECT COUNT(*) FROM {t["post"]} WHERE author_id = %(p)s),
          (SELECT MAX(updated_at) FROM {t["post"]} WHERE author_id = %(p)s),
          (SELECT MAX(th.updated_at) FROM {t["thread"]} th
             JOIN {t["post"]} po ON th.accepted_post_id = po.id WHERE po.author_id = %(p)s),
          (SELECT COUNT(*) FROM {t["item"]} WHERE author_id = %(p)s),
          (SELECT MAX(updated_at) FROM {t["item"]} WHERE author_id = %(p)s),
          (SELECT COUNT(*) FROM {t["membership"]} WHERE user_id = %(p)s),
          (SELECT COUNT(*) FROM {t["follow"]} WHERE followed_id = %(p)s),
          (SELECT COUNT(*) FROM {t["endorsement"]} WHERE person_id = %(p)s),
          (SELECT COUNT(*) FROM {t["membership"]} WHERE user_id = %(v)s),
          (SELECT SUM(group_id) FROM {t["membership"]} WHERE user_id = %(v)s),
          (SELECT MAX(id) FROM {t["membership"]} WHERE user_id = %(v)s),
          (SELECT MAX(updated_at) FROM {t["group"]}),
          (SELECT COUNT(*) FROM {t["follow"]} WHERE follower_id = %(v)s AND followed_id = %(p)s)
    """  # noqa: S608 (table names from the models; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"p": person.pk, "v": viewer.pk})
        *stamp, following = cursor.fetchone()
    return ProfileState(stamp=(viewer.pk, viewer.is_guest, *stamp), following=bool(following))


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
                Endorsement.objects.filter(
                    person=person,
                    endorser__is_active=True,
                    topic__in=person.profile.skills.values("pk"),
                )
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
