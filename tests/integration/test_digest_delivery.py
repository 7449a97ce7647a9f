"""Digests through real services: a Celery worker process on Redis, PostgreSQL, and an SMTP
server on 127.0.0.1 (aiosmtpd, run here). Each person gets exactly one digest, whatever
runs twice, whatever task was lost, and with the mail server down for a while."""

from __future__ import annotations

import asyncio
import datetime
import os
import signal
import socket
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from digests.models import Digest, DigestSettings, Frequency
from digests.tasks import plan_due
from profiles.models import User
from tests.factories import MembershipFactory, ThreadFactory, UserFactory
from tests.integration.test_celery_worker import start_worker, stop

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql",
        reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
    ),
]


class Sink:
    """An SMTP server's handler that keeps what it receives. With a delay, it takes its
    time before answering, and keeps nothing if the sender is gone by then (it never
    heard "250 OK", so the message is not its to deliver)."""

    def __init__(self, delay: float = 0) -> None:
        self.received: list[tuple[list[str], str]] = []
        self.texts: dict[str, str] = {}
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
            if server.transport is None or server.transport.is_closing():
                return "451 sender gone"
        message = message_from_bytes(envelope.content)
        self.received.append((list(envelope.rcpt_tos), message["Subject"]))
        self.texts[envelope.rcpt_tos[0]] = envelope.content.decode("utf-8", "replace")
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_smtp(port: int, *, delay: float = 0) -> tuple[Controller, Sink]:
    sink = Sink(delay)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, sink


def worker_env(smtp_port: int) -> dict[str, str]:
    """The worker reads the test database and sends to our SMTP server."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_RETRY_SECONDS": "1",
    }


def people_due_now(n: int) -> list[User]:
    """People whose daily digest is due this hour (UTC), with something new for them."""
    hour = timezone.now().astimezone(datetime.UTC).hour
    thread = ThreadFactory(is_highlighted=True)
    people = []
    for _ in range(n):
        person = UserFactory()
        MembershipFactory(group=thread.group, user=person)
        DigestSettings.objects.create(user=person, frequency=Frequency.DAILY, hour=hour)
        people.append(person)
    User.objects.update(date_joined=timezone.now() - datetime.timedelta(days=30))
    return people


def wait_until(condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError("timed out waiting")


def all_done() -> bool:
    return not Digest.objects.filter(status=Digest.Status.PLANNED).exists()


def test_two_plannings_at_once_deliver_one_digest_each(tmp_path):
    port = free_port()
    controller, sink = serve_smtp(port)
    people = people_due_now(4)
    worker = start_worker(worker_env(port), tmp_path / "worker.log", queues="celery,digests")
    try:
        first, second = plan_due.delay(), plan_due.delay()  # a beat that fires twice
        first.get(timeout=60), second.get(timeout=60)
        wait_until(lambda: all_done() and Digest.objects.exists())
        wait_until(lambda: len(sink.received) >= len(people))
        assert plan_due.delay().get(timeout=60) == 0  # and once more: nothing
        time.sleep(1)
    finally:
        stop(worker)
        controller.stop()
    received = sorted(to[0] for to, _subject in sink.received)
    assert received == sorted(p.email for p in people)
    assert all("digest" in subject for _to, subject in sink.received)


def test_a_digest_whose_task_was_lost_is_delivered_once(tmp_path):
    port = free_port()
    controller, sink = serve_smtp(port)
    (person,) = people_due_now(1)
    due = timezone.now().replace(minute=0, second=0, microsecond=0)
    digest = Digest.objects.create(user=person, due_at=due)  # recorded, then the crash
    Digest.objects.filter(pk=digest.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    worker = start_worker(worker_env(port), tmp_path / "worker.log", queues="celery,digests")
    try:
        assert plan_due.delay().get(timeout=60) == 1  # handed out again
        wait_until(lambda: len(sink.received) == 1)
        wait_until(all_done)
        assert plan_due.delay().get(timeout=60) == 0
    finally:
        stop(worker)
        controller.stop()
    assert [to for to, _subject in sink.received] == [[person.email]]
    assert Digest.objects.get().status == Digest.Status.SENT


def test_the_mail_server_down_then_up_delivers_each_digest_once(tmp_path):
    port = free_port()  # nothing listens there yet
    people = people_due_now(3)
    worker = start_worker(worker_env(port), tmp_path / "worker.log", queues="celery,digests")
    controller = None
    try:
        plan_due.delay().get(timeout=60)
        wait_until(lambda: "Retry in" in (tmp_path / "worker.log").read_text(), timeout=60)
        assert Digest.objects.filter(status=Digest.Status.PLANNED).count() == len(people)
        controller, sink = serve_smtp(port)  # the server comes back
        wait_until(all_done)
        wait_until(lambda: len(sink.received) >= len(people))
        time.sleep(1)
    finally:
        stop(worker)
        if controller is not None:
            controller.stop()
    assert sorted(to[0] for to, _subject in sink.received) == sorted(p.email for p in people)


def test_a_worker_killed_mid_batch_still_delivers_one_digest_each(tmp_path):
    port = free_port()
    controller, sink = serve_smtp(port, delay=0.5)
    people = people_due_now(8)
    env = worker_env(port)
    worker = start_worker(env, tmp_path / "worker.log", queues="celery,digests")
    try:
        plan_due.delay().get(timeout=60)
        wait_until(lambda: len(sink.received) >= 2)
        os.kill(worker.pid, signal.SIGKILL)  # in the middle of the batch
        worker.wait()
        assert len(sink.received) < len(people)
        # A new worker; the next planning hands out what was not sent.
        worker = start_worker(
            {**env, "DIGEST_RESEND_AFTER_SECONDS": "1"},
            tmp_path / "worker2.log",
            queues="celery,digests",
        )
        time.sleep(1.5)
        plan_due.delay().get(timeout=60)
        wait_until(lambda: len(sink.received) >= len(people))
        wait_until(all_done)
        time.sleep(1)
    finally:
        stop(worker)
        controller.stop()
    received = sorted(to[0] for to, _subject in sink.received)
    assert received == sorted(p.email for p in people)  # each once
    assert Digest.objects.filter(status=Digest.Status.SENT).count() == len(people)


def test_a_member_gets_the_private_groups_news_and_a_colleague_outside_it_does_not(tmp_path):
    from groups.models import Group
    from tests.factories import GroupFactory, NewsPostFactory

    port = free_port()
    controller, sink = serve_smtp(port)
    hour = timezone.now().astimezone(datetime.UTC).hour
    private = GroupFactory(visibility=Group.Visibility.PRIVATE)
    ThreadFactory(group=private, is_highlighted=True, title="Reorganisation plans")
    member, outsider = UserFactory(), UserFactory()
    MembershipFactory(group=private, user=member)
    NewsPostFactory(title="Canteen reopens")  # for everyone
    for person in (member, outsider):
        DigestSettings.objects.create(user=person, frequency=Frequency.DAILY, hour=hour)
    User.objects.update(date_joined=timezone.now() - datetime.timedelta(days=30))
    worker = start_worker(worker_env(port), tmp_path / "worker.log", queues="celery,digests")
    try:
        plan_due.delay().get(timeout=60)
        wait_until(lambda: {member.email, outsider.email} <= set(sink.texts))
    finally:
        stop(worker)
        controller.stop()
    assert "Reorganisation plans" in sink.texts[member.email]
    assert "Canteen reopens" in sink.texts[member.email]
    assert "Canteen reopens" in sink.texts[outsider.email]
    assert "Reorganisation plans" not in sink.texts[outsider.email]
