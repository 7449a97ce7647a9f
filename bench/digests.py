#!/usr/bin/env python3
"""Time composing and sending a digest to every person of the bench data, to an SMTP
server on 127.0.0.1 that keeps nothing (aiosmtpd, started here).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialearn_bench \\
        .venv/bin/python bench/digests.py [--people 10000] [--batch 100]

Seed first (docs/performance.md). One digest is recorded per person, due now, and the
digests are composed and sent in batches as the digest worker does (digests.emails:
one composition and one SMTP connection per batch), in this one process; everything runs
inside a transaction that is rolled back, so the data stays as it was. Prints the time,
the rate, the outcomes and the queries per batch.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialearn.settings")


class Rollback(Exception):
    pass


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per connection

    port = free_port()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"

    import django

    django.setup()
    from django.db import connection, reset_queries, transaction
    from django.utils import timezone

    from digests.emails import digests_send
    from digests.models import Digest
    from profiles.models import User

    connection.force_debug_cursor = True  # count queries without DEBUG
    outcomes = {"sent": 0, "empty": 0, "skipped": 0}
    queries = []
    try:
        with transaction.atomic():
            now = timezone.now()
            people = list(
                User.objects.filter(is_active=True)
                .order_by("pk")
                .values_list("pk", flat=True)[: args.people]
            )
            Digest.objects.bulk_create(
                [Digest(user_id=pk, due_at=now) for pk in people], batch_size=5000
            )
            ids = list(
                Digest.objects.filter(due_at=now).order_by("pk").values_list("pk", flat=True)
            )
            print(f"{connection.vendor}: {len(ids):,} digests to compose and send")
            started = time.perf_counter()
            for start in range(0, len(ids), args.batch):
                reset_queries()
                done = digests_send(digest_ids=ids[start : start + args.batch])
                queries.append(len(connection.queries))
                for key, value in done.items():
                    outcomes[key] += value
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    finally:
        controller.stop()
    print(
        f"{elapsed:.1f} s for {len(ids):,} digests: {len(ids) / elapsed:.0f} a second; "
        f"{outcomes}; received by the SMTP server: {sink.count}"
    )
    print(f"queries per batch of {args.batch}: min {min(queries)}, max {max(queries)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
