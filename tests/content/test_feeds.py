"""Partner feeds, imported from real RSS 2.0 and Atom 1.0 documents served over HTTP on
127.0.0.1 (FEEDS_ALLOW_LOOPBACK, a test-only setting), and the SSRF guard around them."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from content.feeds import import_all, import_feed
from content.models import Feed, LibraryItem, Provider
from socialearn.lib.safe_http import FetchError, fetch
from tests.local_http import local_server

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Cloud Academy</title><link>https://academy.example</link>
<description>New courses</description>
<item><title>Kubernetes for beginners</title><link>https://academy.example/k8s</link>
<guid>academy-k8s-1</guid><pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Pods, services &lt;b&gt;and&lt;/b&gt; deployments.&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</description></item>
<item><title>Helm in practice</title><link>https://academy.example/helm</link>
<description>Charts without tears.</description></item>
<item><title>Not a web link</title><link>javascript:alert(1)</link><guid>bad-1</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Design Weekly</title>
<id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id><updated>2026-11-20T18:30:02Z</updated>
<entry><title>Typography that reads</title><link href="https://design.example/type"/>
<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id><updated>2026-11-20T18:30:02Z</updated>
<summary>Line length, rhythm and contrast.</summary></entry>
</feed>"""

MALFORMED = b"<html><body>This is not a feed <<<</body></html>"


@pytest.fixture
def server(settings):
    settings.FEEDS_ALLOW_LOOPBACK = True
    settings.FEEDS_TIMEOUT = 1.0
    settings.FEEDS_MAX_BYTES = 64 * 1024
    routes = {
        "/rss.xml": (200, {"Content-Type": "application/rss+xml"}, RSS, 0),
        "/atom.xml": (200, {"Content-Type": "application/atom+xml"}, ATOM, 0),
        "/broken.xml": (200, {"Content-Type": "text/html"}, MALFORMED, 0),
        "/moved.xml": (301, {"Location": "/rss.xml"}, b"", 0),
        "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"", 0),
        "/to-private": (302, {"Location": "http://10.0.0.1/feed.xml"}, b"", 0),
        "/huge.xml": (200, {}, b"x" * (200 * 1024), 0),
        "/slow.xml": (200, {}, RSS, 2.5),
        "/gone.xml": (500, {}, b"oops", 0),
    }
    with local_server(routes) as base:
        yield base


@pytest.fixture
def partner(db):
    return Provider.objects.create(name="Cloud Academy", site_url="https://academy.example")


def test_an_rss_feed_becomes_link_items_with_safe_summaries(server, partner):
    feed = Feed.objects.create(provider=partner, url=f"{server}/rss.xml")
    result = import_feed(feed)
    assert (result.created, result.error) == (2, "")
    item = LibraryItem.objects.get(external_id="academy-k8s-1")
    assert (item.kind, item.provider, item.url) == (
        "link",
        "Cloud Academy",
        "https://academy.example/k8s",
    )
    assert item.group is None
    assert item.published_at.year == 2026
    assert "<b>and</b>" in item.body_html
    assert "script" not in item.body_html
    assert "onerror" not in item.body_html
    assert item.summary == "Pods, services and deployments."
    assert not LibraryItem.objects.filter(url__startswith="javascript").exists()
    feed.refresh_from_db()
    assert feed.last_success_at is not None
    assert feed.last_error == ""


def test_an_atom_feed_is_imported_into_a_groups_library(server, partner, open_group):
    feed = Feed.objects.create(provider=partner, url=f"{server}/atom.xml", group=open_group)
    assert import_feed(feed).created == 1
    assert LibraryItem.objects.get().group == open_group


def test_importing_again_creates_no_duplicates(server, partner):
    feed = Feed.objects.create(provider=partner, url=f"{server}/rss.xml")
    import_feed(feed)
    second = import_feed(feed)
    assert (second.created, second.skipped) == (0, 3)
    assert LibraryItem.objects.count() == 2


def test_a_bad_feed_records_its_error_and_does_not_stop_the_others(server, partner):
    broken = Feed.objects.create(provider=partner, url=f"{server}/broken.xml")
    gone = Feed.objects.create(provider=partner, url=f"{server}/gone.xml")
    good = Feed.objects.create(provider=partner, url=f"{server}/atom.xml")
    totals = import_all()
    assert totals == {"feeds": 3, "created": 1, "failed": 2}
    broken.refresh_from_db()
    gone.refresh_from_db()
    good.refresh_from_db()
    assert "not a feed" in broken.last_error
    assert "HTTP 500" in gone.last_error
    assert good.last_error == ""
    assert good.imported_count == 1


def test_redirects_are_followed_and_checked_again(server, partner):
    moved = Feed.objects.create(provider=partner, url=f"{server}/moved.xml")
    assert import_feed(moved).created == 2
    for path in ("/to-metadata", "/to-private"):
        feed = Feed.objects.create(provider=partner, url=f"{server}{path}")
        result = import_feed(feed)
        assert "non-public address" in result.error, path


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed.xml",
        "http://localhost/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/feed.xml",
        "http://192.168.1.1/feed.xml",
        "http://[::1]/feed.xml",
        "http://0.0.0.0/feed.xml",
        "file:///etc/passwd",
        "ftp://example.com/feed.xml",
        "gopher://127.0.0.1:6379/_INFO",
    ],
)
def test_private_addresses_and_other_schemes_are_refused(url, settings):
    settings.FEEDS_ALLOW_LOOPBACK = False
    with pytest.raises(FetchError):
        fetch(url, timeout=1.0)


def test_loopback_stays_refused_without_the_test_setting(server, partner, settings):
    settings.FEEDS_ALLOW_LOOPBACK = False
    feed = Feed.objects.create(provider=partner, url=f"{server}/rss.xml")
    assert "non-public address" in import_feed(feed).error
    assert not LibraryItem.objects.exists()


def test_oversized_and_slow_answers_are_cut_off(server, partner):
    huge = Feed.objects.create(provider=partner, url=f"{server}/huge.xml")
    assert "larger than" in import_feed(huge).error
    slow = Feed.objects.create(provider=partner, url=f"{server}/slow.xml")
    started = time.monotonic()
    assert import_feed(slow).error
    assert time.monotonic() - started < 2.5


def test_imported_items_show_in_the_library_with_their_partner(server, partner, client_for, member):
    import_feed(Feed.objects.create(provider=partner, url=f"{server}/rss.xml"))
    page = client_for(member).get(reverse("content:library"), {"provider": "Cloud Academy"})
    assert "Kubernetes for beginners" in page.content.decode()
