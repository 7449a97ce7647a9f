"""The query-budget helper itself must catch an N+1 page."""

from __future__ import annotations

import pytest

from discussions.models import Thread
from tests.factories import ThreadFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_it_fails_on_a_page_that_queries_once_per_row():
    def naive_page():
        return [t.author.profile.display_name for t in Thread.objects.all()]

    with pytest.raises(AssertionError, match="query count grew"):
        assert_constant_queries(naive_page, lambda n: ThreadFactory.create_batch(n))


def test_it_passes_a_page_that_fetches_related_rows_up_front():
    def good_page():
        return [t.author.profile.display_name for t in Thread.objects.select_related(
            "author__profile")]  # fmt: skip

    assert assert_constant_queries(good_page, lambda n: ThreadFactory.create_batch(n)) == 1
