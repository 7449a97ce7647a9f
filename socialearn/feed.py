"""The home feed: what is new in the reader's groups and from the people they follow (new
threads and questions, replies and answers, library items, news) as one list, newest first,
a page at a time.

Four indexed queries, one per kind, each asking for the next `size + 1` rows after the
cursor, merged here. No fan-out table: every query applies the site's visibility rules as
it runs, so nothing has to be kept in step when a post is hidden, a thread moved, a group
made private, a news post unpublished or someone leaves a group. docs/architecture.md
("Home feed") has the measurements behind that choice.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from content.models import LibraryItem
from discussions.models import Post, Thread
from discussions.selectors import with_about_rules
from groups.models import Group
from news.models import NewsPost
from profiles.models import Follow, User

# A kind's rank breaks ties between rows of the same instant: the order is (time, rank,
# id), all descending, and the cursor names the last row shown in those three values.
KINDS = ("reply", "thread", "item", "news")
RANK = {kind: rank for rank, kind in enumerate(KINDS)}
PAGE_SIZE = 15
SQL_SECONDS = 60  # the compiled feed query is kept this long (see _compiled)
CURSOR_PART = re.compile(r"[0-9]{1,20}")  # ASCII digits only ("²".isdigit() is true)


@dataclass(frozen=True)
class Cursor:
    at: datetime.datetime
    rank: int
    pk: int

    def __str__(self) -> str:
        micros = round(self.at.timestamp() * 1_000_000)
        return f"{micros}.{self.rank}.{self.pk}"

    @classmethod
    def parse(cls, text: str) -> Cursor | None:
        """The cursor in a "load more" link; None for anything else (the first page)."""
        parts = (text or "").split(".")
        if len(parts) != 3 or not all(CURSOR_PART.fullmatch(p) for p in parts):
            return None
        micros, rank, pk = (int(p) for p in parts)
        if rank >= len(KINDS):
            return None
        try:
            at = datetime.datetime.fromtimestamp(micros / 1_000_000, tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return cls(at=at, rank=rank, pk=pk)

    def after(self, kind: str, time_field: str) -> Q:
        """The rows of `kind` that come after this cursor in the feed's order."""
        rank = RANK[kind]
        if rank < self.rank:
            return Q(**{f"{time_field}__lte": self.at})
        if rank > self.rank:
            return Q(**{f"{time_field}__lt": self.at})
        return Q(**{f"{time_field}__lt": self.at}) | Q(**{time_field: self.at, "pk__lt": self.pk})


@dataclass
class Entry:
    kind: str
    at: datetime.datetime
    pk: int
    updated_at: datetime.datetime
    thread_id: int | None = None  # a reply's thread
    obj: Thread | Post | LibraryItem | NewsPost | None = None
    more: int = 0  # further replies in the same thread on this page

    @property
    def key(self) -> tuple[datetime.datetime, int, int]:
        return (self.at, RANK[self.kind], self.pk)


@dataclass
class FeedPage:
    """A page of the feed: which rows, known from narrow queries (`state`, the cache key
    of the rendered page), and the rows themselves, loaded only when `entries` is read."""

    rows: list[Entry]
    next_cursor: Cursor | None
    loaders: dict[str, QuerySet] = field(repr=False, default_factory=dict)

    @property
    def state(self) -> list:
        return [(e.kind, e.pk, e.updated_at, e.more) for e in self.rows]

    @cached_property
    def entries(self) -> list[Entry]:
        """The rows with their objects: one query per kind on the page."""
        wanted: dict[str, list[int]] = {}
        for entry in self.rows:
            wanted.setdefault(entry.kind, []).append(entry.pk)
        loaded = {kind: self.loaders[kind].in_bulk(pks) for kind, pks in wanted.items()}
        for entry in self.rows:
            entry.obj = loaded[entry.kind].get(entry.pk)
        return [entry for entry in self.rows if entry.obj is not None]


def _sources(user: User, group_ids: list[int]) -> dict[str, tuple[QuerySet, str]]:
    """Per kind: the rows the reader may see that belong in their feed, and the column
    that dates them. "Mine" are the reader's groups (membership says they may read them);
    people they follow count in open groups only (a guest follows nobody into the feed)."""
    followed = Follow.objects.filter(follower=user).values("followed_id")
    follow_open = not user.is_guest
    open_groups = Group.objects.filter(visibility=Group.Visibility.OPEN).values("pk")

    def where(group: str) -> Q:
        mine = Q(**{f"{group}_id__in": group_ids})
        if not follow_open:
            return mine
        return mine | Q(author__in=followed) & Q(**{f"{group}__in": open_groups})

    # Threads and replies of the reader's own groups (membership is the right to read
    # them) or of open groups: the same rules as Thread.objects.visible_to(), written so
    # the planner keeps the index-only plan (visible_to's own subqueries cost ten times
    # more here: 4 ms against 40 on the bench data). Tests hold the two in step.
    shown = with_about_rules(Thread.objects.filter(is_hidden=False), user=user)
    # Someone in no group yet sees the new conversations of the open groups.
    if group_ids or not follow_open:
        threads = shown.filter(where("group"))
    else:
        threads = shown.filter(group__in=open_groups)
    # Replies are found through their threads' ids (a hashed set for the database, read
    # while it walks the replies newest first): joining the two tables under this OR
    # makes PostgreSQL compare every reply with every thread.
    in_threads = Q(thread__in=shown.filter(group_id__in=group_ids).values("pk"))
    if follow_open:
        in_threads |= Q(author__in=followed) & Q(
            thread__in=shown.filter(group__in=open_groups).values("pk")
        )
    replies = Post.objects.filter(in_threads, is_hidden=False)
    # Site-wide items (the learning team's) are everyone's news, guests' excepted.
    items = (
        LibraryItem.objects.visible_to(user)
        .published()
        .filter(where("group") | (Q(group__isnull=True) if follow_open else Q()))
    )
    news = NewsPost.objects.visible_to(user)
    return {
        "reply": (replies, "created_at"),
        "thread": (threads, "created_at"),
        "item": (items, "published_at"),
        "news": (news, "publish_at"),
    }


