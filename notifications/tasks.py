"""Sending notifications by email at once (notifications.emails), queued by
notifications.services.notify once its rows are committed."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from notifications.emails import emails_send, overdue_email_batches
from socialearn.lib.email import retry_delay

log = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=8, soft_time_limit=300, time_limit=330)
def send_emails(self, notification_ids: list[int]) -> int:
    """Email these notifications (ids only); each goes once, however often this runs. A
    failing mail server (or the time limit) makes it try again later, with backoff, for
    the ones not sent yet. Returns how many were sent."""
    try:
        return emails_send(notification_ids=notification_ids)
    except (OSError, SoftTimeLimitExceeded) as exc:
        log.warning("notification emails %s: %r; retrying", notification_ids[:3], exc)
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


@shared_task(soft_time_limit=120, time_limit=150)
def send_overdue_emails() -> int:
    """Beat, every five minutes: emails due for more than five minutes and not sent (their
    task was lost with a broker that was down, or gave up while the mail server was)
    are queued again, for a day. Sending claims each one, so none goes twice. Returns
    how many were queued."""
    queued = 0
    for batch in overdue_email_batches():
        send_emails.delay(batch)
        queued += len(batch)
    if queued:
        log.info("notification emails: %s overdue queued again", queued)
    return queued
