"""The news desk: posts written by news editors (and by group moderators for their
group), drafted, previewed, scheduled and published; read, reacted to, discussed and, for
must-read posts, confirmed by their audience."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from discussions.models import private_storage
from groups.models import Group, Membership
from socialearn.lib.models import TimeStampedModel

EDITORS_GROUP = "News editors"  # the Django auth group (see migration 0003)


def news_upload_to(instance: NewsPost, filename: str) -> str:
    return f"news/{uuid.uuid4().hex}-{filename}"


class NewsPostQuerySet(models.QuerySet):
    def published(self) -> NewsPostQuerySet:
        """Published, or scheduled and due: a post appears at its minute with nobody
        acting (the rule is in the query, not in a task)."""
        return self.filter(
            status__in=[NewsPost.Status.SCHEDULED, NewsPost.Status.PUBLISHED],
            publish_at__lte=timezone.now(),
        )

    def for_audience_of(self, user) -> NewsPostQuerySet:
        """Addressed to the user: to everyone (but external guests), or to a group they
        are a member of. Group news is for the group's members only, everywhere."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        mine = Q(Exists(Membership.objects.filter(group=OuterRef("audience"), user=user)))
        if user.is_guest:  # External guests read only what is addressed to their groups.
            return self.filter(mine)
        return self.filter(Q(audience__isnull=True) | mine)

    def visible_to(self, user) -> NewsPostQuerySet:
        """What a reader may read: published posts addressed to them."""
        return self.published().for_audience_of(user)

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
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="news_coauthored",
        verbose_name=_("co-authors"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Stored in UTC; the editor picks it in their own time zone.
    publish_at = models.DateTimeField(_("publish at"), default=timezone.now)
    pinned_until = models.DateTimeField(_("pinned until"), null=True, blank=True)
    # A hero image, cropped to 16:9 and re-encoded (socialearn.lib.images.hero_images),
    # kept privately and served by news.views.hero to the post's readers (and editors).
    hero = models.ImageField(
        upload_to=news_upload_to, storage=private_storage, blank=True, editable=False
    )
    hero_small = models.ImageField(
        upload_to=news_upload_to, storage=private_storage, blank=True, editable=False
    )
    hero_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    # A video: an upload (MP4/WebM, private like the image) or an embed (YouTube, Vimeo,
    # Microsoft Stream) in its privacy-friendly form.
    video = models.FileField(
        upload_to=news_upload_to, storage=private_storage, blank=True, editable=False
    )
    video_type = models.CharField(max_length=40, blank=True, editable=False)
    video_url = models.URLField(_("video address"), max_length=500, blank=True)
    embed_url = models.URLField(max_length=500, blank=True, editable=False)
    # Sent by email to the audience at publication (respecting their preferences).
    is_important = models.BooleanField(_("important"), default=False)
    # Readers confirm "I have read this"; until then it stays on their home page.
    is_must_read = models.BooleanField(_("must read"), default=False)
    # Side effects of publication, each claimed once by news.tasks.announce: the important
    # notification and emails, the must-read notification; and when the emails were done.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    must_read_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    emails_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Comments: a discussions thread opened by the first one.
    discussion = models.OneToOneField(
        "discussions.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussed_news",
        editable=False,
    )
    # Full-text search (socialearn.lib.search): kept by a PostgreSQL trigger, empty elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        permissions = [("publish_newspost", _("Can publish, schedule and unpublish news"))]
        indexes = [
            # /news/ and the home page: published posts, newest first.
            models.Index(fields=["status", "-publish_at"], name="news_status_publish_idx"),
            models.Index(fields=["audience", "-publish_at"], name="news_audience_idx"),
            # The announcement job: posts with a side effect not done yet.
            models.Index(
                fields=["publish_at"],
                condition=(
                    Q(is_important=True, announced_at__isnull=True)
                    | Q(is_important=True, emails_done_at__isnull=True)
                    | Q(is_must_read=True, must_read_announced_at__isnull=True)
                ),
                name="news_to_announce_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def is_pinned(self) -> bool:
        return self.pinned_until is not None and self.pinned_until > timezone.now()

    @property
    def is_live(self) -> bool:
        return self.status != self.Status.DRAFT and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status != self.Status.DRAFT and self.publish_at > timezone.now()

    @property
    def is_dated_ahead(self) -> bool:
        """A minute chosen in the future (a draft's: publishing it schedules it)."""
        return self.publish_at > timezone.now()

    @property
    def reading_minutes(self) -> int:
        return max(1, round(len(self.body.split()) / 220))


class NewsRead(models.Model):
    """A reader opened the post on the site (reach), and, for a must-read post, confirmed
    having read it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_reads"
    )
    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="news_read_once"),
        ]
        indexes = [
            # "Unread" marks on lists and the home page's must-read box: my reads.
            models.Index(fields=["user", "post"], name="news_read_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.post_id}"


class NewsReaction(models.Model):
    """A reader's reaction to a post: each kind at most once per person."""

    KINDS = [("like", _("Like")), ("insightful", _("Insightful")), ("celebrate", _("Celebrate"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=12, choices=KINDS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="news_reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.user_id} on {self.post_id}"


class NewsRevision(models.Model):
    """A post's text before an edit: the edit history, with who changed it and when."""

    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post_id} before {self.created_at:%Y-%m-%d %H:%M}"


class NewsEmail(models.Model):
    """An important post's email to one person: claimed (this row) before sending, so a
    retried or repeated task never sends it twice."""

    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="emails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    # The mail server refused this address for good (it is not tried again).
    refused = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="news_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} to {self.user_id}"


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class FeedKey(models.Model):
    """The secret in a person's private news feed address (all the news addressed to
    them, group news included); resetting it makes the old address stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_feed_key"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"news feed of {self.user_id}"
