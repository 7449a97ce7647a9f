"""Blended learning: a cohort group's scheduled sessions (a classroom day, a live call),
each with its materials from the library and a follow-up thread once it is over."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content.models import LibraryItem
from discussions.models import Thread
from groups.models import Group
from socialearn.lib.models import TimeStampedModel


class Session(TimeStampedModel):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("A room, an office, or “Online”.")
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("The video call, if there is one.")
    )
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    materials = models.ManyToManyField(
        LibraryItem, blank=True, related_name="sessions", verbose_name=_("materials")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Opened once the session is over (cohorts.services.follow_ups_open); one per session.
    follow_up = models.OneToOneField(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="session"
    )
    # Bumped on every change, so calendar apps replace their copy (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [
            # A cohort's sessions page and its calendar: in order of time.
            models.Index(fields=["group", "starts_at"], name="session_group_start_idx"),
            # The follow-up task: ended sessions without a follow-up thread.
            models.Index(
                fields=["ends_at"],
                condition=Q(follow_up__isnull=True),
                name="session_follow_up_due_idx",
            ),
        ]
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cohorts:session", kwargs={"slug": self.group.slug, "pk": self.pk})
