"""Home caches its feed and sidebars; what readers do still shows at once, and nothing
cached for one person reaches another."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discussions import services
from tests.factories import LibraryItemFactory, NewsPostFactory, ThreadFactory

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def test_a_new_thread_in_my_group_shows_at_once(client_for, member, owner, private_group):
    ThreadFactory(group=private_group, title="Old news")
    client = client_for(member)
    client.get(HOME)
    services.thread_create(user=owner, group=private_group, title="Fresh question", body="?")
    assert "Fresh question" in client_for(member).get(HOME).content.decode()


def test_a_reply_moves_its_thread_to_the_top_at_once(client_for, member, owner, private_group):
    older = ThreadFactory(group=private_group, title="Older thread")
    ThreadFactory(group=private_group, title="Newer thread")
    client = client_for(member)
    html = client.get(HOME).content.decode()
    assert html.index("Newer thread") < html.index("Older thread")
    services.post_create(user=owner, thread=older, body="bump")
    html = client_for(member).get(HOME).content.decode()
    assert html.index("Older thread") < html.index("Newer thread")


def test_one_persons_cached_home_never_reaches_another(client_for, member, outsider, private_group):
    ThreadFactory(group=private_group, title="Incident review")
    NewsPostFactory(audience=private_group, title="Members-only news")
    assert "Incident review" in client_for(member).get(HOME).content.decode()
    html = client_for(outsider).get(HOME).content.decode()
    assert "Incident review" not in html
    assert "Members-only news" not in html


def test_an_unchanged_home_is_served_without_loading_its_lists(client_for, member, private_group):
    ThreadFactory.create_batch(3, group=private_group)
    LibraryItemFactory(group=private_group)
    client = client_for(member)
    first = client.get(HOME).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(HOME).content.decode()
    sql = [q["sql"] for q in ctx.captured_queries]
    # The feed is only asked which rows it would show (kinds, ids and change times, for
    # its cache key): no thread, reply or library item is loaded or rendered again.
    assert any(q.startswith('SELECT * FROM (SELECT 0 AS "feed_rank"') for q in sql)
    for table in ["discussions_thread", "discussions_post", "content_libraryitem"]:
        assert not [q for q in sql if q.startswith(f'SELECT "{table}".')], table
    assert first.count('class="feed-entry') == second.count('class="feed-entry') == 4


def test_the_group_page_shows_a_new_thread_at_once(client_for, member, owner, private_group):
    client = client_for(member)
    client.get(private_group.get_absolute_url())
    services.thread_create(user=owner, group=private_group, title="Just posted", body="!")
    assert "Just posted" in client.get(private_group.get_absolute_url()).content.decode()


def test_a_group_page_cached_for_members_is_not_shown_to_outsiders(
    client_for, member, outsider, private_group
):
    ThreadFactory(group=private_group, title="Incident review")
    assert (
        "Incident review"
        in client_for(member).get(private_group.get_absolute_url()).content.decode()
    )
    html = client_for(outsider).get(private_group.get_absolute_url()).content.decode()
    assert "Incident review" not in html
    assert "This group is private" in html


def test_a_library_item_moved_into_a_private_group_leaves_home_at_once(
    client_for, outsider, private_group
):
    item = LibraryItemFactory(title="Soon private")
    client = client_for(outsider)
    assert "Soon private" in client.get(HOME).content.decode()
    item.group = private_group
    item.save()
    assert "Soon private" not in client.get(HOME).content.decode()
