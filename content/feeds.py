"""Importing partners' RSS and Atom feeds into libraries.

Each feed is fetched safely (socialearn.lib.safe_http: public addresses only, size and
time limits, redirects checked) and parsed with feedparser. Every entry becomes a link
item in the feed's library, keyed by (feed, entry id or link) under a unique
constraint, so a second run, or two at once, never duplicates one. Summaries are
sanitised like any user text. A feed that fails records why (shown in the admin) and
never stops the others.
"""

from __future__ import annotations

import calendar
import datetime
import html as html_lib
import logging
from dataclasses import dataclass

import feedparser
import nh3
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from content.models import Feed, LibraryItem
from content.services import DEFAULT_REVIEW_MONTHS, item_slug
from socialearn.lib.markdown import sanitize_html
from socialearn.lib.safe_http import FetchError, fetch

log = logging.getLogger(__name__)
MAX_ENTRIES = 100  # per feed and run: the newest first
REVIEW_AFTER = datetime.timedelta(days=30 * DEFAULT_REVIEW_MONTHS)


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    error: str = ""


def import_feed(feed: Feed) -> ImportResult:
    """Fetch and import one feed, recording success or the error on it."""
    now = timezone.now()
    result = ImportResult()
    try:
        fetched = fetch(
            feed.url,
            timeout=settings.FEEDS_TIMEOUT,
            max_bytes=settings.FEEDS_MAX_BYTES,
            allow_loopback=settings.FEEDS_ALLOW_LOOPBACK,
        )
        _import_document(feed, fetched.body, result)
    except FetchError as exc:
        result.error = str(exc)[:500]
    if result.error:
        Feed.objects.filter(pk=feed.pk).update(
            last_checked_at=now, last_error=result.error, last_error_at=now
        )
        log.warning("feed %s failed: %s", feed.pk, result.error)
    else:
        Feed.objects.filter(pk=feed.pk).update(
            last_checked_at=now,
            last_success_at=now,
            last_error="",
            imported_count=F("imported_count") + result.created,
        )
    return result


def import_document(feed: Feed, body: bytes) -> ImportResult:
    """Import a feed document already in hand (the demo's bundled feeds)."""
    result = ImportResult()
    try:
        _import_document(feed, body, result)
    except FetchError as exc:
        result.error = str(exc)
    return result


def _import_document(feed: Feed, body: bytes, result: ImportResult) -> None:
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"not a feed: {parsed.get('bozo_exception', 'unreadable')}")
    for entry in parsed.entries[:MAX_ENTRIES]:
        if _import_entry(feed, entry):
            result.created += 1
        else:
            result.skipped += 1


def _import_entry(feed: Feed, entry) -> bool:
    link = entry.get("link", "")
    if not link.startswith(("https://", "http://")):
        return False
    key = (entry.get("id") or link)[:500]
    if LibraryItem.objects.filter(feed=feed, external_id=key).exists():
        return False
    title = Truncator(_text(entry.get("title", "")) or link).chars(200)
    summary_html = sanitize_html(entry.get("summary", ""))
    published = _published(entry)
    try:
        with transaction.atomic():
            LibraryItem.objects.create(
                group=feed.group,
                author=None,
                kind=LibraryItem.Kind.LINK,
                title=title,
                slug=item_slug(title),
                summary=Truncator(_text(summary_html)).chars(300),
                body="",
                body_html=summary_html,
                url=link[:500],
                provider=feed.provider.name,
                published_at=published,
                review_by=timezone.localdate() + REVIEW_AFTER,
                feed=feed,
                external_id=key,
            )
    except IntegrityError:  # imported meanwhile by another run
        return False
    return True


def _text(html: str) -> str:
    """Plain text of a bit of HTML (tags dropped, entities decoded, spaces folded)."""
    return " ".join(html_lib.unescape(nh3.clean(html or "", tags=set())).split())


def _published(entry) -> datetime.datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        moment = datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)
        return min(moment, timezone.now())
    return timezone.now()


def import_all() -> dict[str, int]:
    """Every active feed, one after the other; a failing one is recorded and skipped."""
    totals = {"feeds": 0, "created": 0, "failed": 0}
    for feed in Feed.objects.filter(is_active=True).select_related("provider", "group"):
        try:
            result = import_feed(feed)
        except Exception:
            log.exception("feed %s crashed", feed.pk)
            Feed.objects.filter(pk=feed.pk).update(
                last_checked_at=timezone.now(), last_error="unexpected error (see the logs)",
                last_error_at=timezone.now(),
            )  # fmt: skip
            totals["failed"] += 1
            continue
        totals["feeds"] += 1
        totals["created"] += result.created
        totals["failed"] += bool(result.error)
    return totals
