"""Pagination of every list page."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


class KnownCountPaginator(Paginator):
    """A paginator told how many items there are (a counter kept on a row), so that
    paginating needs no COUNT query."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def paginate(
    request: HttpRequest,
    items,
    *,
    per_page: int | None = None,
    count: int | None = None,
    param: str = "page",
) -> Page:
    """The page named by ?page= (or ?<param>= where a page has two lists); a bad or
    out-of-range number gives the nearest page."""
    per_page = per_page or settings.PAGE_SIZE
    if count is None:
        paginator = Paginator(items, per_page)
    else:
        paginator = KnownCountPaginator(items, per_page, count=count)
    return paginator.get_page(request.GET.get(param))
