from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from socialearn.lib.models import TimeStampedModel


class NewsPostQuerySet(models.QuerySet):
    def published(self) -> NewsPostQuerySet:
        """Published, or scheduled and due: a post appears at its minute with nobody acting."""
        return self.filter(
            status__in=[NewsPost.Status.SCHEDULED, NewsPost.Status.PUBLISHED],
            publish_at__lte=timezone.now(),
        )

    def visible_to(self, user) -> NewsPostQuerySet:
        """Published posts for everyone, or for the readers of their audience group."""
        if not user.is_authenticated:
            return self.none()
        in_my_groups = Q(audience__in=Group.objects.readable_by(user))
        if user.is_guest:  # External guests read only what is addressed to their groups.
            return self.published().filter(in_my_groups)
        return self.published().filter(Q(audience__isnull=True) | in_my_groups)

    def pinned_first(self) -> NewsPostQuerySet:
        now = timezone.now()
        return self.alias(
            pinned=models.Case(
                models.When(pinned_until__gt=now, then=models.Value(1)),
                default=models.Value(0),
            )
        ).order_by("-pinned", "-publish_at", "-pk")


class NewsPost(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    class Category(models.TextChoices):
        COMPANY = "company", _("Company")
        LEARNING = "learning", _("Learning")
        EVENTS = "events", _("Events")
        WINS = "wins", _("Wins")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown is supported."))
    body_html = models.TextField(editable=False)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.COMPANY
    )
    audience = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news_posts",
        help_text=_("Leave empty for everyone."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="news_posts"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(_("publish at"), default=timezone.now)
    pinned_until = models.DateTimeField(_("pinned until"), null=True, blank=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        indexes = [
            # /news/ and the home page: published posts, newest first.
            models.Index(fields=["status", "-publish_at"], name="news_status_publish_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def is_pinned(self) -> bool:
        return self.pinned_until is not None and self.pinned_until > timezone.now()

    @property
    def reading_minutes(self) -> int:
        return max(1, round(len(self.body.split()) / 220))
