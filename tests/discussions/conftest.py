from __future__ import annotations

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued for after its transaction
    commits (notifications, emails), as a real commit would, before the test goes on."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