def _loaders() -> dict[str, QuerySet]:
    """Per kind, how a page's rows are loaded for display (by id: the rows were chosen
    with the visibility rules a moment before, in the same request)."""
    return {
        "reply": Post.objects.select_related("thread__group", "author__profile").defer(
            "search_vector", "body", "thread__search_vector", "thread__body"
        ),
        "thread": Thread.objects.select_related("group", "author__profile").defer(
            "search_vector", "body"
        ),
        "item": LibraryItem.objects.select_related("group", "author__profile").defer(
            "search_vector", "body", "body_html"
        ),
        "news": NewsPost.objects.select_related("author__profile", "audience").defer(
            "search_vector", "body", "body_html"
        ),
    }


def feed_page(
    *, user: User, group_ids: Iterable[int], cursor: Cursor | None = None, size: int = PAGE_SIZE
) -> FeedPage:
    """One page of the reader's feed after `cursor` (from the top without one): one
    query for which rows (each kind's next `size + 1`, together), and one per kind on the
    page when its entries are read, whatever the page size or the number of groups."""
    group_ids = sorted(group_ids)
    sql, params = _compiled(user, group_ids, cursor, size)
    rows = []
    if sql:
        with connections[DEFAULT_DB_ALIAS].cursor() as db:
            db.execute(sql, params)
            rows = [
                Entry(KINDS[rank], _aware(at), pk, _aware(updated), thread)
                for rank, pk, at, updated, thread in db.fetchall()
            ]
    rows.sort(key=lambda entry: entry.key, reverse=True)
    page, rest = rows[:size], rows[size:]
    return FeedPage(
        rows=_replies_together(page),
        next_cursor=Cursor(*page[-1].key) if rest else None,
        loaders=_loaders(),
    )


def _compiled(user: User, group_ids: list[int], cursor: Cursor | None, size: int):
    """The feed's SQL and parameters for this reader, their groups and this cursor.

    Kept a minute: building four querysets with their visibility rules and compiling
    them costs more than running them. The SQL is run anew every time, so hidden posts,
    moved threads, follows and changes of a group's visibility show at once; what is
    frozen for that minute is "now" in the rule that a news post is out once its
    publication time has come (a post scheduled for 10:00 enters the feed by 10:01; the
    news box and the news pages have it at 10:00)."""
    # The minute is in the key: a compiled query never outlives the minute it was made in.
    minute = int(time.time() // SQL_SECONDS)
    state = repr((user.pk, user.is_guest, group_ids, str(cursor or ""), size, minute))
    key = "feed:sql:" + hashlib.blake2b(state.encode(), digest_size=16).hexdigest()
    compiled = cache.get(key)
    if compiled is None:
        parts = []
        for kind, (rows_of_kind, time_field) in _sources(user, group_ids).items():
            if cursor is not None:
                rows_of_kind = rows_of_kind.filter(cursor.after(kind, time_field))
            extra = "thread_id" if kind == "reply" else "pk"
            parts.append(
                rows_of_kind.annotate(feed_rank=Value(RANK[kind]))
                .order_by(f"-{time_field}", "-pk")
                .values_list("feed_rank", "pk", time_field, "updated_at", extra)[: size + 1]
            )
        compiled = _union_all(parts)
        cache.set(key, compiled, SQL_SECONDS)
    return compiled


def _union_all(querysets: list[QuerySet]) -> tuple[str, list]:
    """One query for the rows of several sliced, ordered querysets. Each stays a subquery
    of its own (`SELECT * FROM (…)`): SQLite allows no ORDER BY or LIMIT in the arms of
    a compound query otherwise, and Django's union() refuses them there. No SQL when
    every kind is empty for this reader."""
    sql, params = [], []
    for n, queryset in enumerate(querysets):
        try:
            part_sql, part_params = queryset.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:  # a kind that can hold nothing for this reader
            continue
        # The SQL is Django's own, its values stay parameters.
        sql.append(f"SELECT * FROM ({part_sql}) AS feed_{n}")  # noqa: S608
        params.extend(part_params)
    return " UNION ALL ".join(sql), params


def _aware(value) -> datetime.datetime:
    """A raw query's timestamp as an aware datetime (SQLite gives text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _replies_together(entries: list[Entry]) -> list[Entry]:
    """Replies to one thread on the same page become one entry (the newest, with the
    number of the others): a lively thread does not fill the page."""
    shown: list[Entry] = []
    by_thread: dict[int, Entry] = {}
    for entry in entries:
        if entry.kind == "reply":
            first = by_thread.get(entry.thread_id)
            if first is not None:
                first.more += 1
                continue
            by_thread[entry.thread_id] = entry
        shown.append(entry)
    return shown
