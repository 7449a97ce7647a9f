from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group, Membership
from socialearn.lib.models import TimeStampedModel


def moderated_by(user) -> models.QuerySet:
    """The ids of the groups the user moderates (owners and moderators)."""
    if not user.is_authenticated:
        return Membership.objects.none().values("group")
    return Membership.objects.filter(
        user=user, role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
    ).values("group")


# Threads about something outside discussions (Thread.about_kind) whose owner app adds a
# rule of its own: kind -> (user -> Q on Thread). News registers one, so the comments on a
# group's news are for the group's members only and vanish with an unpublished post.
ABOUT_RULES: dict = {}


def register_about_rule(kind: str, rule) -> None:
    ABOUT_RULES[kind] = rule


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user) -> ThreadQuerySet:
        """Threads in groups whose content the user may read (see Group.readable_by);
        a thread a moderator hid only to that group's moderators; a thread about
        something with its own rule (ABOUT_RULES) only where that rule allows."""
        threads = self.filter(group__in=Group.objects.readable_by(user)).filter(
            models.Q(is_hidden=False) | models.Q(group__in=moderated_by(user))
        )
        for kind, rule in ABOUT_RULES.items():
            threads = threads.filter(~models.Q(about_kind=kind) | rule(user))
        return threads

    def shown(self) -> ThreadQuerySet:
        """Not hidden by a moderator: what lists show to everyone."""
        return self.filter(is_hidden=False)

    def in_state(self, state: str) -> ThreadQuerySet:
        """Questions that are unanswered, answered (not accepted) or accepted."""
        questions = self.filter(kind=Thread.Kind.QUESTION)
        if state == Thread.State.UNANSWERED:
            return questions.filter(first_reply_at__isnull=True)
        if state == Thread.State.ANSWERED:
            return questions.filter(first_reply_at__isnull=False, accepted_post__isnull=True)
        if state == Thread.State.ACCEPTED:
            return questions.filter(accepted_post__isnull=False)
        return self

    def newest_activity_first(self) -> ThreadQuerySet:
        """A group's list: pinned, then highlighted (great or hot), then latest activity."""
        return self.order_by("-is_pinned", "-is_highlighted", "-last_activity_at", "-pk")


