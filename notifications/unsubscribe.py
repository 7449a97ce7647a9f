"""One-click unsubscribe: a signed token naming a person and a kind of notification, put
in the emails of that kind (the link, and the List-Unsubscribe header). Whoever holds it
may move that kind from "email at once" to "here only" for that person, signed in or
not: it is as secret as the email it came in. It does not expire, as RFC 8058 asks of
unsubscribe links; changing SECRET_KEY voids them all."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from notifications.models import Notification
from profiles.models import User
from socialearn.lib.email import absolute_url

SALT = "notifications.unsubscribe"


def token_for(*, user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=SALT, compress=False)


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = token_for(user_id=user_id, kind=kind)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def read_token(token: str) -> tuple[User, str]:
    """The active person and the kind a token names; BadSignature for anything else (a
    modified or forged token, an unknown kind, someone who has left)."""
    try:
        user_id, kind = signing.loads(token, salt=SALT)
    except (TypeError, ValueError) as exc:  # signed, but not what token_for makes
        raise signing.BadSignature(token) from exc
    if kind not in Notification.Kind.values or not isinstance(user_id, int):
        raise signing.BadSignature(token)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise signing.BadSignature(token)
    return user, kind
