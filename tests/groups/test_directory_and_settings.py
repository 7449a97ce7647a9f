"""The group directory (tabs, topics, suggestions, counts) and a group's own pages: about,
settings, archive, and starting a new group."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from discussions.services import post_create, thread_create
from groups.models import Group, Membership
from groups.services import activity_refresh
from profiles.services import topics_get_or_create
from tests.factories import (
    FollowFactory,
    GroupFactory,
    MembershipFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("groups:directory")


def names(response) -> list[str]:
    return [g.name for g in response.context["page"].object_list]


def test_tabs_order_the_directory(client_for, outsider):
    now = timezone.now()
    quiet = GroupFactory(name="A quiet one", member_count=50, last_activity_at=now)
    busy = GroupFactory(name="B busy one", member_count=5)
    busy.last_activity_at = now + datetime.timedelta(hours=1)
    busy.save()
    fresh = GroupFactory(name="C fresh one", member_count=1)
    MembershipFactory(group=fresh, user=outsider)
    client = client_for(outsider)
    assert names(client.get(DIRECTORY)) == ["A quiet one", "B busy one", "C fresh one"]
    assert names(client.get(DIRECTORY, {"tab": "popular"}))[0] == quiet.name
    assert names(client.get(DIRECTORY, {"tab": "active"}))[:2] == [busy.name, quiet.name]
    assert names(client.get(DIRECTORY, {"tab": "new"}))[0] == fresh.name
    assert names(client.get(DIRECTORY, {"tab": "mine"})) == [fresh.name]
    assert client.get(DIRECTORY, {"tab": "nonsense"}).status_code == 200


def test_find_a_club_by_topic_and_kind(client_for, outsider):
    running = GroupFactory(name="Running Club", kind="club")
    running.topics.set(topics_get_or_create(names=["Running"]))
    GroupFactory(name="Python Guild").topics.set(topics_get_or_create(names=["Python"]))
    client = client_for(outsider)
    assert names(client.get(DIRECTORY, {"topic": "running "})) == ["Running Club"]
    assert names(client.get(DIRECTORY, {"kind": "club"})) == ["Running Club"]
    assert names(client.get(DIRECTORY, {"kind": "club", "topic": "python"})) == []


def test_suggestions_follow_my_topics_and_the_people_i_follow(client_for, outsider):
    give_topics(outsider, skills=["Python"], interests=["Chess"])
    chess = GroupFactory(name="Chess Club", kind="club")
    chess.topics.set(topics_get_or_create(names=["chess"]))
    friend = UserFactory()
    FollowFactory(follower=outsider, followed=friend)
    design = GroupFactory(name="Design Crit")
    MembershipFactory(group=design, user=friend)
    GroupFactory(name="Unrelated")
    mine = GroupFactory(name="Already Mine")
    mine.topics.set(topics_get_or_create(names=["Python"]))
    MembershipFactory(group=mine, user=outsider)
    hidden = GroupFactory(name="Hidden Python", visibility="hidden")
    hidden.topics.set(topics_get_or_create(names=["Python"]))

    response = client_for(outsider).get(DIRECTORY, {"tab": "suggested"})
    assert names(response) == ["Chess Club", "Design Crit"]
    page = response.content.decode()
    assert "About Chess, like you" in page
    assert "1 person you follow is in it" in page


def test_archived_groups_leave_the_directory_but_stay_findable(client_for, outsider):
    GroupFactory(name="Old Initiative", archived_at=timezone.now())
    client = client_for(outsider)
    assert names(client.get(DIRECTORY)) == []
    assert names(client.get(DIRECTORY, {"archived": "1"})) == ["Old Initiative"]
    search = client.get(reverse("search"), {"q": "Old Initiative"}).content.decode()
    assert "Old Initiative" in search.split("</form>", 1)[1]


def test_counts_on_cards_are_kept_on_the_group(client_for, member, private_group):
    thread = thread_create(user=member, group=private_group, title="Hello", body="First.")
    post_create(user=member, thread=thread, body="Second.")
    private_group.refresh_from_db()
    assert private_group.thread_count == 1
    assert private_group.last_activity_at is not None
    Group.objects.filter(pk=private_group.pk).update(thread_count=0, last_activity_at=None)
    activity_refresh()
    private_group.refresh_from_db()
    assert private_group.thread_count == 1
    page = client_for(member).get(DIRECTORY).content.decode()
    assert "1 thread" in page
    assert "active just now" in page


@pytest.mark.parametrize("tab", ["all", "suggested", "mine"])
def test_the_directory_keeps_a_constant_number_of_queries_for_5_and_50_groups(
    client_for, outsider, tab
):
    give_topics(outsider, skills=["Python"])
    python = topics_get_or_create(names=["Python", "Testing"])

    def add(n):
        for group in GroupFactory.create_batch(n):
            group.topics.set(python)
            ThreadFactory(group=group)
            if tab == "mine":
                MembershipFactory(group=group, user=outsider)

    client = client_for(outsider)
    assert_constant_queries(lambda: client.get(DIRECTORY, {"tab": tab}), add, rows=5)


def cover_upload(size=(900, 300)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "PNG")
    return SimpleUploadedFile("cover.png", buffer.getvalue(), content_type="image/png")


def test_starting_a_group(client_for, outsider):
    response = client_for(outsider).post(
        reverse("groups:create"),
        {
            "name": "  Sourdough   Society ",
            "kind": "club",
            "visibility": "private",
            "description": "We **bake**.",
            "rules": "Share your starter.",
            "topics": "Baking, cooking",
            "cover": cover_upload(),
        },
    )
    group = Group.objects.get(name="Sourdough Society")
    assert response["Location"] == group.get_absolute_url()
    assert group.slug == "sourdough-society"
    assert "<strong>bake</strong>" in group.description_html
    assert sorted(t.name for t in group.topics.all()) == ["Baking", "cooking"]
    assert Membership.objects.get(group=group).role == "owner"
    assert group.member_count == 1
    with group.cover.open() as cover:
        assert Image.open(cover).size == (1200, 400)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "This field is required."),
        ({"name": "Python Guild"}, "There is already a group called"),
        ({"visibility": "public"}, "Select a valid choice"),
        ({"cover": SimpleUploadedFile("c.png", b"nope", content_type="image/png")},
         "not an image we can read"),
    ],
)  # fmt: skip
def test_a_bad_new_group_says_why_and_creates_nothing(client_for, outsider, overrides, message):
    GroupFactory(name="Python Guild")
    data = {"name": "New group", "kind": "topic", "visibility": "open"} | overrides
    response = client_for(outsider).post(reverse("groups:create"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Group.objects.count() == 1


def test_guests_cannot_start_groups(client_for, guest):
    assert client_for(guest).get(reverse("groups:create")).status_code == 403


def test_a_reserved_address_is_never_taken(client_for, outsider):
    client_for(outsider).post(
        reverse("groups:create"), {"name": "New", "kind": "topic", "visibility": "open"}
    )
    assert Group.objects.get(name="New").slug == "new-group"


def test_owners_change_settings_and_others_cannot(client_for, owner, moderator, private_group):
    url = reverse("groups:settings", args=[private_group.slug])
    assert client_for(moderator).get(url).status_code == 403
    response = client_for(owner).post(
        url,
        {
            "name": "Security Guild",
            "kind": "topic",
            "visibility": "hidden",
            "description": "Now hidden.",
            "rules": "Be *kind*.",
            "topics": "Security",
        },
    )
    assert response.status_code == 302
    private_group.refresh_from_db()
    assert (private_group.name, private_group.visibility, private_group.slug) == (
        "Security Guild",
        "hidden",
        "security",  # the address stays, so links keep working
    )
    about = client_for(owner).get(reverse("groups:about", args=[private_group.slug]))
    assert "<em>kind</em>" in about.content.decode()


def test_archiving_makes_a_group_read_only(client_for, owner, member, private_group):
    client_for(owner).post(reverse("groups:archive", args=[private_group.slug]), {"archived": "1"})
    private_group.refresh_from_db()
    assert private_group.is_archived
    response = client_for(member).post(
        reverse("discussions:thread_create", args=[private_group.slug]),
        {"kind": "discussion", "title": "Still here?", "body": "Hello"},
    )
    assert response.status_code == 422
    assert "archived and read-only" in response.content.decode()
    assert (
        client_for(member)
        .post(reverse("groups:archive", args=[private_group.slug]), {"archived": "0"})
        .status_code
        == 403
    )
    client_for(owner).post(reverse("groups:archive", args=[private_group.slug]), {"archived": "0"})
    private_group.refresh_from_db()
    assert not private_group.is_archived


def test_about_shows_leaders_to_all_and_advocates_to_readers(
    client_for, owner, member, outsider, private_group
):
    Membership.objects.filter(user=member).update(is_advocate=True)
    url = reverse("groups:about", args=[private_group.slug])
    inside = client_for(member).get(url).content.decode()
    assert owner.profile.display_name in inside
    assert "Advocates" in inside
    outside = client_for(outsider).get(url).content.decode()
    assert owner.profile.display_name in outside  # whom to ask
    assert "Advocates" not in outside


def test_starting_a_group_never_reveals_a_hidden_one(client_for, outsider):
    GroupFactory(name="Project Falcon", slug="project-falcon", visibility="hidden")
    response = client_for(outsider).post(
        reverse("groups:create"), {"name": "Project Falcon", "kind": "topic", "visibility": "open"}
    )
    assert response.status_code == 302  # no "already a group called" for a hidden one
    mine = Group.objects.get(name="Project Falcon", visibility="open")
    assert mine.slug.startswith("project-falcon-")
    assert mine.slug != "project-falcon-2"


def test_suggestions_never_tell_who_is_in_a_private_group(client_for, outsider):
    friend = UserFactory()
    FollowFactory(follower=outsider, followed=friend)
    secret = GroupFactory(name="Secret Society", visibility="private")
    MembershipFactory(group=secret, user=friend)
    page = client_for(outsider).get(DIRECTORY, {"tab": "suggested"}).content.decode()
    assert "Secret Society" not in page
