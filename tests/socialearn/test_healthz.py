from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from socialearn.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_health_reports_every_part_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def unreachable_broker():
    """Point Celery at a port where nothing listens: a real connection failure."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    previous = celery_app.conf.broker_url
    # The health check opens a fresh connection from the configuration; the app's
    # producer pool (which tasks use) is left alone: a closed pool stays closed.
    celery_app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    yield
    celery_app.conf.broker_url = previous


@pytest.mark.usefixtures("unreachable_broker")
def test_health_answers_503_naming_the_part_that_is_down(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["broker"] == "down"
    assert body["checks"]["database"] == "ok"


def test_health_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # stores nothing
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "down"
