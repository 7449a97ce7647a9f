"""Reads on news; every one goes through NewsPost.objects.visible_to()."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from news.models import NewsPost
from profiles.models import User


def news_get_for_user(*, user: User, slug: str) -> NewsPost:
    try:
        return (
            NewsPost.objects.visible_to(user)
            .select_related("author__profile", "audience")
            .get(slug=slug)
        )
    except NewsPost.DoesNotExist:
        raise Http404 from None


def news_list(*, user: User) -> QuerySet[NewsPost]:
    return (
        NewsPost.objects.visible_to(user)
        .select_related("author__profile", "audience")
        .pinned_first()
    )
