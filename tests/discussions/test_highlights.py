"""Hot scores and highlighted conversations, on a crafted data set."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.highlights import PER_GROUP, SITE_WIDE, hot_scores_refresh
from discussions.models import Thread
from discussions.tasks import refresh_hot_scores
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    PostFactory,
    ReactionFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


def thread_with(group, *, title, replies=0, reactions=0, views=0, hours_ago=1, **fields):
    now = timezone.now()
    thread = ThreadFactory(group=group, title=title, view_count=views, **fields)
    for _ in range(replies):
        PostFactory(thread=thread)
    for _ in range(reactions):
        ReactionFactory(thread=thread, post=None, kind="like")
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now - timedelta(hours=hours_ago))
    return thread


def scores() -> dict[str, float]:
    return dict(Thread.objects.values_list("title", "hot_score"))


def test_busy_recent_threads_score_above_quiet_or_old_ones(open_group):
    thread_with(open_group, title="busy", replies=6, reactions=5, views=200, hours_ago=1)
    thread_with(open_group, title="quiet", replies=1, views=5, hours_ago=1)
    thread_with(open_group, title="old busy", replies=6, reactions=5, views=200, hours_ago=72)
    thread_with(open_group, title="stale", replies=9, views=900, hours_ago=24 * 40)
    hot_scores_refresh()
    s = scores()
    assert s["busy"] > s["old busy"] > 0
    assert s["busy"] > s["quiet"] > 0
    assert s["stale"] == 0  # outside the window: cooled to zero


def test_an_accepted_answer_lifts_a_question(open_group):
    answered = thread_with(open_group, title="answered", kind="question", replies=2)
    thread_with(open_group, title="open", kind="question", replies=2)
    Thread.objects.filter(pk=answered.pk).update(accepted_post=answered.posts.first())
    hot_scores_refresh()
    assert scores()["answered"] > scores()["open"]


def test_the_top_threads_of_each_group_and_of_the_site_are_highlighted(open_group):
    other = GroupFactory(visibility="open")
    for n in range(SITE_WIDE + 2):
        thread_with(open_group, title=f"a{n}", replies=n + 1, hours_ago=1)
    thread_with(other, title="b0", replies=1, hours_ago=5)
    hot_scores_refresh()
    highlighted = set(Thread.objects.filter(is_highlighted=True).values_list("title", flat=True))
    # The site's top ten are all in one group; the other group's best still shows there.
    assert highlighted == {f"a{n}" for n in range(2, SITE_WIDE + 2)} | {"b0"}
    assert PER_GROUP < SITE_WIDE


def test_great_conversations_stay_highlighted_and_others_drop_out(open_group):
    great = thread_with(open_group, title="great", hours_ago=24 * 60, is_great=True)
    gone = thread_with(open_group, title="gone", hours_ago=24 * 60, is_highlighted=True)
    hot_scores_refresh()
    great.refresh_from_db()
    gone.refresh_from_db()
    assert great.is_highlighted
    assert not gone.is_highlighted


def test_hidden_threads_are_never_highlighted(open_group):
    thread_with(open_group, title="hidden", replies=9, reactions=9, is_hidden=True)
    refresh_hot_scores.delay()
    assert not Thread.objects.get().is_highlighted


def test_highlighted_threads_come_first_in_the_group_and_on_home(client_for, open_group):
    reader = MembershipFactory(group=open_group).user
    thread_with(open_group, title="Hot topic", replies=8, reactions=8, hours_ago=30)
    newest = thread_with(open_group, title="Brand new", hours_ago=0)
    hot_scores_refresh()
    Thread.objects.filter(pk=newest.pk).update(is_highlighted=False)
    page = (
        client_for(reader)
        .get(reverse("discussions:group_threads", args=[open_group.slug]))
        .content.decode()
    )
    assert page.index("Hot topic") < page.index("Brand new")
    home = client_for(reader).get(reverse("home")).content.decode()
    assert "Great conversations" in home
    assert home.index("Hot topic") < home.index("New in your groups")


def test_private_highlights_stay_private(client_for, outsider, private_group):
    thread_with(private_group, title="Secret hot topic", replies=5, is_great=True)
    hot_scores_refresh()
    assert "Secret hot topic" not in client_for(outsider).get(reverse("home")).content.decode()


def test_the_api_says_whether_a_thread_is_highlighted_and_answered(client_for, open_group):
    reader = MembershipFactory(group=open_group).user
    thread_with(open_group, title="Hot question", kind="question", replies=3, is_great=True)
    hot_scores_refresh()
    row = client_for(reader).get(reverse("api:threads")).json()["results"][0]
    assert (row["title"], row["is_highlighted"], row["is_great"]) == ("Hot question", True, True)
    assert row["state"] == "unanswered"  # the factory's replies set no first answer
