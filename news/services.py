"""Writes on news posts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from groups.models import Group
from news.models import NewsPost
from profiles.models import User
from socialearn.lib.markdown import render_markdown
from socialearn.lib.text import slug_for


def _unique_slug(title: str) -> str:
    base = slug_for(title, max_length=90, fallback="news")
    slug, n = base, 2
    while NewsPost.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def news_publish(
    *,
    author: User,
    title: str,
    body: str,
    summary: str = "",
    category: str = NewsPost.Category.COMPANY,
    audience: Group | None = None,
    publish_at: datetime.datetime | None = None,
    pinned_until: datetime.datetime | None = None,
) -> NewsPost:
    """Publish now, or schedule for publish_at (the post appears at that time by itself)."""
    publish_at = publish_at or timezone.now()
    status = NewsPost.Status.SCHEDULED if publish_at > timezone.now() else NewsPost.Status.PUBLISHED
    return NewsPost.objects.create(
        author=author,
        title=title.strip(),
        slug=_unique_slug(title),
        summary=summary.strip(),
        body=body,
        body_html=render_markdown(body),
        category=category,
        audience=audience,
        status=status,
        publish_at=publish_at,
        pinned_until=pinned_until,
    )
