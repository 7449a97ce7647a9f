"""Search across the site: people, groups, threads, replies, library items and news,
each through its app's visibility rules (visible_to), matched and ranked by
socialearn.lib.search (PostgreSQL full text; a substring fallback elsewhere)."""

from __future__ import annotations

import time

from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, Value, When

from content.selectors import item_list
from discussions.models import Post
from discussions.selectors import thread_list_recent
from groups import selectors as group_selectors
from news.selectors import news_list
from profiles import selectors as people
from profiles.models import User
from socialearn.lib.models import EpochSeconds
from socialearn.lib.search import text_search

LIMIT = 10
YEAR = 365 * 86400.0


def _fresher(rank, moment: str):
    """A rank that favours recent items: halved after a year, a third after two."""
    age = (Value(time.time()) - EpochSeconds(moment)) / Value(YEAR)
    return ExpressionWrapper(rank / (Value(1.0) + age), output_field=FloatField())


def search_all(*, user: User, q: str) -> dict[str, list]:
    """What `user` may see that matches `q`, best first, LIMIT per kind."""
    threads = text_search(thread_list_recent(user=user), q, fields=["title", "body"])
    # An accepted answer counts: a question with one ranks above one without.
    answered = Case(When(accepted_post__isnull=False, then=Value(1.5)), default=Value(1.0))
    threads = threads.annotate(score=_fresher(F("rank") * answered, "last_activity_at")).order_by(
        "-score", "-pk"
    )
    replies = text_search(
        Post.objects.visible_to(user).filter(is_hidden=False, thread__is_hidden=False),
        q,
        fields=["body"],
    )
    accepted = Case(When(thread__accepted_post=F("pk"), then=Value(2.0)), default=Value(1.0))
    replies = (
        replies.annotate(score=_fresher(F("rank") * accepted, "created_at"))
        .select_related("thread__group", "author__profile")
        .order_by("-score", "-pk")
    )
    library = text_search(item_list(user=user), q, fields=["title", "summary", "body"])
    library = library.annotate(score=_fresher(F("rank"), "published_at")).order_by("-score", "-pk")
    news = text_search(news_list(user=user), q, fields=["title", "summary", "body"])
    news = news.annotate(score=_fresher(F("rank"), "publish_at")).order_by("-score", "-pk")
    return {
        "people": list(people.person_list(viewer=user, q=q)[:LIMIT]),
        "groups": list(
            group_selectors.group_list(user=user, archived=True).filter(
                Q(name__icontains=q) | Q(description__icontains=q)
            )[:LIMIT]
        ),
        "threads": list(threads[:LIMIT]),
        "replies": list(replies[:LIMIT]),
        "library": list(library[:LIMIT]),
        "news": list(news[:LIMIT]),
    }
