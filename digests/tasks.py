"""Digest jobs: beat plans (digests.services.digests_plan) and fans out batches of
digests to compose and send, on the "digests" queue so that a big run never delays a
mention email (see docs/operations.md)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction

from digests.emails import digests_send
from digests.services import digests_plan
from socialearn.lib.email import retry_delay

log = logging.getLogger(__name__)
BATCH = 100  # digests per task: composed together, one SMTP connection


@shared_task(soft_time_limit=120, time_limit=150)
def plan_due() -> int:
    """Beat, every five minutes: record the digests now due and queue them (and those
    whose task was lost) in batches. Safe to run twice. Returns how many were queued."""
    with transaction.atomic():
        ids = digests_plan()
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            transaction.on_commit(lambda batch=batch: send_digests.delay(batch), robust=True)
    return len(ids)


@shared_task(bind=True, max_retries=8, soft_time_limit=600, time_limit=660)
def send_digests(self, digest_ids: list[int]) -> dict[str, int]:
    """Compose and send these digests; each goes once, however often this runs. A
    failing mail server (or the time limit) makes it try again later, with backoff, for
    the ones not sent yet."""
    try:
        done = digests_send(digest_ids=digest_ids)
    except (OSError, SoftTimeLimitExceeded) as exc:
        log.warning("digests %s…: %r; retrying", digest_ids[:3], exc)
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
    log.info("digests: %s", done)
    return done
