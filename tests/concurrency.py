"""Races on a real database server: run the same operation from several threads released
together, each with its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import pytest
from django.db import connection


def skip_on_sqlite() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs a server database")


def at_once(fn: Callable[..., object], calls: Iterable[tuple]) -> list[BaseException]:
    """Call fn(*args) for every args in `calls`, all starting at the same moment; returns
    what they raised."""
    calls = list(calls)
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(args):
        try:
            barrier.wait()
            fn(*args)
        except Exception as exc:  # collected for the test to judge
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(args,)) for args in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors
