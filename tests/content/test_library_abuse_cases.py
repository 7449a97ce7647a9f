"""Library abuse and race cases found in review, kept as regressions: filters never
name a private group's providers or topics, concurrent ratings all count, a dripping
feed server cannot hold the fetcher past its time limit, and partner items nobody owns
are looked after by the learning team."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.urls import reverse

from content.models import Feed, LibraryItem, Provider, Rating
from content.services import may_review_item, rating_set
from profiles.services import topics_get_or_create
from socialearn.lib.safe_http import FetchError, fetch
from tests.concurrency import at_once, skip_on_sqlite
from tests.factories import GroupFactory, LibraryItemFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_library_filters_do_not_reveal_private_groups_providers_or_topics(client_for, member):
    """provider_choices/topic_choices ignore `user` and are cached site-wide: the filter
    dropdowns list providers and topics of items in private groups the reader cannot see."""
    secret = GroupFactory(visibility="private")
    insider = MembershipFactory(group=secret).user
    item = LibraryItemFactory(group=secret, author=insider, provider="Acme Takeover Advisors")
    item.topics.set(topics_get_or_create(names=["Project Nightingale"]))
    page = client_for(member).get(reverse("content:library")).content.decode()
    leaked = [s for s in ("Acme Takeover Advisors", "Project Nightingale") if s in page]
    assert leaked == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_count_every_rating():
    """rating_set recomputes the counters with a subquery in an UPDATE; under READ
    COMMITTED the second UPDATE waits for the row lock, then evaluates the subquery with
    its old snapshot and overwrites the count without the first rating."""
    skip_on_sqlite()
    item = LibraryItemFactory()
    raters = [UserFactory() for _ in range(6)]
    errors = at_once(lambda user: rating_set(user=user, item=item, stars=4), [(u,) for u in raters])
    assert errors == []
    item.refresh_from_db()
    assert Rating.objects.filter(item=item).count() == 6
    assert (item.rating_count, item.rating_sum) == (6, 24)


def test_fetch_has_an_overall_time_limit_not_only_per_read():
    """urllib3's read timeout is per socket read: a server dripping a byte just under the
    timeout keeps fetch (and the hourly import of every other feed) busy for as long as it
    likes, although the module promises 'read up to a size limit within a time limit'."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def drip():
        conn, _ = listener.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n")
        try:
            for _ in range(40):
                time.sleep(0.15)
                conn.sendall(b"x")
        except OSError:
            pass
        conn.close()
        listener.close()

    server = threading.Thread(target=drip, daemon=True)
    server.start()
    started = time.monotonic()
    with pytest.raises(FetchError):
        fetch(f"http://127.0.0.1:{port}/feed.xml", timeout=0.5, allow_loopback=True)
    assert time.monotonic() - started < 2.0
    server.join(timeout=10)


def test_someone_can_review_a_site_wide_partner_item():
    """Items imported from a site-wide partner feed have no author and no group: nobody
    may review them, so they say 'may be out of date' forever, a broken-link report on
    them notifies nobody (the page still says 'whoever shared it has been told') and
    cannot be cleared outside the admin."""
    provider = Provider.objects.create(name="Cloud Academy")
    feed = Feed.objects.create(provider=provider, url="https://academy.example/rss.xml")
    item = LibraryItemFactory(author=None, feed=feed, external_id="k8s", kind="link",
                              url="https://academy.example/k8s")  # fmt: skip
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert any(may_review_item(user=u, item=item) for u in (staff, UserFactory()))
    assert LibraryItem.objects.filter(pk=item.pk).exists()
