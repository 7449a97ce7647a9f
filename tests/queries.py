"""Query budgets: a page's SQL count must be small and must not grow with its rows."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fn: Callable[[], object]) -> tuple[int, list[str]]:
    """Queries of one call with nothing cached: the budget is for the worst case."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    status = getattr(response, "status_code", 200)
    assert status == 200, f"expected 200, got {status}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant_queries(
    fetch: Callable[[], object],
    add_rows: Callable[[int], None],
    *,
    rows: int = 3,
    budget: int = 12,
) -> int:
    """Fetch with `rows` rows, then with ten times as many: the count must stay the same
    and within budget. Returns the count."""
    add_rows(rows)
    small, _ = count_queries(fetch)
    add_rows(rows * 9)
    large, sql = count_queries(fetch)
    assert small == large, f"query count grew with rows: {small} -> {large}\n" + "\n".join(sql)
    assert large <= budget, f"{large} queries, budget {budget}:\n" + "\n".join(sql)
    return large
