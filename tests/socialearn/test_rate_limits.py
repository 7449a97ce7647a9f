from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.models import Post
from socialearn.lib import ratelimit
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_rate_window(time_machine):
    """Limits count per minute: a test that straddled a minute would start a new count."""
    time_machine.move_to("2026-11-30 09:00:05", tick=False)


def test_replying_too_fast_gets_429_and_keeps_the_text(client_for, member, private_group):
    thread = ThreadFactory(group=private_group)
    client = client_for(member)
    limit, _period = ratelimit.RATES["post"]
    for n in range(limit):
        assert client.post(thread.get_absolute_url(), {"body": f"reply {n}"}).status_code == 302
    response = client.post(thread.get_absolute_url(), {"body": "one too many"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "one too many" in response.content.decode()
    assert Post.objects.count() == limit


def test_the_limit_is_per_person(client_for, member, moderator, private_group):
    thread = ThreadFactory(group=private_group)
    for _ in range(ratelimit.RATES["post"][0]):
        ratelimit.allow(action="post", key=str(member.pk))
    response = client_for(moderator).post(thread.get_absolute_url(), {"body": "fine"})
    assert response.status_code == 302


def test_reading_is_never_limited(client_for, member, private_group):
    thread = ThreadFactory(group=private_group)
    client = client_for(member)
    for _ in range(ratelimit.RATES["post"][0] + 2):
        assert client.get(thread.get_absolute_url()).status_code == 200


def test_a_new_window_starts_fresh(member, time_machine):
    time_machine.move_to("2026-01-01 10:00:00", tick=False)
    for _ in range(ratelimit.RATES["join"][0]):
        assert ratelimit.allow(action="join", key="k")
    assert not ratelimit.allow(action="join", key="k")
    time_machine.move_to("2026-01-01 10:01:00", tick=False)
    assert ratelimit.allow(action="join", key="k")


def test_sign_in_is_rate_limited_by_allauth(client):
    from tests.factories import UserFactory

    UserFactory(email="kim@example.com")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "kim@example.com", "password": "x"})
    response = client.post(reverse("account_login"), {"login": "kim@example.com", "password": "x"})
    assert "Too many failed login attempts" in response.content.decode()