class Moderated(models.Model):
    """What threads (their opening text) and replies share: hiding by a moderator, and the
    marks of editing and of accepted corrections shown beside the text."""

    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    # The latest accepted correction: "corrected on <date> by <name>, source <link>".
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    correction_source = models.URLField(_("correction source"), max_length=500, blank=True)
    # A random token from the form: the same submission twice creates one row.
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Thread(Moderated, TimeStampedModel):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="threads"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80)
    body = models.TextField(_("text"), help_text=_("Markdown is supported."))
    body_html = models.TextField(editable=False)
    last_activity_at = models.DateTimeField(_("last activity"))
    reply_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    # The shared topic vocabulary (profiles.Topic): tags link questions to skills, which
    # is how the expert finder counts answers "about Kubernetes".
    tags = models.ManyToManyField(
        "profiles.Topic", blank=True, related_name="threads", verbose_name=_("tags")
    )
    # Q&A timings: the first reply by someone other than the asker, and the acceptance.
    first_reply_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    # When the advocates were told it was still unanswered (discussions.escalation).
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("answer accepted"), null=True, blank=True)
    # A question's accepted answer, chosen by the asker or a moderator.
    accepted_post = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )

    # Great conversations: marked by a moderator or advocate; the hot-score task keeps
    # the top threads per group and site-wide highlighted (discussions.highlights).
    is_great = models.BooleanField(_("great conversation"), default=False)
    hot_score = models.FloatField(default=0, editable=False)
    is_highlighted = models.BooleanField(_("highlighted"), default=False, editable=False)

    class About(models.TextChoices):
        ITEM = "item", _("The discussion of a library item")
        NEWS = "news", _("The comments on a news post")
        ARTICLE = "article", _("Turned into a library article")

    # What the thread is about, when it is the conversation of something outside
    # discussions (a library item, a news post) or was turned into a library article:
    # kept on the row so the thread page links to it without a query, and shown only
    # while the thread stays in about_group (a moderator's move detaches it).
    about_kind = models.CharField(max_length=10, choices=About.choices, blank=True, editable=False)
    about_title = models.CharField(max_length=200, blank=True, editable=False)
    about_url = models.CharField(max_length=300, blank=True, editable=False)
    about_group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Full-text search (socialearn.lib.search): kept by a PostgreSQL trigger, empty elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class State(models.TextChoices):
        UNANSWERED = "unanswered", _("Unanswered")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            # A group's discussions page: pinned, highlighted, then latest activity.
            models.Index(
                fields=["group", "-is_pinned", "-is_highlighted", "-last_activity_at"],
                name="thread_group_activity_idx",
            ),
            # Highlighted conversations on the home page and in digests.
            models.Index(
                fields=["-hot_score"],
                condition=models.Q(is_highlighted=True),
                name="thread_highlighted_idx",
            ),
            # The home page and site-wide lists: latest activity across groups.
            models.Index(fields=["-last_activity_at"], name="thread_activity_idx"),
            # The home feed: a group's new threads, and (read from the index alone) the
            # ids of the threads whose replies it shows (socialearn.feed).
            models.Index(
                fields=["group", "-created_at", "id", "about_kind"],
                condition=models.Q(is_hidden=False),
                name="thread_group_feed_idx",
            ),
            # Unanswered questions (site-wide and per group, advocates' queues): oldest first.
            models.Index(
                fields=["group", "created_at"],
                condition=models.Q(kind="question", first_reply_at__isnull=True),
                name="thread_unanswered_idx",
            ),
            # The escalation job: unanswered questions nobody was told about yet, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(
                    kind="question", first_reply_at__isnull=True, escalated_at__isnull=True
                ),
                name="thread_to_escalate_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], name="thread_unique_submission"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def state(self) -> str | None:
        """For a question: unanswered, answered or accepted."""
        if self.kind != self.Kind.QUESTION:
            return None
        if self.accepted_post_id:
            return self.State.ACCEPTED
        return self.State.ANSWERED if self.first_reply_at else self.State.UNANSWERED


class PostQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostQuerySet:
        """Replies the user may read in lists (profiles, search, API): in a thread they
        may see, and not hidden unless they moderate the group."""
        moderated = moderated_by(user)
        return self.filter(thread__in=Thread.objects.visible_to(user)).filter(
            models.Q(is_hidden=False) | models.Q(thread__group__in=moderated)
        )

    def shown(self) -> PostQuerySet:
        return self.filter(is_hidden=False)


