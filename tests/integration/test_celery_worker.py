"""A real Celery worker process takes tasks from the real broker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from socialearn.celery import app as celery_app
from socialearn.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def start_worker(env: dict[str, str], log: Path, *, queues: str = "celery") -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (a fixed command; queues come from the tests)
        [sys.executable, "-m", "celery", "-A", "socialearn", "worker", "--pool", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
         "--queues", queues],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set: no Redis to test")
def test_a_worker_on_redis_runs_a_task_and_returns_its_result(tmp_path):
    worker = start_worker(dict(os.environ), tmp_path / "worker.log")
    try:
        result = heartbeat.delay()
        value = result.get(timeout=60)
    finally:
        stop(worker)
    assert value.startswith(time.strftime("%Y-"))
    assert "succeeded" in (tmp_path / "worker.log").read_text()


@pytest.mark.skipif(
    bool(settings.REDIS_URL), reason="REDIS_URL is set: the embedded broker is not in use"
)
def test_a_worker_on_the_embedded_broker_runs_a_task(tmp_path):
    var = tmp_path / "var"
    queue = var / "celery" / "queue"
    queue.mkdir(parents=True)
    (var / "celery" / "processed").mkdir()
    previous = celery_app.conf.broker_transport_options
    celery_app.conf.broker_transport_options = {
        **previous,
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(var / "celery" / "processed"),
    }
    log = tmp_path / "worker.log"
    worker = start_worker({**os.environ, "VAR_DIR": str(var)}, log)
    try:
        # A fresh connection reads the folders set above (the app's pool may be older).
        with celery_app.connection_for_write() as connection:
            sent = heartbeat.apply_async(connection=connection)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and f"{sent.id}] succeeded" not in log.read_text():
            time.sleep(0.25)
    finally:
        celery_app.conf.broker_transport_options = previous
        stop(worker)
    assert f"{sent.id}] succeeded" in log.read_text()
