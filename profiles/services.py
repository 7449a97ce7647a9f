"""Writes on people and their profiles."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from profiles.models import (
    Endorsement,
    Follow,
    Profile,
    Topic,
    User,
    normalize_topic,
    unique_handle,
)
from profiles.selectors import PEOPLE_EPOCH_KEY
from socialearn.lib.images import avatar_thumbnails
from socialearn.lib.markdown import render_markdown
from socialearn.lib.models import images_replace


def people_changed() -> None:
    """Invalidate cached HTML that shows people (see selectors.people_epoch)."""
    cache.set(PEOPLE_EPOCH_KEY, str(time.time_ns()), None)


def accounts_deactivate(*, users) -> int:
    """People who left: they can no longer sign in and leave the directory; what they
    wrote stays, shown as a former colleague's."""
    changed = User.objects.filter(pk__in=[u.pk for u in users], is_active=True).update(
        is_active=False
    )
    transaction.on_commit(people_changed)
    return changed


def profile_ensure(*, user: User, display_name: str = "") -> Profile:
    """The user's profile, created on first need (accounts made by allauth or SSO)."""
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name or user.handle}
    )
    return profile


def handle_assign(*, user: User) -> None:
    """Give a new, unsaved account a free handle derived from its email."""
    if not user.handle:
        user.handle = unique_handle(user.email or "member")


def topics_get_or_create(*, names: list[str]) -> list[Topic]:
    """The topics for these names, created when new; one per normalised name, in order."""
    wanted: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())[:50]
        if name and (key := normalize_topic(name)) not in wanted:
            wanted[key] = name
    existing = {t.key: t for t in Topic.objects.filter(key__in=wanted)}
    Topic.objects.bulk_create(
        [Topic(name=name, key=key) for key, name in wanted.items() if key not in existing],
        ignore_conflicts=True,  # a concurrent request created it: fetched below
    )
    found = {t.key: t for t in Topic.objects.filter(key__in=wanted)}
    return [found[key] for key in wanted]


@transaction.atomic
def profile_edit(
    *,
    profile: Profile,
    time_zone: str,
    skills: list[str],
    interests: list[str],
    photo: dict | None = None,
    remove_photo: bool = False,
    **fields,
) -> Profile:
    """Save the profile form: fields, the account's time zone, skills, interests and photo
    (thumbnails already made by the form, see avatar_thumbnails).

    Fields managed by the company directory (SSO) are left as they are, whatever was sent.
    """
    fields = {k: v for k, v in fields.items() if k not in profile.sso_managed_fields}
    if "languages" in fields:
        fields["languages"] = languages_normalize(fields["languages"])
    profile_update(profile=profile, **fields)
    if photo:
        avatar_save(profile=profile, thumbnails=photo)
    elif remove_photo and profile.avatar:
        avatar_remove(profile=profile)
    user = profile.user
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    profile.skills.set(topics_get_or_create(names=skills))
    profile.interests.set(topics_get_or_create(names=interests))
    return profile


@transaction.atomic
def profile_update(*, profile: Profile, **fields) -> Profile:
    """Update profile fields; the bio's HTML is rendered here, once, on save."""
    for name, value in fields.items():
        setattr(profile, name, value)
    if "bio" in fields:
        profile.bio_html = render_markdown(profile.bio)
    profile.save(update_fields=[*fields, *(["bio_html"] if "bio" in fields else []), "updated_at"])
    transaction.on_commit(people_changed)
    return profile


def languages_normalize(text: str) -> str:
    """ "english,  Spanish , english" → "English, Spanish": one of each, first spelling kept."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name[:1].upper() + name[1:]
    return ", ".join(seen.values())


AVATAR_FIELDS = {"large": "avatar", "small": "avatar_small"}


def avatar_set(*, profile: Profile, upload) -> Profile:
    """Replace the photo with square thumbnails of the upload (validated by Pillow).

    Raises ValidationError for anything that is not a usable photo; the old photo then stays.
    """
    return avatar_save(profile=profile, thumbnails=avatar_thumbnails(upload))


@transaction.atomic
def avatar_save(*, profile: Profile, thumbnails: dict) -> Profile:
    """Store thumbnails made by avatar_thumbnails(); old files go once this is committed."""
    images_replace(profile, AVATAR_FIELDS, thumbnails)
    transaction.on_commit(people_changed)
    return profile


@transaction.atomic
def avatar_remove(*, profile: Profile) -> Profile:
    images_replace(profile, AVATAR_FIELDS, None)
    transaction.on_commit(people_changed)
    return profile


def follow_set(*, follower: User, followed: User, follow: bool) -> bool:
    """Follow or unfollow a colleague; idempotent. Returns whether follower now follows."""
    if follow:
        if follower.pk == followed.pk:
            raise ValidationError(_("You cannot follow yourself."))
        if not followed.is_active:
            raise ValidationError(_("This person has left the company."))
        Follow.objects.get_or_create(follower=follower, followed=followed)
        _suggestions_changed(follower)
        return True
    Follow.objects.filter(follower=follower, followed=followed).delete()
    _suggestions_changed(follower)
    return False


def _suggestions_changed(user: User) -> None:
    cache.set(f"people:meet-version:{user.pk}", time.time_ns(), None)


def endorsement_set(*, endorser: User, person: User, topic: Topic, endorse: bool) -> bool:
    """Endorse (or withdraw an endorsement of) one of a person's declared skills.

    Once per skill per endorser: the database's unique constraint makes a double click or
    two concurrent requests one endorsement. Returns whether the endorsement now exists.
    """
    if not endorse:
        Endorsement.objects.filter(endorser=endorser, person=person, topic=topic).delete()
        return False
    if endorser.pk == person.pk:
        raise ValidationError(_("You cannot endorse your own skills."))
    if endorser.is_guest:
        raise PermissionDenied(_("External guests cannot endorse colleagues."))
    if not person.is_active:
        raise ValidationError(_("This person has left the company."))
    if not person.profile.skills.filter(pk=topic.pk).exists():
        raise ValidationError(
            _("%(name)s does not list %(topic)s as a skill.")
            % {"name": person.name, "topic": topic.name}
        )
    try:
        with transaction.atomic():
            Endorsement.objects.get_or_create(endorser=endorser, person=person, topic=topic)
    except IntegrityError:  # A concurrent request endorsed first.
        pass
    return True
