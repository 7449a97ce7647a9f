from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from socialearn.lib.models import TimeStampedModel


class LibraryItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> LibraryItemQuerySet:
        """Site-wide items for everyone signed in but guests; group items for the group's
        readers."""
        if not user.is_authenticated:
            return self.none()
        in_my_groups = Q(group__in=Group.objects.readable_by(user))
        if user.is_guest:  # External guests see only their groups' libraries.
            return self.filter(in_my_groups)
        return self.filter(Q(group__isnull=True) | in_my_groups)

    def published(self) -> LibraryItemQuerySet:
        return self.filter(published_at__isnull=False)


class LibraryItem(TimeStampedModel):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        LINK = "link", _("Link")
        FILE = "file", _("File")
        VIDEO = "video", _("Video")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_items",
        help_text=_("Leave empty for the site-wide library."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="library_items",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown is supported."))
    body_html = models.TextField(editable=False, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    provider = models.CharField(_("provider"), max_length=120, blank=True)
    level = models.CharField(
        _("level"), max_length=12, choices=Level.choices, default=Level.BEGINNER
    )
    minutes = models.PositiveSmallIntegerField(_("minutes to read or watch"), default=5)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = LibraryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        indexes = [
            # The library pages list newest first, site-wide and per group.
            models.Index(fields=["-published_at"], name="libitem_published_idx"),
            models.Index(fields=["group", "-published_at"], name="libitem_group_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:detail", kwargs={"pk": self.pk, "slug": self.slug})
