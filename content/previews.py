"""Link previews: when someone shares a link, a Celery task reads the page (safely, see
socialearn.lib.safe_http) for its title, description and picture. A missing summary or
title is filled in; the picture is validated, re-encoded and kept privately, served by
content.views.preview to the item's readers only (never hot-linked: readers' browsers
talk to this site alone)."""

from __future__ import annotations

import logging
import uuid

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
    """Read the item's page and keep its preview; True when something was learned. Runs
    once per item; a failure of any kind is logged and recorded as the fetch: the item
    stays as its sharer wrote it. Title and summary are filled only while they are still
    the placeholder and empty, so an edit made meanwhile is never overwritten."""
    if item.preview_fetched_at is not None:
        return False
    options = {"timeout": settings.PREVIEW_TIMEOUT, "allow_loopback": settings.FEEDS_ALLOW_LOOPBACK}
    rows = LibraryItem.objects.filter(pk=item.pk)
    storage = item.preview_image.storage
    learned = False
    picture = None
    try:
        page = fetch(item.url, max_bytes=PAGE_MAX_BYTES, **options)
        if "html" not in page.content_type.lower():
            raise FetchError(f"not a web page ({page.content_type[:80]}): {item.url[:200]}")
        preview = parse_preview(page.body, base_url=page.url, charset=charset_of(page.content_type))
        if preview.title:
            learned |= bool(
                rows.filter(title=placeholder_title(item.url)).update(title=preview.title)
            )
        if preview.description:
            learned |= bool(rows.filter(summary="").update(summary=preview.description))
        if preview.image_url:
            fetched = fetch(preview.image_url, max_bytes=MAX_UPLOAD_BYTES, **options)
            picture = storage.save(
                f"library/previews/{uuid.uuid4().hex}.webp", preview_image(fetched.body)
            )
            learned |= bool(rows.filter(preview_image="").update(preview_image=picture))
    except (FetchError, ValidationError) as exc:
        log.info("no preview for item %s: %s", item.pk, exc)
    except Exception:  # a page is anyone's: whatever it does, the fetch is recorded
        log.exception("no preview for item %s", item.pk)
    finally:
        rows.update(preview_fetched_at=timezone.now())
        if picture and not rows.filter(preview_image=picture).exists():
            storage.delete(picture)  # not kept: do not leave it behind
    return learned
