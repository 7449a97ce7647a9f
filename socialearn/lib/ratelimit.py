"""A small rate limiter for write actions, counted in the cache (shared through Redis in
production). allauth limits sign-in and sign-up itself; this covers posting, replying,
reacting and joining, so a script or a stuck key cannot flood a group."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

RATES: dict[str, tuple[int, int]] = {
    # action: (how many, per seconds)
    "post": (10, 60),
    "react": (60, 60),
    "preview": (60, 60),
    "join": (30, 60),
    "profile": (10, 60),
    "unsubscribe": (20, 60),  # one-click unsubscribe, per person named by a valid link
    # Administrators' password sign-in in SSO-only mode (sso.views), per address.
    "break_glass": (10, 600),
}


def allow(*, action: str, key: str) -> bool:
    """Count one hit of action by key; False once the window's budget is spent."""
    limit, period = RATES[action]
    window = int(time.time() // period)
    cache_key = f"ratelimit:{action}:{key}:{window}"
    # add() is atomic: the first hit of a window creates the counter, the others incr it.
    if cache.add(cache_key, 1, timeout=period + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # Expired between add() and incr(): a new window has begun.
        cache.add(cache_key, 1, timeout=period + 1)
        return True
    # None: the cache is down (its errors are ignored); the limit lets everyone through
    # rather than nobody.
    return count is None or count <= limit


def too_many(request: HttpRequest, action: str) -> HttpResponse:
    """The 429 page: when to try again, and the text being written, not lost."""
    retry_after = RATES[action][1]
    context = {"retry_after": retry_after, "draft": request.POST.get("body", "")}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(action: str) -> Callable:
    """View decorator: POSTs beyond the rate get a 429 page saying when to try again."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST" and not allow(
                action=action, key=str(request.user.pk or request.META.get("REMOTE_ADDR"))
            ):
                return too_many(request, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
