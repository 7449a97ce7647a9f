"""The thread page caches its replies; nothing a reader does may make it show stale data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MembershipFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(private_group, owner):
    thread = ThreadFactory(group=private_group, author=owner)
    PostFactory(thread=thread, body="First answer")
    return thread


def test_a_new_reply_shows_at_once_for_a_reader_with_a_cached_page(
    client_for, member, moderator, thread
):
    reader = client_for(member)
    assert "First answer" in reader.get(thread.get_absolute_url()).content.decode()
    writer = client_for(moderator)
    writer.post(thread.get_absolute_url(), {"body": "Second answer"})
    html = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "Second answer" in html


def test_someone_elses_reaction_updates_the_count(client_for, member, moderator, thread):
    post = thread.posts.get()
    client_for(member).get(thread.get_absolute_url())
    client_for(moderator).post(
        reverse("discussions:react"), {"target": "post", "id": post.pk, "kind": "like"}
    )
    html = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert '<span class="reaction-count">1</span>' in html
    assert 'aria-pressed="true"' not in html.split('id="post-')[1]  # not mine


def test_each_reader_gets_their_own_reaction_state_and_token(client_for, member, moderator, thread):
    post = thread.posts.get()
    client_for(member).post(
        reverse("discussions:react"), {"target": "post", "id": post.pk, "kind": "helpful"}
    )
    mine = client_for(member).get(thread.get_absolute_url()).content.decode()
    theirs = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    assert 'class="reaction is-mine" aria-pressed="true" title="Helpful"' in mine
    assert "is-mine" not in theirs


def test_readers_in_other_time_zones_see_their_own_times(client_for, member, moderator, thread):
    member.time_zone = "Asia/Tokyo"
    member.save(update_fields=["time_zone"])
    tokyo = client_for(member).get(thread.get_absolute_url()).content.decode()
    utc = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    assert "+09:00" in tokyo.split('id="post-')[1]
    assert "+00:00" in utc.split('id="post-')[1]


def test_a_cached_page_never_reaches_someone_who_lost_access(client_for, member, thread):
    client_for(member).get(thread.get_absolute_url())
    member.memberships.all().delete()
    assert client_for(member).get(thread.get_absolute_url()).status_code == 404


def test_a_second_view_of_an_unchanged_page_skips_loading_the_replies(client_for, member, thread):
    client = client_for(member)
    client.get(thread.get_absolute_url())
    MembershipFactory(group=thread.group)  # unrelated change: the replies stay cached
    with CaptureQueriesContext(connection) as ctx:
        client.get(thread.get_absolute_url())
    loads_replies = [q for q in ctx.captured_queries if q["sql"].startswith(REPLY_ROWS)]
    assert not loads_replies


REPLY_ROWS = 'SELECT "discussions_post"."id"'


def test_a_reply_deleted_in_the_admin_disappears_at_once(client_for, member, staff, thread):
    post = thread.posts.get()
    client_for(member).get(thread.get_absolute_url())
    admin = client_for(staff)
    admin.post(reverse("admin:discussions_post_delete", args=[post.pk]), {"post": "yes"})
    thread.refresh_from_db()
    assert thread.reply_count == 0
    html = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "First answer" not in html
