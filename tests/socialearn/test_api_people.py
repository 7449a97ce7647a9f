"""The people API: the directory and the expert finder for integrations (chat bots,
intranet widgets), under the same rules as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.models import Thread
from tests.factories import PostFactory, ThreadFactory, UserFactory, give_topics
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
PEOPLE = reverse("api:people")


def test_who_knows_a_skill_with_the_reason(client_for, outsider, open_group):
    kim = UserFactory(display_name="Kim Kubernetes")
    give_topics(kim, skills=["Kubernetes"])
    question = ThreadFactory(group=open_group, kind=Thread.Kind.QUESTION)
    question.tags.add(kim.profile.skills.get())
    question.accepted_post = PostFactory(thread=question, author=kim)
    question.save()
    give_topics(UserFactory(display_name="Dee Declared"), skills=["kubernetes"])
    UserFactory(display_name="Nora Nothing")

    data = client_for(outsider).get(PEOPLE, {"skill": "KUBERNETES"}).json()
    assert data["count"] == 2
    first = data["results"][0]
    assert first["display_name"] == "Kim Kubernetes"
    assert first["skills"] == ["Kubernetes"]
    assert first["reason"] == "Lists it as a skill · 1 accepted answer about Kubernetes"
    assert first["expert_score"] > data["results"][1]["expert_score"]


def test_a_person(client_for, outsider):
    boss = UserFactory()
    ana = UserFactory(display_name="Ana López")
    ana.profile.manager = boss
    ana.profile.links = [{"label": "Wiki", "url": "https://wiki.example.com/ana"}]
    ana.profile.save()
    give_topics(ana, interests=["Chess"])
    data = client_for(outsider).get(reverse("api:person", args=[ana.handle])).json()
    assert data["manager"] == boss.handle
    assert data["interests"] == ["Chess"]
    assert data["links"] == [{"label": "Wiki", "url": "https://wiki.example.com/ana"}]


def test_guests_and_former_colleagues_follow_the_page_rules(client_for, guest, member):
    stranger = UserFactory(display_name="Stella Stranger")
    former = UserFactory(display_name="Fay Former", is_active=False)
    names = [p["display_name"] for p in client_for(guest).get(PEOPLE).json()["results"]]
    assert member.profile.display_name in names
    assert "Stella Stranger" not in names
    assert client_for(guest).get(reverse("api:person", args=[stranger.handle])).status_code == 404
    response = client_for(member).get(reverse("api:person", args=[former.handle]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "Fay Former" not in str(client_for(member).get(PEOPLE).json())


def test_the_people_list_keeps_a_constant_number_of_queries(client_for, outsider):
    def add(n):
        for user in UserFactory.create_batch(n):
            give_topics(user, skills=["Python", "SQL"])

    client = client_for(outsider)
    assert_constant_queries(lambda: client.get(PEOPLE), add, rows=5)
    assert_constant_queries(lambda: client.get(PEOPLE, {"skill": "python"}), add, rows=5)


def test_a_guest_sees_no_manager_outside_their_groups(client_for, guest, member):
    member.profile.manager = UserFactory()
    member.profile.save()
    data = client_for(guest).get(reverse("api:person", args=[member.handle])).json()
    assert data["manager"] is None
    data = client_for(member).get(reverse("api:person", args=[member.handle])).json()
    assert data["manager"] == member.profile.manager.handle
