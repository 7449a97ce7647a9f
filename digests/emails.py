"""Sending digests: composed for a batch at once (digests.compose), each claimed in the
transaction that sends it, over one SMTP connection."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digests.compose import Content, compose
from digests.models import Digest
from digests.unsubscribe import unsubscribe_url
from socialearn.lib.email import absolute_url, person_zone, refusal_code, templated_email

log = logging.getLogger(__name__)


def digests_send(*, digest_ids: list[int]) -> dict[str, int]:
    """Compose and send these digests. Each is claimed (its status moved from "planned"
    where it still is) in the transaction that sends it: a retried or repeated run sends
    only what was not sent, and a failed send leaves it planned for the retry. Nothing
    new: marked empty, no email. An address or a message the server refuses for good
    (5xx) is logged and skipped; refused for now (4xx), it stays planned for a later run;
    the others go either way. A failing server (the connection) raises OSError for the
    task to retry. Returns the counts by outcome."""
    planned = list(
        Digest.objects.filter(pk__in=digest_ids, status=Digest.Status.PLANNED)
        .select_related("user__profile")
        .order_by("pk")
    )
    done = {"sent": 0, "empty": 0, "skipped": 0, "deferred": 0}
    if not planned:
        return done
    contents = compose(planned)
    with get_connection() as connection:
        for content in contents:
            outcome = _send_one(content, connection)
            if outcome:
                done[outcome] += 1
    return done


def _send_one(content: Content, connection) -> str | None:
    digest, user = content.digest, content.digest.user
    if not user.is_active:
        status = Digest.Status.SKIPPED
    elif not content.count:
        status = Digest.Status.EMPTY
    else:
        status = Digest.Status.SENT
    with transaction.atomic():
        claimed = Digest.objects.filter(pk=digest.pk, status=Digest.Status.PLANNED).update(
            status=status, done_at=timezone.now(), items=content.count
        )
        if not claimed:
            return None  # done by another run
        if status != Digest.Status.SENT:
            return str(status)
        try:
            _message(content, connection).send()
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
            code = refusal_code(exc)
            if code < 500:
                # This one refused for now (a full mailbox): it stays planned for a later
                # run, the others of the batch still go.
                log.warning("digest %s: refused for now (%s)", digest.pk, code)
                transaction.set_rollback(True)
                return "deferred"
            log.warning("digest %s: refused for good (%s)", digest.pk, code)
            Digest.objects.filter(pk=digest.pk).update(status=Digest.Status.SKIPPED)
            return "skipped"
    return "sent"


def _message(content: Content, connection):
    user = content.digest.user
    unsubscribe = unsubscribe_url(user_id=user.pk)
    with translation.override(settings.LANGUAGE_CODE), timezone.override(person_zone(user)):
        subject = _("Your SociaLearn digest: %(n)d new for you") % {"n": content.count}
        context = {
            "c": content,
            "name": user.profile.display_name,
            "subject": subject,
            "site": absolute_url(""),
            "link": absolute_url(reverse("home")),
            "settings_link": absolute_url(reverse("digests:settings")),
            "unsubscribe_link": unsubscribe,
        }
        return templated_email(
            "email/digests/digest",
            context,
            subject=subject,
            to=user.email,
            unsubscribe_url=unsubscribe,
            connection=connection,
        )
