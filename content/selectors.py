"""Reads on the library; every one goes through LibraryItem.objects.visible_to()."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.http import Http404
from django.utils import timezone

from content.models import Bookmark, ItemCorrection, LibraryItem, Provider, Rating
from groups.models import Group, Membership
from profiles.models import Topic, User, normalize_topic

# "Best rated" ranks by a Bayesian average: every item starts with BAYES_WEIGHT ratings
# at the site's mean, so one five-star vote cannot top a list that 40 votes averaging
# 4.6 lead. The mean is cached (it moves slowly and is the same for everyone).
BAYES_WEIGHT = 5
MEAN_CACHE_KEY = "library:rating-mean"
DEFAULT_MEAN = 3.0
SORTS = ("newest", "rated", "viewed")


def rating_mean() -> float:
    def compute() -> float:
        totals = LibraryItem.objects.aggregate(n=Sum("rating_count"), s=Sum("rating_sum"))
        return totals["s"] / totals["n"] if totals["n"] else DEFAULT_MEAN

    return cache.get_or_set(MEAN_CACHE_KEY, compute, 600)


def with_bayes(items: QuerySet[LibraryItem]) -> QuerySet[LibraryItem]:
    mean = rating_mean()
    return items.annotate(
        bayes=ExpressionWrapper(
            (Value(BAYES_WEIGHT * mean) + F("rating_sum"))
            / (Value(float(BAYES_WEIGHT)) + F("rating_count")),
            output_field=FloatField(),
        )
    )


def item_get_for_user(*, user: User, item_id: int) -> LibraryItem:
    """The item if the user may see it, else 404, with `my_stars`, `my_comment` and
    `saved` for this reader."""
    mine = Rating.objects.filter(item=OuterRef("pk"), user=user)
    try:
        return (
            LibraryItem.objects.visible_to(user)
            .published()
            .select_related("group", "author__profile", "feed__provider")
            .prefetch_related("topics")
            .annotate(
                my_stars=Subquery(mine.values("stars")[:1]),
                my_comment=Subquery(mine.values("comment")[:1]),
                saved=Exists(Bookmark.objects.filter(item=OuterRef("pk"), user=user)),
            )
            .get(pk=item_id)
        )
    except LibraryItem.DoesNotExist:
        raise Http404 from None


def item_list(
    *,
    user: User,
    group: Group | None = None,
    kind: str = "",
    topic: str = "",
    level: str = "",
    provider: str = "",
    sort: str = "newest",
) -> QuerySet[LibraryItem]:
    """Items the user may see, filtered and sorted (newest, best rated by Bayesian
    average, most viewed)."""
    items = LibraryItem.objects.visible_to(user).published()
    if group is not None:
        items = items.filter(group=group)
    if kind in LibraryItem.Kind.values:
        items = items.filter(kind=kind)
    if level in LibraryItem.Level.values:
        items = items.filter(level=level)
    if provider:
        items = items.filter(provider=provider)
    if topic:
        items = items.filter(topics__key=normalize_topic(topic))
    items = items.select_related("group", "author__profile")
    if sort == "rated":
        return with_bayes(items).order_by("-bayes", "-rating_count", "-published_at", "-pk")
    if sort == "viewed":
        return items.order_by("-view_count", "-published_at", "-pk")
    return items.order_by("-published_at", "-pk")


def featured_list(*, user: User) -> QuerySet[LibraryItem]:
    return (
        LibraryItem.objects.visible_to(user)
        .published()
        .filter(is_featured=True)
        .select_related("group", "author__profile")
        .order_by("-published_at", "-pk")
    )


def partner_list(*, user: User, limit: int = 12) -> list[Provider]:
    """The learning partners whose items the reader may see, for the library's strip:
    those with a logo first."""
    seen = LibraryItem.objects.visible_to(user).published().filter(feed__provider=OuterRef("pk"))
    no_logo = ExpressionWrapper(Q(logo=""), output_field=BooleanField())
    return list(Provider.objects.filter(Exists(seen)).order_by(no_logo, "name")[:limit])


def related_items(*, item: LibraryItem, user: User, limit: int = 4) -> list[LibraryItem]:
    """Other items the reader may see that share a topic with this one, best rated first."""
    topic_ids = [t.pk for t in item.topics.all()]
    if not topic_ids:
        return []
    related = (
        LibraryItem.objects.visible_to(user)
        .published()
        .filter(topics__in=topic_ids)
        .exclude(pk=item.pk)
        .distinct()
    )
    return list(with_bayes(related).order_by("-bayes", "-published_at", "-pk")[:limit])


def recent_comments(*, item: LibraryItem, limit: int = 10) -> list[Rating]:
    return list(
        Rating.objects.filter(item=item)
        .exclude(comment="")
        .select_related("user__profile")
        .order_by("-updated_at", "-pk")[:limit]
    )


def provider_choices(*, user: User) -> list[str]:
    """Providers of the items the user may see (never a private group's)."""
    return list(
        LibraryItem.objects.visible_to(user)
        .published()
        .exclude(provider="")
        .order_by("provider")
        .values_list("provider", flat=True)
        .distinct()
    )


def topic_choices(*, user: User, limit: int = 20) -> list[Topic]:
    """Topics most used on the items the user may see (for the library's filter)."""
    visible = LibraryItem.objects.visible_to(user).published().values("pk")
    return list(
        Topic.objects.filter(library_items__in=visible)
        .annotate(n=Count("library_items"))
        .order_by("-n", "name")[:limit]
    )


def saved_items(*, user: User) -> QuerySet[LibraryItem]:
    """The items the user saved and may still see, most recently saved first."""
    saved = Bookmark.objects.filter(user=user, item=OuterRef("pk")).values("created_at")[:1]
    return (
        LibraryItem.objects.visible_to(user)
        .published()
        .filter(bookmarks__user=user)
        .annotate(saved_at=Subquery(saved))
        .select_related("group", "author__profile")
        .order_by("-saved_at", "-pk")
    )


def review_queue(*, user: User) -> QuerySet[LibraryItem]:
    """Items the user shared, or in groups they moderate, that are past their review-by
    date or reported broken: oldest due first, reported ones first of all."""
    moderated = Membership.objects.filter(
        user=user, role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
    ).values("group")
    mine = Q(author=user) | Q(group__in=moderated)
    if user.is_staff:
        # Site-wide items nobody owns (imported from partners' feeds): the learning team.
        mine |= Q(author__isnull=True, group__isnull=True)
    due = Q(review_by__lt=timezone.localdate()) | Q(broken_reported_at__isnull=False)
    return (
        LibraryItem.objects.visible_to(user)
        .published()
        .filter(mine, due)
        .select_related("group", "author__profile", "broken_reported_by__profile")
        .order_by(F("broken_reported_at").desc(nulls_last=True), "review_by", "pk")
    )


def pending_item_corrections(*, item: LibraryItem, limit: int = 10) -> list[ItemCorrection]:
    """An article's suggested corrections waiting for review, oldest first (the caller
    has checked that the reader reviews the item)."""
    if item.kind != LibraryItem.Kind.ARTICLE:
        return []
    pending = item.corrections.filter(status=ItemCorrection.Status.PENDING)
    return list(pending.order_by("created_at", "pk")[:limit])
