from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
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
    return f"avatars/{instance.user_id}/{filename}"


class Profile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    # The people directory sorts by name.
    display_name = models.CharField(_("display name"), max_length=120, db_index=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    # The directory filters by department.
    department = models.CharField(_("department"), max_length=120, blank=True, db_index=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    bio = models.TextField(_("bio"), blank=True, help_text=_("Markdown is supported."))
    bio_html = models.TextField(editable=False, blank=True)
    avatar = models.ImageField(_("photo"), upload_to=avatar_upload_to, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    skills = models.ManyToManyField(
        Topic, blank=True, related_name="skilled_profiles", verbose_name=_("ask me about")
    )
    interests = models.ManyToManyField(
        Topic, blank=True, related_name="interested_profiles", verbose_name=_("interests")
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
