#!/usr/bin/env python3
"""Time the hot-score job (discussions.highlights.hot_scores_refresh) on the bench data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialearn_bench \\
        .venv/bin/python bench/hot_scores.py [--runs 3]

Seed first with ``manage.py seed_bench --threads 100000`` (see docs/performance.md). The
job runs inside a transaction that is rolled back, so the data stays as it was; each run
prints what the job counted and how long it took, then the query plan of the main UPDATE.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialearn.settings")


class Rollback(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Max

    from discussions.highlights import hot_scores_refresh
    from discussions.models import Thread

    threads = Thread.objects.count()
    # The bench data's "now" is when it was seeded: score as of its latest activity.
    now = Thread.objects.aggregate(latest=Max("last_activity_at"))["latest"]
    print(f"{connection.vendor}: {threads:,} threads; scoring as of {now:%Y-%m-%d %H:%M}")
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                counts = hot_scores_refresh(now=now)
                raise Rollback
        except Rollback:
            pass
        elapsed = time.perf_counter() - started
        print(f"run {run}: {elapsed:.2f} s  {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
