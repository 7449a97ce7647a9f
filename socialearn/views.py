"""Site-wide pages that compose the apps: home, a group's home, a person, search, health."""

from __future__ import annotations

import hashlib
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from content.selectors import item_list
from discussions.selectors import (
    thread_list_for_group,
    thread_list_in_groups,
    thread_list_recent,
)
from groups import selectors as group_selectors
from groups.models import Membership
from news.selectors import news_list
from profiles.selectors import person_get, person_list
from socialearn.celery import app as celery_app

log = logging.getLogger(__name__)


FEED_SIZE = 15


def state_key(rows) -> str:
    """A cache key from what a list shows: its rows' ids and change times.

    One narrow query instead of loading and rendering the rows. Lists go through
    visible_to(), so an item that leaves the reader's sight changes the key at once.
    """
    return hashlib.blake2b(repr(list(rows)).encode(), digest_size=12).hexdigest()


def home(request: HttpRequest) -> HttpResponse:
    """Home. Its lists are lazy: the template caches their rendered HTML, so on a cache hit
    the feed's rows and the sidebars are never loaded."""
    user = request.user
    my_groups = list(group_selectors.user_group_list(user=user).only("id", "name", "slug"))
    group_ids = [g.pk for g in my_groups]
    threads = (
        thread_list_in_groups(group_ids=group_ids) if group_ids else thread_list_recent(user=user)
    )[:FEED_SIZE]
    news = news_list(user=user)[:4]
    library = item_list(user=user)[:4]
    context = {
        "my_groups": my_groups[:12],
        "more_groups": max(0, len(my_groups) - 12),
        "threads": threads,
        "feed_key": state_key(threads.values_list("pk", "last_activity_at", "updated_at")),
        "news": news,
        "news_key": state_key(news.values_list("pk", "updated_at")),
        "library": library,
        "library_key": state_key(library.values_list("pk", "updated_at")),
    }
    if not my_groups:
        context["popular_groups"] = group_selectors.popular_open_groups(user=user)[:6]
    return render(request, "socialearn/home.html", context)


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = group_selectors.group_access(user=request.user, slug=slug)
    group, membership, readable = access.group, access.membership, access.readable
    context = {"group": group, "membership": membership, "readable": readable}
    if readable:
        threads = thread_list_for_group(group=group)[:10]
        library = item_list(user=request.user, group=group)[:5]
        news = news_list(user=request.user).filter(audience=group)[:3]
        # Every reader of the group sees the same lists, so their cached HTML is shared
        # between them (never with people who may not read the group: they stop above).
        context |= {
            "threads": threads,
            "feed_key": state_key(threads.values_list("pk", "last_activity_at", "updated_at")),
            "library": library,
            "news": news,
            "aside_key": state_key(
                [*library.values_list("pk", "updated_at"), *news.values_list("pk", "updated_at")]
            ),
            "moderators": group_selectors.member_list(group=group).filter(
                role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
            )[:6],
        }
    return render(request, "socialearn/group_detail.html", context)


def person_detail(request: HttpRequest, handle: str) -> HttpResponse:
    person = person_get(handle=handle)
    groups = group_selectors.user_group_list_visible(person=person, viewer=request.user)
    threads = thread_list_recent(user=request.user).filter(author=person)
    return render(
        request,
        "socialearn/person_detail.html",
        {
            "person": person,
            "profile": person.profile,
            "groups": groups[:24],
            "threads": threads[:10],
            "is_me": person.pk == request.user.pk,
        },
    )


SEARCH_LIMIT = 10


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    results: dict = {}
    if q:
        user = request.user
        results = {
            "people": person_list(q=q)[:SEARCH_LIMIT],
            "groups": group_selectors.group_list(user=user).filter(
                Q(name__icontains=q) | Q(description__icontains=q)
            )[:SEARCH_LIMIT],
            "threads": thread_list_recent(user=user).filter(
                Q(title__icontains=q) | Q(body__icontains=q)
            )[:SEARCH_LIMIT],
            "library": item_list(user=user).filter(
                Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q)
            )[:SEARCH_LIMIT],
            "news": news_list(user=user).filter(
                Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q)
            )[:SEARCH_LIMIT],
        }
        results = {name: list(rows) for name, rows in results.items()}
    return render(
        request,
        "socialearn/search.html",
        {"q": q, "results": results, "found": any(results.values())},
    )


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when every part answers, 503 naming the part that does not."""
    status: dict[str, str] = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception:  # Any failure means "down"; the log keeps the reason.
            log.exception("health check %s failed", name)
            status[name] = "down"
        else:
            status[name] = "ok"
    healthy = all(v == "ok" for v in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": status}, status=200 if healthy else 503
    )
