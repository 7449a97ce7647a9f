"""Reads on news. Readers' lists go through NewsPost.objects.visible_to(); the desk's
through news.permissions."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from news.models import NewsPost, NewsReaction, NewsRead
from news.permissions import NewsDesk
from news.tasks import audience_of
from profiles.models import User
from socialearn.lib.models import SubqueryCount


def _with_my_reads(posts: QuerySet[NewsPost], user: User) -> QuerySet[NewsPost]:
    mine = NewsRead.objects.filter(post=OuterRef("pk"), user=user)
    return posts.annotate(
        is_read=Exists(mine),
        is_confirmed=Exists(mine.filter(confirmed_at__isnull=False)),
    )


def news_list(*, user: User) -> QuerySet[NewsPost]:
    """What the reader may read, pinned first, each marked read or not."""
    return _with_my_reads(
        NewsPost.objects.visible_to(user).select_related("author__profile", "audience"), user
    ).pinned_first()


def home_news(*, user: User) -> QuerySet[NewsPost]:
    """The home page's news: must-read posts the reader has not confirmed first (they stay
    there until confirmed), then pinned ones, then the latest. `needs_confirm` marks the
    first kind."""
    now = timezone.now()
    return (
        _with_my_reads(NewsPost.objects.visible_to(user).select_related("audience"), user)
        .annotate(
            needs_confirm=Case(
                When(Q(is_must_read=True) & Q(is_confirmed=False), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .alias(
            pinned=Case(When(pinned_until__gt=now, then=Value(1)), default=Value(0)),
        )
        .order_by("-needs_confirm", "-pinned", "-publish_at", "-pk")
    )


def _with_reactions(posts: QuerySet[NewsPost], user: User) -> QuerySet[NewsPost]:
    counts = {
        f"n_{kind}": Count("reactions", filter=Q(reactions__kind=kind), distinct=True)
        for kind, _label in NewsReaction.KINDS
    }
    mine = {
        f"my_{kind}": Exists(NewsReaction.objects.filter(post=OuterRef("pk"), user=user, kind=kind))
        for kind, _label in NewsReaction.KINDS
    }
    return posts.annotate(**counts, **mine)


def news_get_for_user(*, user: User, slug: str) -> NewsPost:
    """A post the reader may read (404 otherwise), with reactions and their read state."""
    posts = (
        NewsPost.objects.visible_to(user)
        .select_related("author__profile", "audience")
        .prefetch_related(Prefetch("co_authors", User.objects.select_related("profile")))
    )
    try:
        return _with_reactions(_with_my_reads(posts, user), user).get(slug=slug)
    except NewsPost.DoesNotExist:
        raise Http404 from None


def news_get_for_desk(*, desk: NewsDesk, slug: str) -> NewsPost:
    """Any post the person may edit, whatever its status (drafts included); 404 else."""
    post = (
        NewsPost.objects.select_related("author__profile", "audience")
        .prefetch_related(Prefetch("co_authors", User.objects.select_related("profile")))
        .filter(slug=slug)
        .first()
    )
    if post is None or not desk.may_edit(post):
        raise Http404
    return post


def desk_list(*, desk: NewsDesk) -> QuerySet[NewsPost]:
    """The desk: every post the person may edit, drafts and scheduled first, with reach."""
    posts = NewsPost.objects.all()
    if not desk.change:
        posts = posts.filter(audience_id__in=desk.moderated)
    return (
        posts.select_related("author__profile", "audience")
        .annotate(
            opened=SubqueryCount(NewsRead.objects.filter(post=OuterRef("pk"))),
            confirmed=SubqueryCount(
                NewsRead.objects.filter(post=OuterRef("pk"), confirmed_at__isnull=False)
            ),
        )
        .order_by("-publish_at", "-pk")
    )


def related_posts(*, post: NewsPost, user: User, limit: int = 3) -> list[NewsPost]:
    return list(
        NewsPost.objects.visible_to(user)
        .filter(category=post.category)
        .exclude(pk=post.pk)
        .order_by("-publish_at", "-pk")[:limit]
    )


def reach(*, post: NewsPost) -> dict[str, int]:
    """How far a post went: its audience, how many of them opened it on the site, and
    (must-read) how many confirmed. Three counts, whatever the audience's size."""
    audience = audience_of(post)
    reads = NewsRead.objects.filter(post=post, user__in=audience)
    return {
        "audience": audience.count(),
        "opened": reads.count(),
        "confirmed": reads.filter(confirmed_at__isnull=False).count(),
    }


def unconfirmed(*, post: NewsPost) -> QuerySet[User]:
    """The audience who have not confirmed a must-read post yet, by name."""
    confirmed = NewsRead.objects.filter(post=post, user=OuterRef("pk"), confirmed_at__isnull=False)
    return (
        audience_of(post)
        .exclude(Exists(confirmed))
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )
