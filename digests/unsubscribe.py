"""One-click unsubscribe from digests: a signed token naming the person, in every digest
(the link, and the List-Unsubscribe header). Whoever holds it may turn that person's
digests off, signed in or not: it is as secret as the email it came in. It does not
expire (RFC 8058); changing SECRET_KEY voids them all."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from profiles.models import User
from socialearn.lib.email import absolute_url

SALT = "digests.unsubscribe"


def token_for(*, user_id: int) -> str:
    return signing.dumps(user_id, salt=SALT, compress=False)


def unsubscribe_url(*, user_id: int) -> str:
    return absolute_url(reverse("digests:unsubscribe", args=[token_for(user_id=user_id)]))


def read_token(token: str) -> User:
    """The active person a token names; BadSignature for anything else."""
    try:
        user_id = signing.loads(token, salt=SALT)
    except (TypeError, ValueError) as exc:
        raise signing.BadSignature(token) from exc
    if not isinstance(user_id, int):
        raise signing.BadSignature(token)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise signing.BadSignature(token)
    return user
