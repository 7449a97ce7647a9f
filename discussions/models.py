from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from socialearn.lib.models import TimeStampedModel


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user) -> ThreadQuerySet:
        """Threads in groups whose content the user may read (see Group.readable_by)."""
        return self.filter(group__in=Group.objects.readable_by(user))

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
        return self.order_by("-is_pinned", "-last_activity_at", "-pk")


class Thread(TimeStampedModel):
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

    objects = ThreadQuerySet.as_manager()

    class State(models.TextChoices):
        UNANSWERED = "unanswered", _("Unanswered")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            # A group's discussions page: pinned first, then latest activity.
            models.Index(
                fields=["group", "-is_pinned", "-last_activity_at"],
                name="thread_group_activity_idx",
            ),
            # The home page and site-wide lists: latest activity across groups.
            models.Index(fields=["-last_activity_at"], name="thread_activity_idx"),
            # Unanswered questions (site-wide and per group, advocates' queues): oldest first.
            models.Index(
                fields=["group", "created_at"],
                condition=models.Q(kind="question", first_reply_at__isnull=True),
                name="thread_unanswered_idx",
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
        return self.filter(thread__group__in=Group.objects.readable_by(user))


class Post(TimeStampedModel):
    """A reply in a thread. Replies are flat and chronological."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(_("reply"), help_text=_("Markdown is supported."))
    body_html = models.TextField(editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            # A thread page: its replies in order, paginated.
            models.Index(fields=["thread", "created_at", "id"], name="post_thread_order_idx"),
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
