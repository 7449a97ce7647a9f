"""Great conversations surface: a hot score per thread, and the top threads highlighted.

The score counts recent activity (replies and reactions in the last HOT_WINDOW_DAYS, an
accepted answer, views) and decays with the hours since the thread's last activity, as on
Hacker News: score = activity / (hours + 2) ^ GRAVITY. Threads marked great by a
moderator or advocate get a boost and are always highlighted. Everything runs as a few
set-based UPDATEs, whatever the number of threads (bench/hot_scores.py measures it).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, FloatField, OuterRef, Q, Value, When, Window
from django.db.models.functions import Cast, Ln, Power, RowNumber
from django.utils import timezone

from discussions.models import Post, Reaction, Thread
from socialearn.lib.models import EpochSeconds, SubqueryCount

HOT_WINDOW_DAYS = 14
GRAVITY = 1.5
REPLY_WEIGHT, REACTION_WEIGHT, ACCEPTED_WEIGHT, GREAT_WEIGHT = 3.0, 1.0, 4.0, 10.0
PER_GROUP = 3  # highlighted threads per group
SITE_WIDE = 10  # and across the site
MIN_SCORE = 0.01  # below this, a thread is not highlighted for its activity alone


VERSION_KEY = "highlights:version"


def highlights_version() -> str:
    """Part of the cache key of lists that show highlighted threads: it changes whenever
    the highlighted set may have changed, so those lists never lag behind it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
    return str(version)


def highlights_changed() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def hot_scores_refresh(*, now=None) -> dict[str, int]:
    """Recompute hot scores and the highlighted set. Returns counts for the log."""
    now = now or timezone.now()
    since = now - timedelta(days=HOT_WINDOW_DAYS)
    replies = SubqueryCount(
        Post.objects.filter(thread=OuterRef("pk"), is_hidden=False, created_at__gte=since)
    )
    # Two counts rather than one with OR: each runs through its own index (reactions by
    # thread; the thread's replies, then reactions by reply).
    on_thread = SubqueryCount(Reaction.objects.filter(thread=OuterRef("pk"), created_at__gte=since))
    on_replies = SubqueryCount(
        Reaction.objects.filter(post__thread=OuterRef("pk"), created_at__gte=since)
    )
    hours = (Value(now.timestamp()) - EpochSeconds(F("last_activity_at"))) / Value(3600.0)
    activity = (
        Value(REPLY_WEIGHT) * Cast(replies, FloatField())
        + Value(REACTION_WEIGHT) * Cast(on_thread + on_replies, FloatField())
        + Ln(Cast(F("view_count"), FloatField()) + Value(1.0))
        + Case(
            When(accepted_post__isnull=False, then=Value(ACCEPTED_WEIGHT)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    with transaction.atomic():
        # Quiet threads fall to zero; only threads active in the window are scored.
        cooled = Thread.objects.filter(last_activity_at__lt=since, hot_score__gt=0).update(
            hot_score=0
        )
        scored = Thread.objects.filter(last_activity_at__gte=since, is_hidden=False).update(
            hot_score=activity / Power(hours + Value(2.0), Value(GRAVITY))
        )
        Thread.objects.filter(is_great=True, is_hidden=False).update(
            hot_score=F("hot_score") + Value(GREAT_WEIGHT)
        )
        top = _top_ids()
        unset = (
            Thread.objects.filter(is_highlighted=True)
            .exclude(pk__in=top)
            .update(is_highlighted=False)
        )
        highlighted = Thread.objects.filter(pk__in=top, is_highlighted=False).update(
            is_highlighted=True
        )
    if highlighted or unset:
        transaction.on_commit(highlights_changed)
    return {"cooled": cooled, "scored": scored, "highlighted": highlighted, "unset": unset}


def _top_ids() -> set[int]:
    """Great threads, the top PER_GROUP of each group and the top SITE_WIDE overall."""
    candidates = Thread.objects.filter(is_hidden=False).filter(
        Q(is_great=True) | Q(hot_score__gte=MIN_SCORE)
    )
    per_group = (
        candidates.annotate(
            rank=Window(
                RowNumber(), partition_by=[F("group_id")], order_by=[F("hot_score").desc(), "pk"]
            )
        )
        .filter(rank__lte=PER_GROUP)
        .values_list("pk", flat=True)
    )
    site = candidates.order_by("-hot_score", "pk").values_list("pk", flat=True)[:SITE_WIDE]
    great = candidates.filter(is_great=True).values_list("pk", flat=True)
    return set(per_group) | set(site) | set(great)
