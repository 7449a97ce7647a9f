from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from socialearn.templatetags.socialearn import ago, duration


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 min"), (12, "12 min"), (60, "1 h"), (90, "1 h 30 min"),
                          (900, "15 h")],
)  # fmt: skip
def test_duration_reads_like_people_speak(minutes, text):
    assert duration(minutes) == text


def test_ago_says_just_now_then_one_unit():
    now = timezone.now()
    assert ago(now) == "just now"
    assert ago(now - datetime.timedelta(hours=5, minutes=20)) == "5\xa0hours ago"
    assert ago(None) == ""
