"""Writes on people and their profiles."""

from __future__ import annotations

from django.db import transaction

from profiles.models import Profile, User, unique_handle
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


@transaction.atomic
def profile_update(*, profile: Profile, **fields: str) -> Profile:
    """Update profile fields; the bio's HTML is rendered here, once, on save."""
    for name, value in fields.items():
        setattr(profile, name, value)
    if "bio" in fields:
        profile.bio_html = render_markdown(profile.bio)
    profile.save(update_fields=[*fields, *(["bio_html"] if "bio" in fields else []), "updated_at"])
    return profile
