from __future__ import annotations

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models import Value as V
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from socialearn.lib.models import TimeStampedModel

HANDLE_MAX_LENGTH = 30
handle_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$",
    _("Use lowercase letters, digits, dots, dashes and underscores."),
)
TIME_ZONE_CHOICES = sorted((tz, tz.replace("_", " ")) for tz in zoneinfo.available_timezones())


def unique_handle(seed: str) -> str:
    """A free handle derived from seed (an email's local part or a name): "ana.lopez2"."""
    base = slugify(seed.split("@")[0].replace(".", "-")).replace("-", ".")
    base = (base or "member")[: HANDLE_MAX_LENGTH - 4].strip("._-") or "member"
    taken = set(User.objects.filter(handle__startswith=base).values_list("handle", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


class UserQuerySet(models.QuerySet):
    def active(self) -> UserQuerySet:
        return self.filter(is_active=True)

    def search(self, q: str) -> UserQuerySet:
        q = q.strip()
        if not q:
            return self
        return self.filter(
            Q(profile__display_name__icontains=q)
            | Q(handle__icontains=q)
            | Q(profile__job_title__icontains=q)
            | Q(profile__department__icontains=q)
        )


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        # Email is the login; a handle and an empty profile come with every account.
        # (Accounts created by allauth get theirs in profiles.adapters.)
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email)
        display_name = extra_fields.pop("display_name", "")
        extra_fields.setdefault("handle", unique_handle(email))
        with transaction.atomic():
            user = self.model(email=email, **extra_fields)
            user.set_password(password)
            user.save(using=self._db)
            Profile.objects.create(user=user, display_name=display_name)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account. Email is the login; the handle names the person in URLs and @mentions."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    handle = models.CharField(
        _("handle"),
        max_length=HANDLE_MAX_LENGTH,
        unique=True,
        validators=[handle_validator],
        help_text=_("Your name in links and @mentions, e.g. ana.lopez."),
    )
    # Kept on the account (not the profile) so that activating it costs no extra query.
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    is_guest = models.BooleanField(
        _("external guest"),
        default=False,
        help_text=_(
            "An external expert, e.g. from a learning partner: sees only the groups they are "
            "invited to and is labelled as external wherever their name shows."
        ),
    )
    # The bell's number, kept by notifications.services: on the row every request loads
    # anyway, so the header costs no query.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        profile = getattr(self, "profile", None)
        return (profile and profile.display_name) or self.handle

    def get_short_name(self) -> str:
        return self.get_full_name()

    @property
    def name(self) -> str:
        return self.get_full_name()

    def get_absolute_url(self) -> str:
        return reverse("profiles:detail", kwargs={"handle": self.handle})


def normalize_topic(name: str) -> str:
    """The key under which "Python", "python " and "PYTHON" are one topic."""
    return " ".join(name.split()).casefold()


class Topic(TimeStampedModel):
    """A shared vocabulary entry: a skill ("ask me about"), an interest, later a thread tag.

    The name keeps the spelling of whoever used it first; the key makes spellings that
    differ only in case and spacing the same topic.
    """

    name = models.CharField(_("name"), max_length=50)
    # Unique: normalisation is enforced by the database, not only by the service.
    key = models.CharField(max_length=50, unique=True, editable=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def avatar_upload_to(instance: Profile, filename: str) -> str:
    # A fresh name per upload, so browsers and CDNs never serve a replaced photo from cache.
    return f"avatars/{instance.user_id}/{uuid.uuid4().hex[:12]}-{filename}"


# Profile fields a company directory can own (filled by SSO and shown read-only).
# ("email" lives on the account; the edit page shows it read-only when it is managed.)
SSO_MANAGEABLE_FIELDS = ("display_name", "email", "job_title", "department", "team", "location",
                         "manager")  # fmt: skip
MAX_LINKS = 4


class Profile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    # The people directory sorts by name.
    display_name = models.CharField(_("display name"), max_length=120, db_index=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    # The directory filters by department.
    department = models.CharField(_("department"), max_length=120, blank=True, db_index=True)
    team = models.CharField(_("team"), max_length=120, blank=True)
    location = models.CharField(
        _("location"), max_length=120, blank=True, help_text=_("Your office or city.")
    )
    manager = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Languages you speak, separated by commas."),
    )
    # What a text search of people reads (profiles.selectors.person_list): one column the
    # database keeps, instead of six compared one by one for every person.
    search_text = models.GeneratedField(
        expression=Concat(
            "display_name", V(" "), "job_title", V(" "), "department", V(" "), "team",
            V(" "), "location", V(" "), "languages", output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )  # fmt: skip
    # [{"label": "Team wiki", "url": "https://…"}, …], at most MAX_LINKS.
    links = models.JSONField(_("links"), default=list, blank=True)
    bio = models.TextField(_("bio"), blank=True, help_text=_("Markdown is supported."))
    bio_html = models.TextField(editable=False, blank=True)
    # Square WebP thumbnails made by profiles.images: 96 px for lists, 320 px for the profile.
    avatar = models.ImageField(_("photo"), upload_to=avatar_upload_to, blank=True)
    avatar_small = models.ImageField(upload_to=avatar_upload_to, blank=True, editable=False)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    skills = models.ManyToManyField(
        Topic, blank=True, related_name="skilled_profiles", verbose_name=_("ask me about")
    )
    interests = models.ManyToManyField(
        Topic, blank=True, related_name="interested_profiles", verbose_name=_("interests")
    )
    sso_managed_fields = models.JSONField(
        _("managed by the company directory"),
        default=list,
        blank=True,
        help_text=_("Fields filled by single sign-on; the person sees them read-only."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or self.user.handle

    @property
    def initials(self) -> str:
        parts = (self.display_name or self.user.handle).split()
        return "".join(p[0] for p in parts[:2]).upper()


class Follow(models.Model):
    """Someone follows a colleague: their activity shows in the follower's feed."""

    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_unique"),
            models.CheckConstraint(
                condition=~Q(follower=models.F("followed")), name="follow_not_self"
            ),
        ]
        # The unique index serves "whom do I follow"; "who follows X" needs its own.
        indexes = [models.Index(fields=["followed"], name="follow_followed_idx")]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.followed_id}"


class Endorsement(models.Model):
    """A colleague vouches for one of a person's declared skills; once per skill per endorser."""

    endorser = models.ForeignKey(User, on_delete=models.CASCADE, related_name="endorsements_given")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="endorsements")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="endorsements")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["endorser", "person", "topic"], name="endorsement_unique"
            ),
            models.CheckConstraint(
                condition=~Q(endorser=models.F("person")), name="endorsement_not_self"
            ),
        ]
        # The expert finder counts a person's endorsements for a topic.
        indexes = [models.Index(fields=["person", "topic"], name="endorsement_person_topic_idx")]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.person_id} for {self.topic_id}"
