"""Notifications by email at once (the EMAIL channel): one email per notification, with
a link to the exact place, why the person gets it, a link to their settings and a
one-click unsubscribe for its kind (notifications.unsubscribe)."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.models import Notification
from notifications.unsubscribe import unsubscribe_url
from socialearn.lib.email import absolute_url, person_zone, refusal_code, templated_email

log = logging.getLogger(__name__)
Kind = Notification.Kind

SUBJECTS = {
    Kind.REPLY: _("%(actor)s replied in “%(title)s”"),
    Kind.MENTION: _("%(actor)s mentioned you in “%(title)s”"),
    Kind.ACCEPTED: _("%(actor)s accepted your answer to “%(title)s”"),
    Kind.CORRECTION_SUGGESTED: _("%(actor)s suggested a correction in “%(title)s”"),
    Kind.CORRECTION_DECIDED: _("%(actor)s reviewed your correction in “%(title)s”"),
    Kind.CORRECTED: _("A post you follow in “%(title)s” was corrected"),
    Kind.HIDDEN: _("A moderator hid your post in “%(title)s”"),
    Kind.FLAGGED: _("%(actor)s reported a post in “%(title)s”"),
    Kind.REVIEW_DUE: _("“%(title)s” is due for review"),
    Kind.BROKEN_LINK: _("%(actor)s reported a broken link on “%(title)s”"),
    Kind.NEWS_IMPORTANT: _("Important: %(title)s"),
    Kind.MUST_READ: _("Please read and confirm: %(title)s"),
    Kind.JOIN_REQUEST: _("%(actor)s asks to join %(title)s"),
    Kind.JOIN_DECIDED: _("Your request to join %(title)s"),
    Kind.INVITED: _("You are invited to %(title)s"),
    Kind.NEW_QUESTION: _("New question for advocates: “%(title)s”"),
    Kind.WAITING_QUESTION: _("Still waiting for an answer: “%(title)s”"),
}
REASONS = {
    Kind.REPLY: _("You get this email because you follow this thread."),
    Kind.MENTION: _("You get this email because someone mentioned you."),
    Kind.ACCEPTED: _("You get this email because you wrote this answer."),
    Kind.CORRECTION_SUGGESTED: _("You get this email because you wrote the corrected text."),
    Kind.CORRECTION_DECIDED: _("You get this email because you suggested this correction."),
    Kind.CORRECTED: _("You get this email because you follow, saved or reacted to this."),
    Kind.HIDDEN: _("You get this email because you wrote the hidden post."),
    Kind.FLAGGED: _("You get this email because you moderate this group."),
    Kind.REVIEW_DUE: _("You get this email because you own this library item."),
    Kind.BROKEN_LINK: _("You get this email because you own this library item."),
    Kind.NEWS_IMPORTANT: _("You get this email because the news desk marked this important."),
    Kind.MUST_READ: _("You get this email because this news is addressed to you."),
    Kind.JOIN_REQUEST: _("You get this email because you moderate this group."),
    Kind.JOIN_DECIDED: _("You get this email because you asked to join this group."),
    Kind.INVITED: _("You get this email because a moderator of this group invited you."),
    Kind.NEW_QUESTION: _("You get this email because you are an advocate of this group."),
    Kind.WAITING_QUESTION: _(
        "You get this email because you are an advocate of this group and the question has "
        "had no answer for a working day."
    ),
}


def emails_send(*, notification_ids: list[int]) -> int:
    """Email these notifications, over one SMTP connection. Each is claimed (`emailed_at`
    set where it is still empty) in the transaction that sends it: a retried or repeated
    run sends only what was not sent, and a failed send leaves it unclaimed for the
    retry. Skipped, and claimed: a recipient who has left or can no longer see what it is
    about; an address the server refuses (the others still go). A failing server raises
    OSError (smtplib.SMTPException is one) for the task to retry. Returns how many were
    sent."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "actor__profile")
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for n in pending:
            deliver = n.recipient.is_active and n.recipient.email and _still_visible(n)
            with transaction.atomic():
                claimed = Notification.objects.filter(pk=n.pk, emailed_at__isnull=True).update(
                    emailed_at=timezone.now()
                )
                if not claimed or not deliver:
                    continue  # sent by another run, or nobody to send it to
                try:
                    _message(n, connection).send()
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                    code = refusal_code(exc)
                    if code < 500:
                        # Refused for now (a full mailbox): left unclaimed for the sweep,
                        # the others still go.
                        log.warning("notification %s: refused for now (%s)", n.pk, code)
                        transaction.set_rollback(True)
                    else:
                        log.warning("notification %s: refused for good (%s)", n.pk, code)
                    continue
            sent += 1
    return sent


def _still_visible(n: Notification) -> bool:
    return bool(registry.visible(n.recipient, [(n.target_type, n.target_id)]))


def _message(n: Notification, connection):
    person = n.recipient
    unsubscribe_link = unsubscribe_url(user_id=person.pk, kind=n.kind)
    # One language for the site (settings.LANGUAGE_CODE); times in the reader's zone.
    with translation.override(settings.LANGUAGE_CODE), timezone.override(person_zone(person)):
        actor = n.actor.profile.display_name if n.actor else _("Someone")
        subject = SUBJECTS[n.kind] % {"actor": actor, "title": n.title}
        context = {
            "n": n,
            "subject": subject,
            "reason": REASONS[n.kind],
            "kind_label": Kind(n.kind).label,
            "link": absolute_url(n.url),
            "settings_link": absolute_url(reverse("notifications:settings")),
            "unsubscribe_link": unsubscribe_link,
        }
        return templated_email(
            "email/notifications/notification",
            context,
            subject=subject,
            to=person.email,
            unsubscribe_url=unsubscribe_link,
            connection=connection,
        )


OVERDUE_AFTER = datetime.timedelta(minutes=5)
OVERDUE_FOR = datetime.timedelta(days=1)


def overdue_email_batches(batch_size: int = 100):
    """Ids of notifications due by email and still not sent, five minutes to a day old,
    in batches (through the partial index notification_email_due_idx)."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(
            email_due=True,
            emailed_at__isnull=True,
            created_at__lt=now - OVERDUE_AFTER,
            created_at__gte=now - OVERDUE_FOR,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:5000]
    )
    for start in range(0, len(ids), batch_size):
        yield ids[start : start + batch_size]
