from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialearn.lib.models import TimeStampedModel


class GroupQuerySet(models.QuerySet):
    """Who may see a group, and who may read what is inside it.

    - *open*: everyone signed in sees it and reads its content;
    - *private*: everyone signed in sees it in the directory, only members read it;
    - *hidden*: only members know it exists.

    An external guest (User.is_guest) sees and reads only the groups they were invited to.
    """

    def _member_of(self, user) -> GroupQuerySet:
        return self.filter(Exists(Membership.objects.filter(group=OuterRef("pk"), user=user)))

    def visible_to(self, user) -> GroupQuerySet:
        """Groups the user may know exist (directory, links, search): open and private
        ones, and any group they are a member of or invited to."""
        if not user.is_authenticated:
            return self.none()
        mine = Exists(Membership.objects.filter(group=OuterRef("pk"), user=user)) | Exists(
            Invitation.objects.filter(
                group=OuterRef("pk"), user=user, status=Invitation.Status.PENDING
            )
        )
        if user.is_guest:
            return self.filter(mine)
        return self.filter(
            Q(visibility__in=[Group.Visibility.OPEN, Group.Visibility.PRIVATE]) | mine
        )

    def readable_by(self, user) -> GroupQuerySet:
        """Groups whose discussions, library and news the user may read."""
        if not user.is_authenticated:
            return self.none()
        if user.is_guest:
            return self._member_of(user)
        return self.filter(
            Q(visibility=Group.Visibility.OPEN)
            | Exists(Membership.objects.filter(group=OuterRef("pk"), user=user))
        )

    def active(self) -> GroupQuerySet:
        return self.filter(archived_at__isnull=True)


def cover_upload_to(instance: Group, filename: str) -> str:
    return f"covers/{instance.pk or 'new'}/{uuid.uuid4().hex[:12]}-{filename}"


class Group(TimeStampedModel):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        TEAM = "team", _("Team")
        CLUB = "club", _("Club")
        COHORT = "cohort", _("Cohort")

    class Visibility(models.TextChoices):
        OPEN = "open", _("Open")
        PRIVATE = "private", _("Private")
        HIDDEN = "hidden", _("Hidden")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    # The directory filters by kind and by visibility.
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOPIC)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Kept on the row so the directory and "popular groups" need no join; maintained by
    # groups.services (membership_join/leave and member_counts_refresh).
    member_count = models.PositiveIntegerField(_("members"), default=0, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="learning_groups"
    )
    # Also kept on the row, by discussions.services (and groups.services.activity_refresh).
    thread_count = models.PositiveIntegerField(_("threads"), default=0, editable=False)
    last_activity_at = models.DateTimeField(
        _("last activity"), null=True, blank=True, editable=False
    )
    topics = models.ManyToManyField(
        "profiles.Topic", blank=True, related_name="groups", verbose_name=_("topics")
    )
    rules = models.TextField(
        _("rules"),
        blank=True,
        help_text=_("How we talk to each other here. Markdown is supported."),
    )
    rules_html = models.TextField(editable=False, blank=True)
    # A wide banner (see socialearn.lib.images.cover_images): 1200x400 and 600x200 WebP.
    cover = models.ImageField(_("cover image"), upload_to=cover_upload_to, blank=True)
    cover_small = models.ImageField(upload_to=cover_upload_to, blank=True, editable=False)
    # Groups the site itself needs ("library", "news": where comments on site-wide library
    # items and company news gather), found by this key, never by their address, which
    # anyone's new group could otherwise take.
    system_key = models.CharField(max_length=20, unique=True, null=True, blank=True,
                                  editable=False)  # fmt: skip

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        indexes = [
            # The directory: "browse by kind", visible groups first by name.
            models.Index(fields=["kind", "name"], name="group_kind_name_idx"),
            models.Index(fields=["visibility"], name="group_visibility_idx"),
            # "Popular groups" on the welcome page: most members first.
            models.Index(fields=["-member_count", "name"], name="group_popular_idx"),
            # The directory's "active" tab: latest activity first.
            models.Index(fields=["-last_activity_at"], name="group_activity_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MODERATOR = "moderator", _("Moderator")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )

    class Notify(models.TextChoices):
        ALL = "all", _("Every new post")
        DIGEST = "digest", _("In my digest only")
        MUTED = "muted", _("Muted")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    notification_level = models.CharField(
        _("notifications"), max_length=10, choices=Notify.choices, default=Notify.DIGEST
    )
    # Advocates answer questions promptly and keep discussions going (named by moderators).
    is_advocate = models.BooleanField(_("advocate"), default=False)
    # Trusted members may edit anyone's posts in the group (named by moderators).
    is_trusted = models.BooleanField(_("trusted editor"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique"),
        ]
        indexes = [
            # Every visible_to()/readable_by() check looks up (user, group); "my groups"
            # lists a user's memberships.
            models.Index(fields=["user", "group"], name="membership_user_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def can_moderate(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.MODERATOR}


class JoinRequest(TimeStampedModel):
    """Someone asks to join a private group; a moderator approves or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            # One open request per person and group: asking twice is the same request.
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status="pending"),
                name="join_request_one_pending",
            ),
        ]
        indexes = [
            # The moderators' queue: a group's pending requests, oldest first.
            models.Index(fields=["group", "status", "created_at"], name="join_request_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group} ({self.status})"


class Invitation(TimeStampedModel):
    """A moderator invites someone; the invitee accepts (becoming a member) or declines.

    A pending invitation lets its invitee see the group, hidden ones included, so that
    they can decide.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status="pending"),
                name="invitation_one_pending",
            ),
        ]
        indexes = [
            # visible_to(): may this user see the group because they are invited?
            models.Index(fields=["user", "group", "status"], name="invitation_user_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.group} ({self.status})"
