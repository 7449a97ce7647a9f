"""In-app notifications: "Ana replied in …", "Ben mentioned you", "your answer was
accepted". This app knows people only; what a notification is about is named by a target
("discussions.thread", id) that the owning app registers a visibility check for
(notifications.registry), so a notification never shows what its reader may no longer see.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Replies in threads I follow")
        MENTION = "mention", _("Mentions of me")
        ACCEPTED = "accepted", _("My answer was accepted")
        CORRECTION_SUGGESTED = "correction_suggested", _("Corrections suggested to my posts")
        CORRECTION_DECIDED = "correction_decided", _("Decisions on my corrections")
        CORRECTED = "corrected", _("Corrections to posts I follow or reacted to")
        HIDDEN = "hidden", _("My post was hidden by a moderator")
        FLAGGED = "flagged", _("New reports in groups I moderate")
        REVIEW_DUE = "review_due", _("Library items of mine due for review")
        BROKEN_LINK = "broken_link", _("Broken links reported on my library items")
        NEWS_IMPORTANT = "news_important", _("Important news")
        MUST_READ = "must_read", _("News I must read and confirm")
        JOIN_REQUEST = "join_request", _("Requests to join groups I moderate")
        JOIN_DECIDED = "join_decided", _("Answers to my requests to join groups")
        INVITED = "invited", _("Invitations to groups")
        NEW_QUESTION = "new_question", _("New questions in groups where I am an advocate")
        WAITING_QUESTION = (
            "waiting_question",
            _("Questions still unanswered after a working day, in groups where I am an advocate"),
        )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    target_type = models.CharField(max_length=40)  # "discussions.thread"
    target_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=300)  # the exact place: a post's permalink
    title = models.CharField(max_length=200)  # what it is about, e.g. the thread's title
    excerpt = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Kept for the recipient's digest (they chose "in my digest only" for its kind): listed
    # on /notifications/, not counted on the bell, gathered by the digest emails.
    for_digest = models.BooleanField(default=False)
    # When its email was sent, or given up (recipient gone, target no longer theirs to see,
    # address refused): set by the claim in notifications.emails, so it goes out once.
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Meant to go by email at once (its kind was on "email" for the recipient): what the
    # sweep (notifications.tasks.send_overdue_emails) looks for when a task was lost.
    email_due = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # /notifications/: a person's notifications, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
            # The bell's unread count (digest rows are not on the bell).
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True, for_digest=False),
                name="notification_unread_idx",
            ),
            # The sweep for emails whose task was lost: due, not sent yet, by age.
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_due=True, emailed_at__isnull=True),
                name="notification_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class Preference(models.Model):
    """How a person wants to hear about one kind of notification (the defaults, for kinds
    they never chose, are in notifications.preferences.DEFAULTS)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Here and by email at once")
        IN_APP = "in_app", _("Here only")
        DIGEST = "digest", _("In my digest only")
        OFF = "off", _("Off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Notification.Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind"),
        ]
        indexes = [
            # Who among an audience chose something else than the default for a kind.
            models.Index(fields=["kind", "channel"], name="preference_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel} for {self.user_id}"
