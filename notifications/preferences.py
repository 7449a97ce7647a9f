"""How each person wants to hear about each kind of notification, chosen on
/notifications/settings/ (kinds they never chose follow DEFAULTS):

- EMAIL: in the app (a row and the bell) and by email at once;
- IN_APP: in the app only;
- DIGEST: a row kept for their digest (listed on the page, not on the bell); the digest
  emails gather these rows;
- OFF: nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification, Preference

Kind, Channel = Notification.Kind, Preference.Channel

# Email at once where someone waits for the person (a join request, an invitation, an
# answer to their request), where they were named (a mention), and for news the desk
# marked important; everything else is worth a look, not an interruption.
DEFAULTS: dict[str, str] = dict.fromkeys(Kind.values, Channel.IN_APP) | {
    Kind.JOIN_REQUEST: Channel.EMAIL,
    Kind.JOIN_DECIDED: Channel.EMAIL,
    Kind.INVITED: Channel.EMAIL,
    Kind.MENTION: Channel.EMAIL,
    Kind.NEWS_IMPORTANT: Channel.EMAIL,
}

# The settings page, section by section.
SECTIONS: list[tuple[str, list[str]]] = [
    (
        _("Discussions"),
        [Kind.REPLY, Kind.MENTION, Kind.ACCEPTED, Kind.NEW_QUESTION, Kind.WAITING_QUESTION],
    ),
    (
        _("Corrections and moderation"),
        [
            Kind.CORRECTION_SUGGESTED,
            Kind.CORRECTION_DECIDED,
            Kind.CORRECTED,
            Kind.HIDDEN,
            Kind.FLAGGED,
        ],
    ),
    (_("Groups"), [Kind.JOIN_REQUEST, Kind.JOIN_DECIDED, Kind.INVITED]),
    (_("Library"), [Kind.REVIEW_DUE, Kind.BROKEN_LINK]),
    (_("News"), [Kind.NEWS_IMPORTANT, Kind.MUST_READ]),
]

CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on query parameters


def offered(kind: str) -> list[str]:
    """Every kind may be had by email at once, here, in the digest, or not at all."""
    return list(Channel.values)


def channels_of(user_ids: Iterable[int], kind: str) -> dict[str, set[int]]:
    """The people of user_ids by the channel they get `kind` on: one query per 500."""
    ids = sorted(set(user_ids))
    chosen: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        chosen.update(
            Preference.objects.filter(
                kind=kind, user_id__in=ids[start : start + CHUNK]
            ).values_list("user_id", "channel")
        )
    return _by_channel(ids, chosen, kind)


def split_by_channel(users: QuerySet, kind: str) -> dict[str, set[int]]:
    """The people of `users` (a queryset) by the channel they get `kind` on: two queries,
    whatever their number."""
    ids = set(users.values_list("pk", flat=True))
    chosen = dict(
        Preference.objects.filter(kind=kind, user__in=users).values_list("user_id", "channel")
    )
    return _by_channel(ids, chosen, kind)


def _by_channel(ids: Iterable[int], chosen: dict[int, str], kind: str) -> dict[str, set[int]]:
    by_channel: dict[str, set[int]] = {channel: set() for channel in Channel.values}
    default = DEFAULTS[kind]
    for pk in ids:
        by_channel[chosen.get(pk, default)].add(pk)
    return by_channel


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


@transaction.atomic
def email_stop(*, user, kind: str) -> bool:
    """Unsubscribe: `kind` by email at once becomes `kind` here only. Any other choice
    stays as it is (unsubscribing twice, or after choosing "off", changes nothing).
    True if it changed something."""
    if choices_of(user)[kind] != Channel.EMAIL:
        return False
    choices_set(user=user, choices={kind: Channel.IN_APP})
    return True
