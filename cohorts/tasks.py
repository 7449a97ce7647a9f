from __future__ import annotations

import logging

from celery import shared_task

from cohorts.services import follow_ups_open

log = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=150)
def open_follow_ups() -> int:
    """Beat runs this every few minutes: follow-up threads for sessions that ended."""
    opened = follow_ups_open()
    if opened:
        log.info("cohort follow-ups opened: %d", opened)
    return opened
