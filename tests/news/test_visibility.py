"""Who sees which news, everywhere: drafts and scheduled posts stay invisible to readers
(pages, home, feeds, API, search, images) until their minute, then appear with no task
running; group news is for the group's members only, everywhere."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import FeedKey, NewsPost
from tests.factories import MembershipFactory, NewsPostFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Quarterly plan for the champions"


def everywhere(client, user) -> dict[str, str]:
    """The text of every place a reader can meet a post."""
    key = FeedKey.objects.get_or_create(user=user)[0].key
    return {
        "list": client.get(reverse("news:list")).text,
        "home": client.get(reverse("home")).text,
        "feed": client.get(reverse("news:feed")).content.decode(),
        "private feed": client.get(reverse("news:private_feed", args=[key])).content.decode(),
        "api": client.get(reverse("api:news")).content.decode(),
        "search": client.get(reverse("search"), {"q": "champions"}).text,
    }


@pytest.mark.parametrize("status", [NewsPost.Status.DRAFT, NewsPost.Status.SCHEDULED])
def test_drafts_and_scheduled_posts_are_nowhere_until_their_minute(
    client_for, status, time_machine
):
    time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
    post = NewsPostFactory(
        title=SECRET, status=status, publish_at=timezone.now() + datetime.timedelta(minutes=30)
    )
    reader = UserFactory()
    client = client_for(reader)
    for place, text in everywhere(client, reader).items():
        assert SECRET not in text, place
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:news_detail", args=[post.slug])).status_code == 404
    time_machine.move_to("2026-12-01 09:30:00+00:00", tick=False)
    seen = everywhere(client, reader)
    if status == NewsPost.Status.SCHEDULED:  # its minute came: everywhere, no task ran
        assert all(SECRET in text for text in seen.values()), seen.keys()
        assert client.get(post.get_absolute_url()).status_code == 200
    else:  # a draft never shows, whatever its date
        assert not any(SECRET in text for text in seen.values())


def test_group_news_is_for_members_only_everywhere(client_for, private_group, open_group):
    post = NewsPostFactory(title=SECRET, audience=private_group, hero="news/x.webp")
    open_news = NewsPostFactory(title="Open guild news", audience=open_group)
    member = MembershipFactory(group=private_group).user
    outsider = UserFactory()
    guest = UserFactory(is_guest=True)
    for person in (outsider, guest):
        client = client_for(person)
        for place, text in everywhere(client, person).items():
            assert SECRET not in text, (person, place)
        assert client.get(post.get_absolute_url()).status_code == 404
        assert client.get(reverse("news:hero", args=[post.slug, "large"])).status_code == 404
        assert client.get(reverse("api:news_detail", args=[post.slug])).status_code == 404
    # An open group's news is for its members too: an employee who did not join does not
    # get it addressed to them.
    assert client_for(outsider).get(open_news.get_absolute_url()).status_code == 404
    client = client_for(member)
    seen = everywhere(client, member)
    for place in ("list", "home", "private feed", "api", "search"):
        assert SECRET in seen[place], place
    assert SECRET not in seen["feed"]  # group news goes to the private address only
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(reverse("api:news_detail", args=[post.slug])).status_code == 200


def test_a_member_who_leaves_loses_the_group_news(client_for, private_group):
    post = NewsPostFactory(audience=private_group)
    membership = MembershipFactory(group=private_group)
    client = client_for(membership.user)
    assert client.get(post.get_absolute_url()).status_code == 200
    membership.delete()
    assert client.get(post.get_absolute_url()).status_code == 404


class TestFeeds:
    def test_the_atom_feed_parses_and_validates(self, client_for):
        author = UserFactory(display_name="Ana López")
        NewsPostFactory(title="Learning Week & more", author=author, body="A <b>bold</b> week")
        NewsPostFactory(title="Without an author", author=None)
        response = client_for(UserFactory()).get(reverse("news:feed"))
        assert response["Content-Type"].startswith("application/atom+xml")
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        titles = {e.title for e in parsed.entries}
        assert titles == {"Learning Week & more", "Without an author"}
        for entry in parsed.entries:
            assert entry.id
            assert entry.updated
            assert entry.link.startswith("http")
        assert parsed.feed.author  # a feed-level author covers entries without one

    def test_the_private_feed_works_without_a_session_and_can_be_revoked(
        self, client, client_for, private_group
    ):
        member = MembershipFactory(group=private_group).user
        NewsPostFactory(title=SECRET, audience=private_group)
        client_for(member).post(reverse("news:feed_reset"))
        key = FeedKey.objects.get(user=member).key
        client.logout()
        url = reverse("news:private_feed", args=[key])
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo
        assert [e.title for e in parsed.entries] == [SECRET]
        client_for(member).post(reverse("news:feed_reset"))
        client.logout()
        assert client.get(url).status_code == 404
        member.is_active = False
        member.save(update_fields=["is_active"])
        new_url = reverse("news:private_feed", args=[FeedKey.objects.get(user=member).key])
        assert client.get(new_url).status_code == 404

    def test_the_plain_feed_needs_a_session(self, client):
        response = client.get(reverse("news:feed"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


class TestApi:
    def test_editors_create_drafts_and_publish_through_the_api(self, client_for, editor):
        client = client_for(editor)
        payload = {"title": "API news", "body": "From the HR system.", "category": "company"}
        response = client.post(reverse("api:news"), payload, content_type="application/json")
        assert response.status_code == 201
        assert response.json()["status"] == "draft"
        payload |= {"title": "Published by API", "publish": True}
        response = client.post(reverse("api:news"), payload, content_type="application/json")
        assert response.json()["status"] == "published"
        reader = client_for(UserFactory())
        titles = [p["title"] for p in reader.get(reverse("api:news")).json()["results"]]
        assert titles == ["Published by API"]

    def test_readers_cannot_create_news_through_the_api(self, client_for):
        response = client_for(UserFactory()).post(
            reverse("api:news"), {"title": "x", "body": "y"}, content_type="application/json"
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert not NewsPost.objects.exists()


def test_the_api_does_not_tell_a_moderator_which_hidden_groups_exist(client_for, private_group):
    from groups.models import Membership

    moderator = MembershipFactory(group=private_group, role=Membership.Role.MODERATOR).user
    hidden = MembershipFactory(group__visibility="hidden", group__slug="board").group
    client = client_for(moderator)
    answers = [
        client.post(reverse("api:news"), {"title": "x", "body": "y", "audience": slug},
                    content_type="application/json").status_code
        for slug in (hidden.slug, "no-such-group")
    ]  # fmt: skip
    assert answers == [400, 400]
    assert not NewsPost.objects.exists()


def test_the_private_feed_is_a_feed_of_its_own(client_for):
    reader = UserFactory()
    client = client_for(reader)
    client.post(reverse("news:feed_reset"))
    key = FeedKey.objects.get(user=reader).key
    NewsPostFactory()
    public = feedparser.parse(client.get(reverse("news:feed")).content)
    private = feedparser.parse(client.get(reverse("news:private_feed", args=[key])).content)
    assert public.feed.id != private.feed.id
    assert key in next(link.href for link in private.feed.links if link.rel == "self")
