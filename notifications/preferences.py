"""How each person wants to hear about each kind of notification: in the app and by
email at once, in the app only, in their digest only, or not at all. People choose on
/notifications/settings/; kinds they never chose follow DEFAULTS."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from notifications.models import Notification, Preference

Kind, Channel = Notification.Kind, Preference.Channel
# What people may choose, per kind: email at once where it is sent (important news, so
# far), here, or off. Digests arrive with the digest emails (see docs/operations.md).
EMAIL_KINDS = {Kind.NEWS_IMPORTANT}


def offered(kind: str) -> list[str]:
    if kind in EMAIL_KINDS:
        return [Channel.EMAIL, Channel.IN_APP, Channel.OFF]
    return [Channel.IN_APP, Channel.OFF]


def switched_off(user_ids, kind: str) -> set[int]:
    """Who among user_ids turned `kind` off (one query)."""
    return set(
        Preference.objects.filter(kind=kind, channel=Channel.OFF, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )


DEFAULTS: dict[str, str] = dict.fromkeys(Kind.values, Channel.IN_APP) | {
    Kind.NEWS_IMPORTANT: Channel.EMAIL,
}


def choices_of(user) -> dict[str, str]:
    """Every kind with the channel the person gets it on."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}


@transaction.atomic
def choices_set(*, user, choices: dict[str, str]) -> None:
    """Store the person's choices; a choice equal to the default is stored too, so a later
    change of the defaults never overrides what someone chose."""
    for kind, channel in choices.items():
        if kind in Kind.values and channel in offered(kind):
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


def split_by_channel(users: QuerySet, kind: str) -> dict[str, set[int]]:
    """The people of `users` (a queryset) by the channel they get `kind` on: two queries,
    whatever their number."""
    ids = set(users.values_list("pk", flat=True))
    chosen = dict(
        Preference.objects.filter(kind=kind, user__in=users).values_list("user_id", "channel")
    )
    by_channel: dict[str, set[int]] = {channel: set() for channel in Channel.values}
    default = DEFAULTS[kind]
    for pk in ids:
        by_channel[chosen.get(pk, default)].add(pk)
    return by_channel
