"""Link previews: when someone shares a link, a Celery task reads the page (safely, see
socialearn.lib.safe_http) for its title, description and picture. A missing summary or
title is filled in; the picture is validated, re-encoded and kept privately, served by
content.views.preview to the item's readers only (never hot-linked: readers' browsers
talk to this site alone)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from content.models import LibraryItem
from socialearn.lib.images import MAX_UPLOAD_BYTES, preview_image
from socialearn.lib.link_preview import charset_of, parse_preview
from socialearn.lib.safe_http import FetchError, fetch

log = logging.getLogger(__name__)
PAGE_MAX_BYTES = 1024 * 1024  # a page's head is at its start


def placeholder_title(url: str) -> str:
    """The title a link gets until its page's own title is known: its address."""
    return url.split("://", 1)[-1].rstrip("/")[:200]


def preview_fetch(item: LibraryItem) -> bool:
    """Read the item's page and keep its preview; True when something was learned. A
    failure is logged and recorded as a fetch: the item stays as its sharer wrote it."""
    options = {"timeout": settings.PREVIEW_TIMEOUT, "allow_loopback": settings.FEEDS_ALLOW_LOOPBACK}
    changed: list[str] = ["preview_fetched_at"]
    item.preview_fetched_at = timezone.now()
    try:
        page = fetch(item.url, max_bytes=PAGE_MAX_BYTES, **options)
        if "html" not in page.content_type.lower():
            raise FetchError(f"not a web page ({page.content_type[:80]}): {item.url[:200]}")
        preview = parse_preview(page.body, base_url=page.url, charset=charset_of(page.content_type))
        if preview.title and item.title == placeholder_title(item.url):
            item.title = preview.title
            changed.append("title")
        if preview.description and not item.summary:
            item.summary = preview.description
            changed.append("summary")
        if preview.image_url:
            picture = fetch(preview.image_url, max_bytes=MAX_UPLOAD_BYTES, **options)
            item.preview_image.save("preview.webp", preview_image(picture.body), save=False)
            changed.append("preview_image")
    except (FetchError, ValidationError) as exc:
        log.info("no preview for item %s: %s", item.pk, exc)
    LibraryItem.objects.filter(pk=item.pk).update(
        **{field: getattr(item, field) for field in changed}
    )
    return len(changed) > 1
