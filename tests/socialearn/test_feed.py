"""The home feed: new threads, replies, library items and news from my groups and the people
I follow, newest first, a page at a time; never what the reader may not see."""

from __future__ import annotations

import datetime
import itertools
import random
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership
from news.models import NewsPost
from socialearn.feed import Cursor, feed_page
from tests.factories import (
    FollowFactory,
    GroupFactory,
    LibraryItemFactory,
    MembershipFactory,
    NewsPostFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HOME = reverse("home")
FEED = reverse("feed")


def entries(html: str) -> list[str]:
    """The titles of the feed's entries, in order."""
    return re.findall(
        r'<article class="feed-entry[^"]*">.*?<h3><a href="[^"]*">([^<]*)</a>', html, re.S
    )


def test_a_member_sees_every_kind_from_their_groups_newest_first(client_for, member, private_group):
    thread = ThreadFactory(group=private_group, title="Which CI runner?", body="Lunch & learn")
    question = ThreadFactory(group=private_group, title="How do I deploy?", kind="question")
    PostFactory(thread=question, body="Use the pipeline.")
    LibraryItemFactory(group=private_group, title="Deployment guide")
    NewsPostFactory(audience=private_group, title="Team offsite")
    html = client_for(member).get(HOME).content.decode()
    assert entries(html) == [
        "Team offsite",
        "Deployment guide",
        "How do I deploy?",  # the answer
        "How do I deploy?",  # the question
        thread.title,
    ]
    assert "answered in" in html
    assert "asked in" in html
    assert "Lunch &amp; learn" in html  # plain text, escaped once


def test_replies_to_one_thread_on_a_page_make_one_entry(client_for, member, private_group):
    thread = ThreadFactory(group=private_group, title="Busy thread")
    for n in range(4):
        PostFactory(thread=thread, body=f"Reply {n}")
    html = client_for(member).get(HOME).content.decode()
    assert entries(html) == ["Busy thread", "Busy thread"]  # newest reply, then the thread
    assert "Reply 3" in html
    assert "Reply 0" not in html
    assert "and 3 more replies" in html


def test_a_private_groups_activity_never_reaches_outsiders(client_for, outsider, private_group):
    thread = ThreadFactory(group=private_group, title="Secret plan")
    PostFactory(thread=thread, body="Secret reply")
    LibraryItemFactory(group=private_group, title="Secret guide")
    NewsPostFactory(audience=private_group, title="Secret news")
    # Even someone they follow posting there does not open it.
    FollowFactory(follower=outsider, followed=thread.author)
    for url in (HOME, FEED):
        html = client_for(outsider).get(url).content.decode()
        assert "Secret" not in html


def test_people_i_follow_show_up_from_open_groups_i_am_not_in(client_for, outsider, open_group):
    colleague = UserFactory()
    FollowFactory(follower=outsider, followed=colleague)
    ThreadFactory(group=open_group, author=colleague, title="Colleague's question")
    PostFactory(
        thread=ThreadFactory(group=open_group), author=colleague, body="Answer from a colleague"
    )
    LibraryItemFactory(group=open_group, author=colleague, title="Colleague's guide")
    ThreadFactory(group=open_group, title="Someone else's thread")
    MembershipFactory(group=GroupFactory(), user=outsider)  # in a group: the feed is personal
    html = client_for(outsider).get(HOME).content.decode()
    assert "Colleague&#x27;s question" in html
    assert "Answer from a colleague" in html
    assert "Colleague&#x27;s guide" in html
    assert "Someone else" not in html


def test_a_guest_sees_their_groups_only(client_for, guest, private_group, open_group):
    colleague = UserFactory()
    FollowFactory(follower=guest, followed=colleague)
    ThreadFactory(group=open_group, author=colleague, title="Open but not for guests")
    LibraryItemFactory(title="Site-wide guide")
    ThreadFactory(group=private_group, title="Guest's own group")
    html = client_for(guest).get(HOME).content.decode()
    assert entries(html) == ["Guest&#x27;s own group"]


def test_hidden_posts_drafts_and_unpublished_news_stay_out(client_for, member, private_group):
    ThreadFactory(group=private_group, title="Hidden thread", is_hidden=True)
    shown = ThreadFactory(group=private_group, title="Shown thread")
    PostFactory(thread=shown, body="Hidden reply", is_hidden=True)
    LibraryItemFactory(group=private_group, title="Draft guide", published_at=None)
    NewsPostFactory(title="Draft news", status=NewsPost.Status.DRAFT)
    NewsPostFactory(title="Tomorrow's news", publish_at=timezone.now() + datetime.timedelta(days=1))
    html = client_for(member).get(HOME).content.decode()
    assert entries(html) == ["Shown thread"]
    assert "Hidden reply" not in html


def test_someone_new_sees_the_open_groups_conversations(
    client_for, outsider, open_group, private_group
):
    ThreadFactory(group=open_group, title="Welcome thread")
    ThreadFactory(group=private_group, title="Closed thread")
    LibraryItemFactory(title="Site-wide guide")
    html = client_for(outsider).get(HOME).content.decode()
    assert entries(html) == ["Site-wide guide", "Welcome thread"]
    assert "Start here" in html


def test_load_more_walks_the_whole_feed_once_even_with_equal_times(
    client_for, member, private_group
):
    moment = timezone.now() - datetime.timedelta(hours=1)
    threads = ThreadFactory.create_batch(20, group=private_group)
    items = LibraryItemFactory.create_batch(12, group=private_group, published_at=moment)
    for thread in threads:  # all at one instant: only the tie-break orders them
        type(thread).objects.filter(pk=thread.pk).update(created_at=moment)
    seen, url, pages = [], HOME, 0
    client = client_for(member)
    while url:
        html = client.get(url).content.decode()
        seen += re.findall(r'<h3><a href="([^"]*)">', html)
        more = re.search(r'class="feed-more"><a class="btn btn-secondary" href="([^"]*)"', html)
        url = more.group(1).replace("&amp;", "&") if more else None
        pages += 1
    expected = {t.get_absolute_url() for t in threads} | {i.get_absolute_url() for i in items}
    assert len(seen) == len(expected) == 32
    assert set(seen) == expected
    assert pages == 3


def test_the_next_page_comes_as_a_fragment_for_htmx(client_for, member, private_group):
    ThreadFactory.create_batch(17, group=private_group)
    first = feed_page(user=member, group_ids=[private_group.pk])
    response = client_for(member).get(
        FEED, {"before": str(first.next_cursor)}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('class="feed-entry') == 2
    assert "feed-more" not in html


@pytest.mark.parametrize("cursor", ["", "x", "1.2", "99999999999999999999.0.1", "1.9.1", "-1.0.1"])
def test_a_bad_cursor_starts_from_the_top(client_for, member, private_group, cursor):
    ThreadFactory(group=private_group, title="Top thread")
    assert Cursor.parse(cursor) is None
    response = client_for(member).get(FEED, {"before": cursor})
    assert response.status_code == 200
    assert "Top thread" in response.content.decode()


def test_the_cursor_round_trips():
    cursor = Cursor(at=timezone.now(), rank=2, pk=12345)
    assert Cursor.parse(str(cursor)) == cursor


def test_leaving_a_group_takes_its_activity_out_at_once(client_for, member, private_group):
    ThreadFactory(group=private_group, title="Members' thread")
    client = client_for(member)
    assert "Members&#x27; thread" in client.get(HOME).content.decode()
    Membership.objects.filter(user=member, group=private_group).delete()
    assert "Members&#x27; thread" not in client.get(HOME).content.decode()


def test_an_advocate_finds_their_queue_a_member_does_not(client_for, member, private_group):
    advocate = UserFactory()
    MembershipFactory(group=private_group, user=advocate, is_advocate=True)
    asker = UserFactory()
    MembershipFactory(group=private_group, user=asker)
    ThreadFactory(group=private_group, author=asker, kind="question", title="Nobody answered me")
    html = client_for(advocate).get(HOME).content.decode()
    queue = html[html.index("Your advocate queue") :]
    assert "Nobody answered me" in queue[: queue.index("</section>")]
    html = client_for(member).get(HOME).content.decode()
    assert "Your advocate queue" not in html


@pytest.mark.parametrize("cursor", ["1700000000000000.0.\u00b2", "\u00b9700000000000000.0.1"])
def test_a_cursor_with_a_superscript_digit_starts_from_the_top(
    client_for, member, private_group, cursor
):
    ThreadFactory(group=private_group, title="Top thread")
    response = client_for(member).get(FEED, {"before": cursor})
    assert response.status_code == 200


def test_a_cursor_with_a_pk_beyond_bigint_starts_from_the_top(client_for, member, private_group):
    ThreadFactory(group=private_group, title="Top thread")
    response = client_for(member).get(FEED, {"before": "1700000000000000.0.99999999999999999999"})
    assert response.status_code == 200


def test_the_cursor_round_trips_for_many_instants():
    rnd = random.Random(1)
    base = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    for _ in range(2_000):
        at = base + datetime.timedelta(microseconds=rnd.randrange(10**15))
        cursor = Cursor(at=at, rank=1, pk=7)
        assert Cursor.parse(str(cursor)) == cursor, at


def test_the_feed_page_headings_do_not_skip_a_level(client_for, member, private_group):
    ThreadFactory(group=private_group, title="A thread")
    html = client_for(member).get(FEED).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_htmx_attributes_are_written_data_hx(client_for, member, open_group):
    ThreadFactory(group=open_group, title="Kubernetes setup")
    html = client_for(member).get(reverse("search_suggest"), {"q": "kub"}).content.decode()
    assert not re.search(r"\shx-[a-z-]+=", html), html


def test_hiding_a_post_takes_it_out_at_once(client_for, member, private_group):
    thread = ThreadFactory(group=private_group, title="Soon hidden")
    client = client_for(member)
    assert "Soon hidden" in client.get(HOME).content.decode()
    type(thread).objects.filter(pk=thread.pk).update(is_hidden=True)
    assert "Soon hidden" not in client.get(HOME).content.decode()


def test_scheduled_news_enters_the_feed_within_a_minute_of_its_time(client_for, member):
    NewsPostFactory(
        title="Scheduled news",
        status=NewsPost.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(seconds=30),
    )
    client = client_for(member)
    assert "Scheduled news" not in client.get(FEED).content.decode()
    with time_machine.travel(datetime.timedelta(seconds=95)):
        assert "Scheduled news" in client.get(FEED).content.decode()


def test_every_entry_is_visible_to_its_reader_by_the_models_own_rules(
    owner, member, outsider, guest, private_group, open_group, hidden_group
):
    from content.models import LibraryItem
    from discussions.models import Post, Thread

    readers = (owner, member, outsider, guest)
    for reader in readers:
        for author in readers:
            if author != reader:
                FollowFactory(follower=reader, followed=author)
    for group in (private_group, open_group, hidden_group):
        for author in readers:
            thread = ThreadFactory(group=group, author=author)
            PostFactory(thread=thread, author=author)
            PostFactory(thread=thread, author=author, is_hidden=True)
            ThreadFactory(group=group, author=author, is_hidden=True)
            LibraryItemFactory(group=group, author=author)
        NewsPostFactory(audience=group)
    LibraryItemFactory()
    models = {"thread": Thread, "reply": Post, "item": LibraryItem, "news": NewsPost}
    seen = 0
    for reader in readers:
        groups = list(reader.memberships.values_list("group_id", flat=True))
        page = feed_page(user=reader, group_ids=groups, size=200)
        for entry in page.entries:
            assert models[entry.kind].objects.visible_to(reader).filter(pk=entry.pk).exists()
            seen += 1
    assert seen > 40  # the test looked at real entries
