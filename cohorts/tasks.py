from __future__ import annotations

from celery import shared_task

from cohorts.services import follow_ups_open


@shared_task
def open_follow_ups() -> int:
    """Beat runs this every few minutes: follow-up threads for sessions that ended."""
    return follow_ups_open()