class Post(Moderated, TimeStampedModel):
    """A reply in a thread. Replies are flat and chronological."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(_("reply"), help_text=_("Markdown is supported."))
    body_html = models.TextField(editable=False)
    # Full-text search (socialearn.lib.search): kept by a PostgreSQL trigger, empty elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            # A thread page: its replies in order, paginated.
            models.Index(fields=["thread", "created_at", "id"], name="post_thread_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], name="post_unique_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"Reply {self.pk} in {self.thread_id}"


class Reaction(TimeStampedModel):
    """A person's reaction to a thread's opening text or to a reply: one of a few kinds,
    each at most once per person and target."""

    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        HELPFUL = "helpful", _("Helpful")
        INSIGHTFUL = "insightful", _("Insightful")
        CELEBRATE = "celebrate", _("Celebrate")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(thread__isnull=False, post__isnull=True)
                    | models.Q(thread__isnull=True, post__isnull=False)
                ),
                name="reaction_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread", "kind"],
                condition=models.Q(thread__isnull=False),
                name="reaction_unique_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "post", "kind"],
                condition=models.Q(post__isnull=False),
                name="reaction_unique_post",
            ),
        ]
        # The unique constraints' indexes serve the thread page's per-target counts
        # (their leading column is user, so the counts need their own indexes).
        indexes = [
            models.Index(fields=["post", "kind"], name="reaction_post_kind_idx"),
            models.Index(fields=["thread", "kind"], name="reaction_thread_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class ThreadFollow(models.Model):
    """A person's relation to a thread: whether they follow it (told of every reply),
    and how far they have read (what is new since their last visit)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    following = models.BooleanField(default=False)
    # Set by "Stop following": replying no longer makes them follow again.
    muted = models.BooleanField(default=False)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Also the index of "my follow of this thread" and of a list's read state.
            models.UniqueConstraint(fields=["user", "thread"], name="thread_follow_unique"),
        ]
        indexes = [
            # Who follows a thread, when a reply is posted.
            models.Index(
                fields=["thread"],
                condition=models.Q(following=True),
                name="thread_follow_thread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.thread_id}"


def private_storage():
    return storages["private"]


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    # Not under a public URL: attachments are served by a view that checks the reader.
    return f"attachments/{instance.thread_id}/{uuid.uuid4().hex}.webp"


class Attachment(TimeStampedModel):
    """An image attached to a thread's opening text (post None) or to a reply; stored as a
    re-encoded WebP and served only to people who may see the thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="attachments")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    image = models.ImageField(upload_to=attachment_upload_to, storage=private_storage,
                              width_field="width", height_field="height")  # fmt: skip
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        indexes = [
            # A page of replies loads the attachments of its posts.
            models.Index(fields=["thread", "post"], name="attachment_target_idx"),
        ]


class Flag(TimeStampedModel):
    """A member's report of a thread's opening text (post None) or a reply, for the
    group's moderators."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Rude or offensive")
        INACCURATE = "inaccurate", _("Wrong or misleading")
        OFF_TOPIC = "off_topic", _("Off topic for this group")
        PRIVATE = "private", _("Shares confidential or personal information")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HIDDEN = "hidden", _("Hidden")
        DISMISSED = "dismissed", _("Dismissed")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="flags")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("note for the moderators"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One open report per person and target (a reply, or a thread's opening).
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=models.Q(status="open", post__isnull=False),
                name="flag_unique_open_post",
            ),
            models.UniqueConstraint(
                fields=["reporter", "thread"],
                condition=models.Q(status="open", post__isnull=True),
                name="flag_unique_open_thread",
            ),
        ]
        indexes = [
            # A group's moderation queue: open flags, oldest first.
            models.Index(
                fields=["thread", "created_at"],
                condition=models.Q(status="open"),
                name="flag_open_idx",
            ),
        ]


class Correction(TimeStampedModel):
    """A suggested correction to a thread's opening text (post None) or a reply: the
    proposed new text and why. The author or a moderator accepts or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="corrections")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="corrections"
    )
    base_body = models.TextField(editable=False)  # the text the suggestion was made against
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
            # A thread's pending suggestions (shown to its authors and moderators).
            models.Index(
                fields=["thread", "created_at"],
                condition=models.Q(status="pending"),
                name="correction_pending_idx",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse(
            "discussions:correction", kwargs={"pk": self.thread_id, "correction_id": self.pk}
        )


class Revision(models.Model):
    """One change to a thread's opening text (post None) or a reply: who, when, why, the
    text before and after. Viewable as a diff; moderators can revert to `body_before`."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Edited")
        CORRECTION = "correction", _("Correction accepted")
        REVERT = "revert", _("Reverted")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="revisions")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # For a correction: who suggested it (the editor is who accepted it).
    credited = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    title_before = models.CharField(max_length=200, blank=True)
    title_after = models.CharField(max_length=200, blank=True)
    body_before = models.TextField()
    body_after = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # A text's history, newest first.
            models.Index(fields=["thread", "post", "-created_at"], name="revision_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.post_id or self.thread_id}"


class ThreadBookmark(models.Model):
    """A thread saved for later; its owner is told when a text in it is corrected."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_bookmarks"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="thread_bookmark_unique"),
        ]
        indexes = [
            # The saved page: a person's bookmarks, newest first.
            models.Index(fields=["user", "-created_at"], name="thread_bookmark_recent_idx"),
            # Who saved a thread, when one of its texts is corrected.
            models.Index(fields=["thread"], name="thread_bookmark_thread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.thread_id}"
