"""The moment digest tests plan and send at, and people who were here before it."""

from __future__ import annotations

import datetime

from profiles.models import User

DUE = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)  # Monday 08:00 UTC
AFTER = DUE + datetime.timedelta(minutes=1)


def settled(user):
    """Someone who has been here a while (digests are for those who joined before)."""
    User.objects.filter(pk=user.pk).update(date_joined=DUE - datetime.timedelta(days=60))
    return user
