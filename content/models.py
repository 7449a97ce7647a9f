from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from discussions.models import private_storage
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


class Provider(TimeStampedModel):
    """A learning partner whose content the library carries (LinkedIn Learning, an
    academy, a publisher), optionally with feeds that bring its new items in."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    site_url = models.URLField(_("site"), blank=True)
    # Re-encoded on upload (content.admin, socialearn.lib.images.logo_image): WebP, at
    # most 320x160, served with the other public uploads.
    logo = models.ImageField(
        _("logo"),
        upload_to="partners/",
        blank=True,
        help_text=_("PNG, JPEG or WebP; shown at most 160 pixels wide."),
    )

    class Meta:
        verbose_name = _("learning partner")
        verbose_name_plural = _("learning partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feed(TimeStampedModel):
    """An RSS or Atom feed of a partner, imported into a library by content.feeds."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(_("feed address"), max_length=500)
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feeds",
        help_text=_("The library its items go to; empty for the site-wide library."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(_("items imported"), default=0)

    class Meta:
        verbose_name = _("partner feed")
        verbose_name_plural = _("partner feeds")
        constraints = [
            models.UniqueConstraint(fields=["url", "group"], name="feed_unique_per_library"),
        ]

    def __str__(self) -> str:
        return self.url


def library_upload_to(instance: LibraryItem, filename: str) -> str:
    # A random name: the original one is kept in file_name, for the download.
    return f"library/{uuid.uuid4().hex}.{instance.file_extension or 'bin'}"


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
    topics = models.ManyToManyField(
        "profiles.Topic", blank=True, related_name="library_items", verbose_name=_("topics")
    )
    # Curated by the learning team (site staff, in the admin): shown first on /library/.
    is_featured = models.BooleanField(_("featured"), default=False)
    view_count = models.PositiveIntegerField(default=0, editable=False)
    # Kept by content.services.rating_set in the rating's transaction, for the lists'
    # sorts (best rated uses a Bayesian average of these, see selectors.BAYES_WEIGHT).
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_sum = models.PositiveIntegerField(default=0, editable=False)
    # Freshness: past this date the item shows "may be out of date" and waits in its
    # owner's (and the group moderators') review queue.
    review_by = models.DateField(_("review by"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    # "Report a broken link": set by a reader, cleared by a review.
    broken_reported_at = models.DateTimeField(null=True, blank=True, editable=False)
    broken_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Imported from a partner feed: the feed and the entry's id (or link), unique together
    # so that importing again never duplicates an entry.
    feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    external_id = models.CharField(max_length=500, blank=True, editable=False)
    # A file (kind file or video): in the private storage, served by content.views.file
    # only to people who may see the item. Its type comes from its bytes.
    file = models.FileField(
        upload_to=library_upload_to, storage=private_storage, blank=True, editable=False
    )
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    file_type = models.CharField(max_length=120, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    # A video shared as an embed (YouTube, Vimeo): the privacy-friendly player address.
    embed_url = models.URLField(max_length=300, blank=True, editable=False)
    # The latest accepted correction of an article: "corrected on <date> by <name>".
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    correction_source = models.URLField(max_length=500, blank=True, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Promoted from a great conversation (content.services.thread_promote).
    source_thread = models.ForeignKey(
        "discussions.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_items",
        editable=False,
    )
    # Its conversation: a discussions thread, opened by the first comment (in the item's
    # group, or in the library's discussion group for site-wide items).
    discussion = models.OneToOneField(
        "discussions.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussed_item",
        editable=False,
    )
    # A link's preview, fetched from the page (content.previews): its picture, re-encoded
    # and kept privately like files, served only to the item's readers.
    preview_image = models.ImageField(
        upload_to="library/previews/", storage=private_storage, blank=True, editable=False
    )
    preview_fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Full-text search (socialearn.lib.search): kept by a PostgreSQL trigger, empty elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = LibraryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        indexes = [
            # The library pages list newest first, site-wide and per group.
            models.Index(fields=["-published_at"], name="libitem_published_idx"),
            models.Index(fields=["group", "-published_at"], name="libitem_group_published_idx"),
            # "Most viewed" and the featured strip.
            models.Index(fields=["-view_count"], name="libitem_views_idx"),
            models.Index(
                fields=["-published_at"],
                condition=models.Q(is_featured=True),
                name="libitem_featured_idx",
            ),
            # The review queue and the weekly reminders: items due for review.
            models.Index(fields=["review_by"], name="libitem_review_by_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "external_id"],
                condition=models.Q(feed__isnull=False),
                name="libitem_unique_feed_entry",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:detail", kwargs={"pk": self.pk, "slug": self.slug})

    file_extension = ""  # set by the service before saving a file (see library_upload_to)

    @property
    def is_stale(self) -> bool:
        return self.review_by is not None and self.review_by < timezone.localdate()

    @property
    def rating_average(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


class Rating(TimeStampedModel):
    """One person's 1 to 5 stars for an item, with an optional comment; changeable."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    comment = models.CharField(_("comment"), max_length=280, blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            # Also the index of "my rating of this item".
            models.UniqueConstraint(fields=["user", "item"], name="rating_unique"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_to_5"
            ),
        ]
        indexes = [
            # An item's page: its latest comments.
            models.Index(fields=["item", "-updated_at"], name="rating_item_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.stars} by {self.user_id} on {self.item_id}"


class Bookmark(models.Model):
    """An item saved for later (threads have their own, discussions.ThreadBookmark)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="item_bookmarks"
    )
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="item_bookmark_unique"),
        ]
        indexes = [
            # The saved page: a person's bookmarks, newest first.
            models.Index(fields=["user", "-created_at"], name="item_bookmark_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.item_id}"


class ReviewReminder(models.Model):
    """That an item's owner was reminded to review it for one review-by date: the weekly
    task reminds once per item and date (a review sets a new date, a new period)."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="reminders")
    review_by = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "review_by"], name="reminder_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} due {self.review_by}"


class ItemCorrection(TimeStampedModel):
    """A suggested correction to an article: the proposed text and why. Its owner or a
    group moderator accepts or declines it (content.revisions)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="corrections")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    base_body = models.TextField(editable=False)
    body = models.TextField(_("corrected text"))
    reason = models.CharField(_("what was wrong"), max_length=500)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # An article's pending suggestions, for its reviewers.
            models.Index(
                fields=["item", "created_at"],
                condition=models.Q(status="pending"),
                name="itemcorrection_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction {self.pk} of {self.item_id}"


class ItemRevision(models.Model):
    """One change to an article: who, when, why, the text before and after."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Edited")
        CORRECTION = "correction", _("Correction accepted")
        REVERT = "revert", _("Reverted")

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    credited = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    body_before = models.TextField()
    body_after = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # An article's history, newest first.
            models.Index(fields=["item", "-created_at"], name="itemrevision_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.item_id}"
