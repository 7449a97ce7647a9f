"""Redis down (production settings: cache, sessions and broker on Redis): pages go on from
the database, a reply is still posted (its notification tasks cannot be queued: logged),
rate limits let people through, and /healthz says what is down."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from discussions.models import Post
from socialearn.celery import app as celery_app
from socialearn.lib.ratelimit import allow
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket goes


@pytest.fixture
def redis_down(settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_connection_retry = False
    celery_app.conf.task_publish_retry = False
    yield url
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    celery_app.conf.broker_connection_retry = True
    celery_app.conf.task_publish_retry = True


def test_pages_and_posting_go_on_without_redis(
    redis_down, client_for, member, private_group, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(group=private_group, title="Still here")
    client = client_for(member)
    for url in (reverse("home"), thread.get_absolute_url(), reverse("search") + "?q=still"):
        assert client.get(url).status_code == 200, url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(thread.get_absolute_url(), {"body": "Posted without Redis"})
    assert response.status_code in (200, 302)
    assert Post.objects.filter(thread=thread, body="Posted without Redis").exists()


def test_rate_limits_let_people_through_when_the_cache_is_down(redis_down):
    assert cache.get("anything") is None
    assert all(allow(action="post", key="someone") for _ in range(50))


def test_healthz_names_what_is_down(redis_down, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "down"
    assert response.json()["checks"]["database"] == "ok"
