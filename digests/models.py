"""Email digests: what matters to each person since their last one, daily or weekly at a
morning hour of their own time zone. `DigestSettings` holds the choice of those who
changed the defaults (schedule.DEFAULTS); `Digest` records one digest per person and due
moment before anything is sent, which is what makes it go exactly once."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    NEVER = "never", _("Never")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DigestSettings(models.Model):
    """A person's digest schedule, when it is not the default one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_settings"
    )
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(
        _("on"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    hour = models.PositiveSmallIntegerField(
        _("at"), default=8, validators=[MaxValueValidator(23)], help_text=_("In your time zone.")
    )

    class Meta:
        verbose_name = _("digest settings")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"{self.frequency} for {self.user_id}"


class Digest(models.Model):
    """One person's digest for one due moment, recorded before it is composed or sent:
    the unique constraint makes a second planning of the same moment (a beat that fires
    twice, two workers) create nothing."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SENT = "sent", _("Sent")
        EMPTY = "empty", _("Nothing new: not sent")
        SKIPPED = "skipped", _("Not sent (no address, or left)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    due_at = models.DateTimeField()  # the person's local morning hour, in UTC
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "due_at"], name="digest_once_per_moment"),
        ]
        indexes = [
            # A person's previous digest (what the next one covers from).
            models.Index(fields=["user", "-due_at"], name="digest_user_recent_idx"),
            # Planned digests not done yet: the sweep that queues them again.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="planned"),
                name="digest_planned_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"digest {self.due_at:%Y-%m-%d %H:%M} for {self.user_id}: {self.status}"
