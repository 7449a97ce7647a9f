"""Reading the news: pinned first, unread marked, reading time and related posts;
reactions and comments; must-read posts confirmed with one click and pinned on the home
page until then; the editor's reach figures on a crafted audience; constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.models import Thread
from news.models import NewsReaction, NewsRead
from tests.factories import MembershipFactory, NewsPostFactory, PostFactory, UserFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_pinned_posts_come_first_and_unpinned_ones_by_date(client_for):
    now = timezone.now()
    NewsPostFactory(title="Old but pinned", publish_at=now - datetime.timedelta(days=30),
                    pinned_until=now + datetime.timedelta(days=1))  # fmt: skip
    NewsPostFactory(title="Pin expired", publish_at=now - datetime.timedelta(days=20),
                    pinned_until=now - datetime.timedelta(days=1))  # fmt: skip
    NewsPostFactory(title="Fresh", publish_at=now - datetime.timedelta(hours=1))
    page = client_for(UserFactory()).get(reverse("news:list")).text
    assert page.index("Old but pinned") < page.index("Fresh") < page.index("Pin expired")


def test_unread_posts_are_marked_until_opened(client_for):
    post = NewsPostFactory(title="Office move")
    client = client_for(UserFactory())
    assert "is-unread" in client.get(reverse("news:list")).text
    client.get(post.get_absolute_url())
    client.get(post.get_absolute_url())
    assert NewsRead.objects.filter(post=post).count() == 1
    assert "is-unread" not in client.get(reverse("news:list")).text


def test_reactions_toggle_and_count(client_for):
    post = NewsPostFactory()
    client = client_for(UserFactory())
    url = reverse("news:react", args=[post.slug])
    client.post(url, {"kind": "celebrate"})
    client_for(UserFactory()).post(url, {"kind": "celebrate"})
    assert NewsReaction.objects.filter(post=post, kind="celebrate").count() == 2
    client = client_for(NewsReaction.objects.first().user)
    client.post(url, {"kind": "celebrate"})
    assert NewsReaction.objects.filter(post=post).count() == 1
    assert client.post(url, {"kind": "angry"}).status_code == 302
    assert NewsReaction.objects.filter(post=post).count() == 1


def test_comments_open_a_thread_the_author_follows(client_for, django_capture_on_commit_callbacks):
    post = NewsPostFactory(title="Hack day results")
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reader).post(
            reverse("news:comment", args=[post.slug]), {"body": "Congratulations, all!"}
        )
    assert response.status_code == 302
    post.refresh_from_db()
    thread = post.discussion
    assert thread.group.slug == "news"
    assert thread.follows.filter(user=post.author, following=True).exists()
    assert post.author.notifications.exists()
    page = client_for(UserFactory()).get(post.get_absolute_url()).text
    assert "Congratulations, all!" in page


def test_comments_on_group_news_stay_in_the_group(client_for, private_group):
    post = NewsPostFactory(audience=private_group)
    member = MembershipFactory(group=private_group).user
    client_for(member).post(reverse("news:comment", args=[post.slug]), {"body": "Noted"})
    assert Thread.objects.get().group == private_group
    outsider = client_for(UserFactory())
    response = outsider.post(reverse("news:comment", args=[post.slug]), {"body": "x"})
    assert response.status_code == 404


class TestMustRead:
    def test_confirming_unpins_it_from_the_home_page(self, client_for):
        post = NewsPostFactory(title="New travel policy", is_must_read=True)
        client = client_for(UserFactory())
        home = client.get(reverse("home")).text
        assert "Please read and confirm" in home
        assert "New travel policy" in home
        response = client.post(reverse("news:confirm", args=[post.slug]), {"next": "home"})
        assert response["Location"] == reverse("home")
        assert "Please read and confirm" not in client.get(reverse("home")).text
        assert "You confirmed you have read it." in client.get(post.get_absolute_url()).text

    def test_a_post_that_is_not_must_read_cannot_be_confirmed(self, client_for):
        post = NewsPostFactory()
        client_for(UserFactory()).post(reverse("news:confirm", args=[post.slug]))
        assert not NewsRead.objects.filter(confirmed_at__isnull=False).exists()

    def test_reach_on_a_crafted_audience(self, client_for, editor, private_group):
        post = NewsPostFactory(audience=private_group, is_must_read=True)
        members = [MembershipFactory(group=private_group).user for _ in range(5)]
        members.append(UserFactory(display_name="Zed Left"))  # not in the audience
        opened, confirmed = members[:3], members[:2]
        for person in [*opened, members[5]]:
            client_for(person).get(post.get_absolute_url())
        for person in confirmed:
            client_for(person).post(reverse("news:confirm", args=[post.slug]))
        response = client_for(editor).get(reverse("news:reach", args=[post.slug]))
        assert response.context["counts"] == {"audience": 5, "opened": 3, "confirmed": 2}
        waiting = {u.pk for u in response.context["page"].object_list}
        assert waiting == {u.pk for u in members[2:5]}
        assert "Zed Left" not in response.text


class TestQueries:
    def test_the_news_list(self, client_for):
        client = client_for(UserFactory())
        assert_constant_queries(
            lambda: client.get(reverse("news:list")),
            lambda n: NewsPostFactory.create_batch(n, is_must_read=True, hero_small="n/x.webp"),
        )

    def test_a_post_page_with_comments_and_reactions(self, client_for):
        post = NewsPostFactory()
        client = client_for(UserFactory())
        client.post(reverse("news:comment", args=[post.slug]), {"body": "First"})
        client.get(post.get_absolute_url())  # read once: later visits write nothing
        post.refresh_from_db()

        def add(n):
            for _ in range(n):
                PostFactory(thread=post.discussion)
                NewsReaction.objects.create(post=post, user=UserFactory(), kind="like")
                NewsPostFactory(category=post.category)

        assert_constant_queries(lambda: client.get(post.get_absolute_url()), add)

    def test_the_desk_and_the_reach_list(self, client_for, editor, private_group):
        post = NewsPostFactory(audience=private_group, is_must_read=True)
        client = client_for(editor)

        def add(n):
            for _ in range(n):
                NewsPostFactory(status="draft")
                reader = MembershipFactory(group=private_group).user
                NewsRead.objects.create(post=post, user=reader)

        assert_constant_queries(lambda: client.get(reverse("news:desk")), add)
        assert_constant_queries(lambda: client.get(reverse("news:reach", args=[post.slug])), add)


class TestCommentThreadsFollowThePost:
    def test_group_news_comments_are_for_members_even_in_an_open_group(
        self, client_for, open_group
    ):
        post = NewsPostFactory(audience=open_group, title="Guild news")
        member = MembershipFactory(group=open_group).user
        client_for(member).post(reverse("news:comment", args=[post.slug]), {"body": "Quokka"})
        thread = Thread.objects.get()
        reader = client_for(UserFactory())  # may read the open group, is not a member
        assert reader.get(thread.get_absolute_url()).status_code == 404
        assert "Guild news" not in reader.get(reverse("groups:detail", args=[open_group.slug])).text
        found = reader.get(reverse("search"), {"q": "Guild news"}).text
        assert thread.get_absolute_url() not in found
        assert client_for(member).get(thread.get_absolute_url()).status_code == 200

    def test_unpublishing_a_post_hides_its_comments(self, client_for, editor):
        post = NewsPostFactory(title="Sent by mistake")
        client_for(UserFactory()).post(reverse("news:comment", args=[post.slug]), {"body": "?"})
        thread = Thread.objects.get()
        reader = client_for(UserFactory())
        assert reader.get(thread.get_absolute_url()).status_code == 200
        client_for(editor).post(reverse("news:unpublish", args=[post.slug]))
        assert client_for(UserFactory()).get(thread.get_absolute_url()).status_code == 404
