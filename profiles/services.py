"""Writes on people and their profiles."""

from __future__ import annotations

from django.db import transaction

from profiles.models import Profile, Topic, User, normalize_topic, unique_handle
from socialearn.lib.markdown import render_markdown


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
    **fields: str,
) -> Profile:
    """Save the profile form: fields, the account's time zone, skills and interests."""
    profile_update(profile=profile, **fields)
    user = profile.user
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    profile.skills.set(topics_get_or_create(names=skills))
    profile.interests.set(topics_get_or_create(names=interests))
    return profile


@transaction.atomic
def profile_update(*, profile: Profile, **fields: str) -> Profile:
    """Update profile fields; the bio's HTML is rendered here, once, on save."""
    for name, value in fields.items():
        setattr(profile, name, value)
    if "bio" in fields:
        profile.bio_html = render_markdown(profile.bio)
    profile.save(update_fields=[*fields, *(["bio_html"] if "bio" in fields else []), "updated_at"])
    return profile
