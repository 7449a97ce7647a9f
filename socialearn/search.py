"""Search across the site: people, groups, threads, replies, library items and news,
each through its app's visibility rules (visible_to), matched and ranked by
socialearn.lib.search (PostgreSQL full text; a substring fallback elsewhere)."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, Exists, ExpressionWrapper, F, FloatField, Q, Value, When
from django.utils import timezone

from content.selectors import item_list
from discussions.models import Post, Thread
from discussions.selectors import thread_list_recent
from groups import selectors as group_selectors
from groups.models import Group
from news.selectors import news_list
from profiles import selectors as people
from profiles.models import User
from socialearn.lib.models import EpochSeconds
from socialearn.lib.search import SEARCH_CONFIG, WEIGHTS, full_text, text_search
from socialearn.models import SearchEntry

LIMIT = 31  # per kind: 30 shown on a kind's tab; one more tells that there are more
KINDS = ("people", "groups", "threads", "replies", "library", "news")
YEAR = 365 * 86400.0


def _fresher(rank, moment: str):
    """A rank that favours recent items: halved after a year, a third after two."""
    age = (Value(time.time()) - EpochSeconds(moment)) / Value(YEAR)
    return ExpressionWrapper(rank / (Value(1.0) + age), output_field=FloatField())


CANDIDATES = 100  # threads and replies ranked in the narrow table, then checked
RECENT_FIRST = datetime.timedelta(days=7)  # ranked first: see _threads_and_replies
SINCE = {"week": 7, "month": 31, "year": 365}


@dataclass(frozen=True)
class Filters:
    """Narrowing a search to one group, one author, or recent items (content only)."""

    group: Group | None = None
    author: User | None = None
    since: datetime.datetime | None = None

    @property
    def active(self) -> bool:
        return bool(self.group or self.author or self.since)

    @classmethod
    def from_query(cls, params, *, user: User) -> Filters:
        """From ?group=<slug>&author=<handle>&since=week|month|year, keeping only what
        the reader may use (a group they may read; an unknown handle filters nothing)."""
        slug, handle = params.get("group", ""), params.get("author", "").strip().lstrip("@")
        group = Group.objects.readable_by(user).filter(slug=slug).first() if slug else None
        author = User.objects.filter(handle=handle.lower()).first() if handle else None
        days = SINCE.get(params.get("since", ""))
        since = timezone.now() - datetime.timedelta(days=days) if days else None
        return cls(group=group, author=author, since=since)

    def apply(self, rows, *, group: str, author: str, moment: str):
        if self.group:
            rows = rows.filter(**{group: self.group})
        if self.author:
            rows = rows.filter(**{author: self.author})
        if self.since:
            rows = rows.filter(**{f"{moment}__gte": self.since})
        return rows


NO_FILTERS = Filters()


def _threads_and_replies(
    *, user: User, q: str, filters: Filters = NO_FILTERS
) -> tuple[list[Thread], list[Post]]:
    """Threads and replies matching `q`, best first. On PostgreSQL the narrow search table
    (socialearn.models.SearchEntry) ranks every match in the reader's readable groups and
    hands over the best CANDIDATES, which the full rules (visible_to) then check; the
    accepted-answer bonus is applied to them. Elsewhere, substrings (lib.search)."""
    thread_rows = filters.apply(
        thread_list_recent(user=user), group="group", author="author", moment="created_at"
    )
    post_rows = filters.apply(
        Post.objects.visible_to(user).filter(is_hidden=False, thread__is_hidden=False),
        group="thread__group",
        author="author",
        moment="created_at",
    )
    if not full_text():
        threads = text_search(thread_rows, q, fields=["title", "body"])
        answered = Case(When(accepted_post__isnull=False, then=Value(1.5)), default=Value(1.0))
        threads = threads.annotate(
            score=_fresher(F("rank") * answered, "last_activity_at")
        ).order_by("-score", "-pk")
        replies = text_search(post_rows, q, fields=["body"])
        accepted = Case(When(thread__accepted_post=F("pk"), then=Value(2.0)), default=Value(1.0))
        replies = (
            replies.annotate(score=_fresher(F("rank") * accepted, "created_at"))
            .select_related("thread__group", "author__profile")
            .order_by("-score", "-pk")
        )
        return list(threads[:LIMIT]), list(replies[:LIMIT])
    query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
    entries = SearchEntry.objects.filter(
        vector=query, group_id__in=Group.objects.readable_by(user).values("pk")
    )
    if filters.group:
        entries = entries.filter(group_id=filters.group.pk)
    if filters.since:
        entries = entries.filter(at__gte=filters.since)

    ranked = entries.annotate(
        score=_fresher(SearchRank(F("vector"), query, weights=WEIGHTS), "at")
    ).order_by("-score")
    # A common word matches tens of thousands of rows, and ranking them all reads every
    # one. So the matches of the last week are ranked on their own (the index on `at` and
    # the word's index narrow them down together); the older ones only when the week has
    # fewer than CANDIDATES (then it is a rarer word, and cheap). One query: the older
    # arm carries that condition as a filter PostgreSQL evaluates once, before reading.
    week = timezone.now() - RECENT_FIRST
    recent = entries.filter(at__gte=week)
    enough = Exists(recent.order_by().values("pk")[CANDIDATES - 1 : CANDIDATES])
    columns = ("kind", "object_id", "score")
    found = list(
        ranked.filter(at__gte=week)
        .values_list(*columns)[:CANDIDATES]
        .union(
            ranked.filter(~Q(at__gte=week)).filter(~enough).values_list(*columns)[:CANDIDATES],
            all=True,
        )
    )
    found = sorted(found, key=lambda row: -row[2])[:CANDIDATES]
    scores = {(kind, pk): score for kind, pk, score in found}
    thread_ids = [pk for kind, pk in scores if kind == "thread"]
    post_ids = [pk for kind, pk in scores if kind == "post"]
    threads = (
        list(thread_rows.filter(pk__in=thread_ids).defer("search_vector")) if thread_ids else []
    )
    replies = (
        list(
            filters.apply(
                Post.objects.filter(pk__in=post_ids, is_hidden=False),
                group="thread__group", author="author", moment="created_at",
            )
            .filter(
                thread__in=Thread.objects.visible_to(user).shown().filter(posts__pk__in=post_ids)
            )
            .select_related("thread__group", "author__profile")
            .defer("search_vector", "thread__search_vector")
        )
        if post_ids
        else []
    )  # fmt: skip
    for thread in threads:
        thread.score = scores["thread", thread.pk] * (1.5 if thread.accepted_post_id else 1.0)
    for post in replies:
        accepted = post.thread.accepted_post_id == post.pk
        post.score = scores["post", post.pk] * (2.0 if accepted else 1.0)
    threads.sort(key=lambda t: (-t.score, -t.pk))
    replies.sort(key=lambda p: (-p.score, -p.pk))
    return threads[:LIMIT], replies[:LIMIT]


def _matching(rows, q: str, *, filters: Filters, group: str, moment: str):
    """Library items or news posts (already limited to what the reader may see) matching
    `q`, filtered, best and freshest first."""
    rows = text_search(
        filters.apply(rows, group=group, author="author", moment=moment),
        q,
        fields=["title", "summary", "body"],
    )
    return (
        rows.annotate(score=_fresher(F("rank"), moment))
        .defer("search_vector")
        .order_by("-score", "-pk")
    )


def search_all(*, user: User, q: str, filters: Filters = NO_FILTERS) -> dict[str, list]:
    """What `user` may see that matches `q`, best first, up to LIMIT per kind (the
    page shows a few of each, a kind's tab up to 30, and the tabs their number). With
    filters, content only (people and groups have no author or date)."""
    threads, replies = _threads_and_replies(user=user, q=q, filters=filters)
    library = _matching(
        item_list(user=user), q, filters=filters, group="group", moment="published_at"
    )
    news = _matching(
        news_list(user=user), q, filters=filters, group="audience", moment="publish_at"
    )
    return {
        "people": [] if filters.active else list(people.person_list(viewer=user, q=q)[:LIMIT]),
        "groups": []
        if filters.active
        else list(
            group_selectors.group_list(user=user, archived=True)
            .prefetch_related(None)  # the results show no topics
            .filter(Q(name__icontains=q) | Q(description__icontains=q))[:LIMIT]
        ),
        "threads": threads,
        "replies": replies,
        "library": list(library[:LIMIT]),
        "news": list(news[:LIMIT]),
    }
