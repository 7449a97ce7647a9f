"""Operators run any periodic job by hand, by its name in the beat schedule."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("runjob", *args, stdout=out)
    return out.getvalue()


def test_the_list_names_every_job_of_the_beat_schedule():
    listed = run("--list")
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert name in listed
        assert entry["task"] in listed


@pytest.mark.parametrize("name", list(settings.CELERY_BEAT_SCHEDULE))
def test_every_job_runs_by_hand_and_again(name):
    assert run(name).startswith(f"{name}: ")
    assert run(name).startswith(f"{name}: ")  # idempotent: a second run is harmless


def test_an_unknown_job_is_refused_with_the_known_ones():
    with pytest.raises(CommandError, match="no job 'nope'"):
        run("nope")
