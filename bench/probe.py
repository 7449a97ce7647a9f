"""The benchmark's pages and their SQL query counts, found inside Django.

bench/run calls ``main()`` through ``manage.py shell`` against the bench database: it picks
the pages to load (an open group with many threads, a thread with a full page of replies,
a search for a common word), lists the bench people who can sign in, and counts the
queries each page runs (and times it alone) for a signed-in person with Django's test
client. The answer is one JSON line after ``MARKER`` on stdout.
"""

from __future__ import annotations

import datetime
import json
import os
import time
from typing import Any
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discussions.models import Thread
from groups.models import Group
from profiles.models import User
from socialearn.feed import KINDS, Cursor
from socialearn.management.commands.seed_bench import bench_email

MARKER = "BENCH_PROBE "
TIMED_RUNS = 3


class ProbeError(Exception):
    pass


def pick_pages(*, query: str) -> list[dict[str, Any]]:
    """floor, home, the open group with the most threads, a thread with one full page of
    replies (PAGE_SIZE, or the nearest above), the library, the news, people, and a search
    for ``query``."""
    open_groups = Group.objects.filter(visibility=Group.Visibility.OPEN, archived_at__isnull=True)
    group = open_groups.annotate(n=Count("threads")).order_by("-n", "pk").first()
    if group is None:
        raise ProbeError("no open group in this database")
    threads = Thread.objects.filter(group__in=open_groups)
    page_size = settings.PAGE_SIZE
    thread = (
        threads.filter(reply_count=page_size).order_by("pk").first()
        or threads.filter(reply_count__gt=page_size).order_by("reply_count", "pk").first()
        or threads.order_by("-reply_count", "pk").first()
    )
    if thread is None:
        raise ProbeError("no thread in an open group in this database")
    busiest = (
        User.objects.filter(is_active=True).annotate(n=Count("posts")).order_by("-n", "pk").first()
    )
    # The feed's cursor is a place in time: the same for every bench person.
    week_ago = Cursor(at=timezone.now() - datetime.timedelta(days=7), rank=len(KINDS) - 1, pk=2**62)
    return [
        {"name": "floor", "path": reverse("bench-floor"), "about": "bare view, same middleware"},
        {"name": "home", "path": reverse("home"), "about": "the signed-in person's home"},
        {
            "name": "group",
            "path": group.get_absolute_url(),
            "about": f"{group.name}: {group.n} threads",
        },
        {
            "name": "thread",
            "path": thread.get_absolute_url(),
            "about": f"{thread.reply_count} replies, first page",
        },
        {
            "name": "feed-more",
            "path": f"{reverse('feed')}?{urlencode({'before': str(week_ago)})}",
            "about": "the home feed's Load more, a week back",
        },
        {
            "name": "discover",
            "path": reverse("suggestions"),
            "about": "people, groups and reading suggested to the reader",
        },
        {"name": "groups", "path": reverse("groups:directory"), "about": "first page, by name"},
        {
            "name": "suggested",
            "path": f"{reverse('groups:directory')}?tab=suggested",
            "about": "groups suggested for the reader",
        },
        {"name": "library", "path": reverse("content:library"), "about": "first page, newest"},
        {"name": "news", "path": reverse("news:list"), "about": "first page, pinned first"},
        {"name": "people", "path": reverse("profiles:directory"), "about": "first page"},
        {
            "name": "experts",
            "path": f"{reverse('profiles:directory')}?{urlencode({'skill': 'Python'})}",
            "about": "who knows Python, ranked by evidence",
        },
        {
            "name": "profile",
            "path": busiest.get_absolute_url(),
            "about": "the person with the most replies",
        },
        {
            "name": "search",
            "path": f"{reverse('search')}?{urlencode({'q': query})}",
            "about": f"q={query}",
        },
    ]


def bench_people(*, wanted: int) -> list[str]:
    """Emails of bench people 1..wanted whose address is verified (they can sign in)."""
    emails = [bench_email(n) for n in range(1, wanted + 1)]
    verified = set(
        EmailAddress.objects.filter(email__in=emails, verified=True).values_list("email", flat=True)
    )
    return [email for email in emails if email in verified]


def count_queries(*, paths: list[str], email: str) -> dict[str, dict[str, Any]]:
    """Status, SQL and time of each page for a signed-in person, one request at a time.

    The first request of a process fills its caches and is not counted; the time is the
    median of three requests (``sql_ms`` is the part spent waiting for the database).
    """
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(User.objects.get(email=email))
    counts: dict[str, dict[str, Any]] = {}
    for path in paths:
        client.get(path)
        runs = []
        for _ in range(TIMED_RUNS):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
            sql_time = sum(float(q["time"]) for q in ctx.captured_queries)
            runs.append((elapsed, sql_time, response.status_code, ctx.captured_queries))
        elapsed, sql_time, status, queries = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
        counts[path] = {
            "status": status,
            "queries": len(queries),
            "server_ms": round(elapsed * 1000, 1),
            "sql_ms": round(sql_time * 1000, 1),
            "sql": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"]} for q in queries],
        }
    return counts


def probe(*, query: str, users: int) -> dict[str, Any]:
    people = bench_people(wanted=users)
    if not people:
        raise ProbeError(f"{bench_email(1)} does not exist or is not verified")
    pages = pick_pages(query=query)
    counts = count_queries(paths=[page["path"] for page in pages], email=people[0])
    for page in pages:
        page |= counts[page["path"]]
    return {"people": people, "pages": pages}


def main() -> None:
    query = os.environ.get("BENCH_QUERY", "learning")
    users = int(os.environ.get("BENCH_USERS", "8"))
    try:
        result = probe(query=query, users=users)
    except ProbeError as exc:
        result = {"error": str(exc)}
    print(MARKER + json.dumps(result))
