"""visible_to()/readable_by(): private content never leaks, and says 404 rather than 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import LibraryItem
from discussions.models import Post, Thread
from groups.models import Group
from news.models import NewsPost
from tests.factories import (
    LibraryItemFactory,
    NewsPostFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_thread(private_group, owner):
    return ThreadFactory(group=private_group, author=owner, title="Our incident review")


def test_members_see_and_read_a_private_groups_thread(client_for, member, secret_thread):
    client = client_for(member)
    listing = client.get(reverse("discussions:group_threads", args=["security"]))
    assert secret_thread.title in listing.content.decode()
    assert client.get(secret_thread.get_absolute_url()).status_code == 200


def test_outsiders_cannot_list_a_private_groups_threads(client_for, outsider, secret_thread):
    response = client_for(outsider).get(reverse("discussions:group_threads", args=["security"]))
    assert response.status_code == 200  # The group itself is listed in the directory...
    assert secret_thread.title not in response.content.decode()  # ...its content is not.
    assert "This group is private" in response.content.decode()


def test_outsiders_get_404_for_a_private_thread(client_for, outsider, secret_thread):
    client = client_for(outsider)
    assert client.get(secret_thread.get_absolute_url()).status_code == 404
    assert client.get(f"/t/{secret_thread.pk}/").status_code == 404


def test_outsiders_cannot_reply_to_a_private_thread(client_for, outsider, secret_thread):
    response = client_for(outsider).post(secret_thread.get_absolute_url(), {"body": "Hi!"})
    assert response.status_code == 404
    assert not Post.objects.exists()


def test_outsiders_cannot_start_a_thread_in_a_private_group(client_for, outsider, private_group):
    url = reverse("discussions:thread_create", args=[private_group.slug])
    response = client_for(outsider).post(url, {"kind": "discussion", "title": "Hello there",
                                               "body": "x"})  # fmt: skip
    assert "This group is private" in response.content.decode()
    assert not Thread.objects.exists()


def test_a_hidden_group_does_not_exist_for_outsiders(client_for, outsider, hidden_group):
    client = client_for(outsider)
    assert client.get(hidden_group.get_absolute_url()).status_code == 404
    assert hidden_group.name not in client.get(reverse("groups:directory")).content.decode()
    assert not Group.objects.visible_to(outsider).filter(pk=hidden_group.pk).exists()


def test_private_content_stays_out_of_search_library_news_and_api(
    client_for, outsider, member, private_group, secret_thread
):
    LibraryItemFactory(group=private_group, title="Our incident playbook")
    NewsPostFactory(audience=private_group, title="Our incident drill")
    client = client_for(outsider)
    for url in [
        reverse("search") + "?q=incident",
        reverse("content:library"),
        reverse("news:list"),
        reverse("home"),
        reverse("api:threads"),
        member.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        for title in ["Our incident review", "Our incident playbook", "Our incident drill"]:
            assert title not in html, url
    assert not LibraryItem.objects.visible_to(outsider).exists()
    assert not NewsPost.objects.visible_to(outsider).exists()
    assert LibraryItem.objects.visible_to(member).count() == 1
    assert NewsPost.objects.visible_to(member).count() == 1


def test_the_anonymous_user_sees_nothing(anonymous, secret_thread):
    assert not Thread.objects.visible_to(anonymous).exists()
    assert not Group.objects.visible_to(anonymous).exists()


def test_scheduled_news_appears_at_its_minute_without_anyone_acting(outsider, time_machine):
    import datetime

    from django.utils import timezone

    at = timezone.now() + datetime.timedelta(hours=2)
    NewsPostFactory(status=NewsPost.Status.SCHEDULED, publish_at=at)
    assert not NewsPost.objects.visible_to(outsider).exists()
    time_machine.move_to(at + datetime.timedelta(seconds=1))
    assert NewsPost.objects.visible_to(outsider).count() == 1


def test_drafts_are_never_published(outsider):
    NewsPostFactory(status=NewsPost.Status.DRAFT)
    assert not NewsPost.objects.visible_to(outsider).exists()


def test_a_profile_lists_private_groups_only_to_their_members(
    client_for, member, moderator, outsider, private_group, open_group
):
    from tests.factories import MembershipFactory

    MembershipFactory(group=open_group, user=member)
    profile = member.get_absolute_url()
    seen_by_outsider = client_for(outsider).get(profile).content.decode()
    assert "Python Guild" in seen_by_outsider
    assert "Security Champions" not in seen_by_outsider
    assert "Security Champions" in client_for(moderator).get(profile).content.decode()
