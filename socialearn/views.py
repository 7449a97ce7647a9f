"""Site-wide pages that compose the apps: home, a group's home, a person, search, health."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from content.selectors import item_list
from discussions.selectors import thread_list_for_group, thread_list_recent
from groups import selectors as group_selectors
from news.selectors import news_list
from profiles.selectors import person_get, person_list
from socialearn.celery import app as celery_app

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    my_groups = list(group_selectors.user_group_list(user=user)[:12])
    threads = thread_list_recent(user=user)
    if my_groups:
        threads = threads.filter(group__in=[g.pk for g in my_groups])
    context = {
        "my_groups": my_groups,
        "threads": threads[:15],
        "news": news_list(user=user)[:4],
        "library": item_list(user=user)[:4],
    }
    if not my_groups:
        context["popular_groups"] = group_selectors.popular_open_groups(user=user)[:6]
    return render(request, "socialearn/home.html", context)


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = group_selectors.group_access(user=request.user, slug=slug)
    group, membership, readable = access.group, access.membership, access.readable
    context = {"group": group, "membership": membership, "readable": readable}
    if readable:
        context |= {
            "threads": thread_list_for_group(group=group)[:10],
            "library": item_list(user=request.user, group=group)[:5],
            "news": news_list(user=request.user).filter(audience=group)[:3],
            "moderators": group_selectors.member_list(group=group).filter(
                role__in=["owner", "moderator"]
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
