"""The expert finder: who knows a topic, by what they declare and what they have shown.

It lives in the discussions layer because the evidence does: accepted answers and
"helpful" reactions on replies in threads tagged with the topic, plus colleagues'
endorsements. Evidence counts only threads the viewer may read, so neither the ranking nor
the reason shown reveals anything from a private group.

Set-based: each kind of evidence is one GROUP BY over the rows tagged with the topic
(hundreds to a few thousand, through indexes), never a subquery per person. The ranking
is then made in Python over the candidates' ids, and only the page shown is loaded.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discussions.models import Reaction, Thread
from groups.models import Group
from groups.selectors import access_signature
from profiles.models import Endorsement, Profile, Topic, User, normalize_topic
from profiles.selectors import people_epoch

# How much each kind of evidence weighs.
DECLARED, ACCEPTED, ENDORSED, HELPFUL = 10, 5, 3, 1


@dataclass(frozen=True)
class Evidence:
    declared: bool | int
    accepted: int
    helpful: int
    endorsed: int

    @property
    def score(self) -> int:
        return (
            DECLARED * self.declared
            + ACCEPTED * self.accepted
            + ENDORSED * self.endorsed
            + HELPFUL * self.helpful
        )


class RankedProfiles(Sequence):
    """Profiles in expert order, loaded a slice at a time (what a paginator asks for).

    Each loaded profile carries `declared`, `accepted_count`, `helpful_count`,
    `endorsement_count` and `expert_score`.
    """

    def __init__(self, ranked: list[tuple[int, ...]], profiles: QuerySet[Profile]):
        # (profile pk, declared, accepted, helpful, endorsed): plain ints, because the
        # list is cached and read on every page view (small to store, quick to load).
        self._ranked = ranked
        self._profiles = profiles

    def __len__(self) -> int:
        return len(self._ranked)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        chosen = self._ranked[index]
        rows = self._profiles.in_bulk([row[0] for row in chosen])
        page = []
        for pk, *counts in chosen:
            evidence = Evidence(*counts)
            profile = rows.get(pk)
            if profile is None:  # Gone since the ranking was cached (deleted, out of scope).
                continue
            profile.declared = evidence.declared
            profile.accepted_count = evidence.accepted
            profile.helpful_count = evidence.helpful
            profile.endorsement_count = evidence.endorsed
            profile.expert_score = evidence.score
            page.append(profile)
        return page


def _counts(rows) -> Counter:
    return Counter(dict(rows))


# The ranking changes slowly (answers, votes): a viewer's is kept this long, keyed on
# everything that decides it (see expert_list).
RANKING_CACHE_SECONDS = 5 * 60
# Part of the cache key: change it when the cached ranking's shape changes, so a deploy
# never reads entries written by the previous version.
RANKING_FORMAT = 2


def expert_list(
    *, profiles: QuerySet[Profile], viewer: User, topic: str, filters: dict | None = None
) -> RankedProfiles:
    """The profiles that declare the topic or have evidence for it, best first.

    `profiles` is the directory's queryset for `filters` (its other filters and a guest's
    limits still apply). Four queries to rank, then two per page loaded (rows and their
    skills). The ranking is cached for a few minutes per viewer, keyed on the topic, the
    filters, what decides which groups the viewer may read, and the people epoch, so it
    never outlives a change of who may read what.
    """
    cache_key = (
        f"experts:{RANKING_FORMAT}:"
        + hashlib.blake2b(
            repr(
                (
                    viewer.pk,
                    normalize_topic(topic),
                    sorted((filters or {}).items()),
                    access_signature(user=viewer),
                    people_epoch(),
                )
            ).encode(),
            digest_size=16,
        ).hexdigest()
    )
    ranked = cache.get(cache_key)
    if ranked is None:
        ranked = _ranking(profiles=profiles, viewer=viewer, topic=topic)
        cache.set(cache_key, ranked, RANKING_CACHE_SECONDS)
    return RankedProfiles(
        ranked, profiles.select_related(None).select_related("user").prefetch_related("skills")
    )


def _ranking(*, profiles: QuerySet[Profile], viewer: User, topic: str):
    key = normalize_topic(topic)
    readable = Group.objects.readable_by(viewer).values("pk")
    tagged = Thread.objects.filter(tags__key=key, group__in=readable, is_hidden=False)
    accepted = _counts(
        tagged.filter(accepted_post__author__isnull=False, accepted_post__is_hidden=False)
        .values_list("accepted_post__author")
        .annotate(n=Count("pk"))
        .order_by()
    )
    helpful = _counts(
        Reaction.objects.filter(
            kind=Reaction.Kind.HELPFUL,
            post__thread__in=tagged,
            post__author__isnull=False,
            post__is_hidden=False,
            user__is_active=True,
        )
        .exclude(user=F("post__author"))
        .values_list("post__author")
        .annotate(n=Count("pk"))
        .order_by()
    )
    endorsed = _counts(
        Endorsement.objects.filter(topic__key=key, endorser__is_active=True)
        .values_list("person")
        .annotate(n=Count("pk"))
        .order_by()
    )
    with_evidence = set(accepted) | set(helpful)
    declares = Profile.skills.through.objects.filter(profile_id=OuterRef("pk"), topic__key=key)
    candidates = (
        profiles.filter(Q(Exists(declares)) | Q(user_id__in=with_evidence))
        .annotate(declared=Exists(declares))
        .values_list("pk", "user_id", "declared", "display_name")
        .order_by()
    )
    ranked = []
    for pk, user_id, declared, name in candidates:
        evidence = Evidence(
            declared=declared,
            accepted=accepted[user_id],
            helpful=helpful[user_id],
            # Endorsements are for a declared skill: they count while it is listed.
            endorsed=endorsed[user_id] if declared else 0,
        )
        ranked.append((-evidence.score, name, pk, evidence))
    ranked.sort(key=lambda row: row[:3])
    return [(pk, int(e.declared), e.accepted, e.helpful, e.endorsed) for _s, _n, pk, e in ranked]


def known_topic_name(text: str) -> str | None:
    """The vocabulary's spelling of a topic ("kubernetes" → "Kubernetes"), or None when
    the text is no topic. One query."""
    key = normalize_topic(text)
    return Topic.objects.filter(key=key).values_list("name", flat=True).first() if key else None


def topic_name(text: str) -> str:
    """The vocabulary's spelling of a topic, else the text."""
    return known_topic_name(text) or " ".join(text.split())


def expert_reason(profile: Profile, topic: str) -> str:
    """Why someone is suggested: "3 accepted answers about Kubernetes · endorsed by 2"."""
    parts = []
    if profile.accepted_count:
        parts.append(
            ngettext(
                "%(n)d accepted answer about %(topic)s",
                "%(n)d accepted answers about %(topic)s",
                profile.accepted_count,
            )
            % {"n": profile.accepted_count, "topic": topic}
        )
    if profile.helpful_count:
        parts.append(
            ngettext(
                "%(n)d “helpful” vote on replies",
                "%(n)d “helpful” votes on replies",
                profile.helpful_count,
            )
            % {"n": profile.helpful_count}
        )
    if profile.endorsement_count:
        parts.append(
            ngettext(
                "endorsed by %(n)d colleague",
                "endorsed by %(n)d colleagues",
                profile.endorsement_count,
            )
            % {"n": profile.endorsement_count}
        )
    if profile.declared and not parts:
        parts.append(_("Lists %(topic)s as a skill") % {"topic": topic})
    elif profile.declared:
        parts.insert(0, _("Lists it as a skill"))
    return " · ".join(parts)
