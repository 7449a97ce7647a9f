"""The people directory and the expert finder, through their pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.models import Thread
from profiles.services import topics_get_or_create
from tests.factories import (
    EndorsementFactory,
    GroupFactory,
    MembershipFactory,
    PostFactory,
    ReactionFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("profiles:directory")


def names_in(response) -> list[str]:
    """Display names of the result cards, in page order."""
    return [p.display_name for p in response.context["page"].object_list]


def person(name, **profile):
    user = UserFactory(display_name=name)
    for field, value in profile.items():
        setattr(user.profile, field, value)
    user.profile.save()
    return user


def test_filters_combine(client_for, outsider):
    ana = person("Ana Berlin", department="Engineering", location="Berlin")
    give_topics(ana, skills=["Python"], interests=["Running"])
    bob = person("Bob Berlin", department="Sales", location="Berlin")
    give_topics(bob, skills=["Python"], interests=["Running"])
    cy = person("Cy Austin", department="Engineering", location="Austin")
    give_topics(cy, skills=["Python"], interests=["Chess"])
    client = client_for(outsider)

    def find(query):
        return names_in(client.get(DIRECTORY + query))

    assert find("?skill=python") == ["Ana Berlin", "Bob Berlin", "Cy Austin"]
    assert find("?skill=python&department=Engineering") == ["Ana Berlin", "Cy Austin"]
    assert find("?skill=python&department=Engineering&location=Berlin") == ["Ana Berlin"]
    assert find("?interest=RUNNING&location=Berlin") == ["Ana Berlin", "Bob Berlin"]
    assert find("?q=berlin&department=Sales") == ["Bob Berlin"]
    assert find("?q=chess") == ["Cy Austin"]
    assert find("?skill=cobol") == []


def test_searching_by_name_handle_role_and_language(client_for, outsider):
    person("Zoe Zhang", job_title="Payroll specialist", languages="English, Mandarin")
    client = client_for(outsider)
    for query in ["zhang", "payroll", "MANDARIN"]:
        assert names_in(client.get(DIRECTORY, {"q": query})) == ["Zoe Zhang"], query
    handle = UserFactory(display_name="Handle Person").handle
    assert names_in(client.get(DIRECTORY, {"q": handle})) == ["Handle Person"]


def test_a_text_search_puts_people_with_that_skill_first(client_for, outsider):
    # "Aaron" mentions SQL only in his job title; Zed lists it as a skill.
    person("Aaron Analyst", job_title="SQL report writer")
    zed = person("Zed Expert")
    give_topics(zed, skills=["SQL"])
    assert names_in(client_for(outsider).get(DIRECTORY, {"q": "sql"})) == [
        "Zed Expert",
        "Aaron Analyst",
    ]


def test_the_expert_finder_ranks_by_evidence_and_says_why(client_for, outsider, open_group):
    kubernetes = topics_get_or_create(names=["Kubernetes"])[0]
    declared_only = person("Dee Declared")
    give_topics(declared_only, skills=["Kubernetes"])
    proven = person("Pat Proven")
    give_topics(proven, skills=["kubernetes"])
    for _ in range(3):  # three accepted answers in questions tagged Kubernetes
        question = ThreadFactory(group=open_group, kind=Thread.Kind.QUESTION)
        question.tags.add(kubernetes)
        answer = PostFactory(thread=question, author=proven)
        question.accepted_post = answer
        question.save()
    ReactionFactory(post=answer)  # and one "helpful" vote
    endorsed = person("Eve Endorsed")
    give_topics(endorsed, skills=["Kubernetes"])
    EndorsementFactory(person=endorsed, topic=kubernetes)
    EndorsementFactory(person=endorsed, topic=kubernetes)
    # Someone who never listed the skill but whose answers were found helpful still shows.
    helper = person("Hal Helper")
    thread = ThreadFactory(group=open_group)
    thread.tags.add(kubernetes)
    ReactionFactory(post=PostFactory(thread=thread, author=helper))
    person("Nina Nothing")

    response = client_for(outsider).get(DIRECTORY, {"skill": "KUBERNETES"})
    assert names_in(response) == ["Pat Proven", "Eve Endorsed", "Dee Declared", "Hal Helper"]
    page = response.content.decode()
    assert "Who knows Kubernetes" in page
    assert "3 accepted answers about Kubernetes" in page
    assert "1 “helpful” vote on replies" in page
    assert "endorsed by 2 colleagues" in page
    assert "Lists Kubernetes as a skill" in page


def test_evidence_from_a_private_group_counts_only_for_its_members(
    client_for, outsider, member, private_group
):
    kubernetes = topics_get_or_create(names=["Kubernetes"])[0]
    expert = person("Ivy Insider")
    question = ThreadFactory(group=private_group, kind=Thread.Kind.QUESTION)
    question.tags.add(kubernetes)
    question.accepted_post = PostFactory(thread=question, author=expert)
    question.save()

    inside = client_for(member).get(DIRECTORY, {"skill": "kubernetes"})
    assert names_in(inside) == ["Ivy Insider"]
    assert "1 accepted answer about Kubernetes" in inside.content.decode()
    outside = client_for(outsider).get(DIRECTORY, {"skill": "kubernetes"})
    assert names_in(outside) == []
    assert "Ivy Insider" not in outside.content.decode()


def test_header_search_shows_who_knows_a_skill(client_for, outsider):
    expert = person("Kim Kubernetes")
    give_topics(expert, skills=["Kubernetes"])
    page = client_for(outsider).get(reverse("search"), {"q": "kubernetes"}).content.decode()
    assert "Who knows Kubernetes" in page
    assert "Kim Kubernetes" in page
    assert f"{DIRECTORY}?skill=Kubernetes" in page


def test_people_to_meet_share_topics_and_favour_other_departments(client_for):
    me = person("Me Myself", department="Engineering")
    give_topics(me, skills=["Python"], interests=["Chess"])
    same_dept = person("Sam Samedept", department="Engineering")
    give_topics(same_dept, skills=["Python"], interests=["Chess"])
    other_dept = person("Olga Otherdept", department="Marketing")
    give_topics(other_dept, interests=["chess"])
    person("Nobody Shared", department="Marketing")
    response = client_for(me).get(DIRECTORY)
    meet = response.context["people_to_meet"]
    assert [p.display_name for p in meet] == ["Olga Otherdept", "Sam Samedept"]
    assert "Also into Chess · in Marketing" in response.content.decode()
    assert "Also into Chess, Python · in Engineering" in response.content.decode()


def test_the_directory_keeps_a_constant_number_of_queries_for_5_and_50_people(client_for, outsider):
    topics = topics_get_or_create(names=["Python", "SQL", "Coaching"])
    give_topics(outsider, skills=["Python"])

    def add(n):
        for user in UserFactory.create_batch(n):
            user.profile.skills.set(topics)

    client = client_for(outsider)
    assert_constant_queries(lambda: client.get(DIRECTORY), add, rows=5)


def test_the_expert_finder_keeps_a_constant_number_of_queries(client_for, outsider, open_group):
    python = topics_get_or_create(names=["Python"])[0]

    def add(n):
        for user in UserFactory.create_batch(n):
            user.profile.skills.add(python)
            thread = ThreadFactory(group=open_group, kind=Thread.Kind.QUESTION)
            thread.tags.add(python)
            thread.accepted_post = PostFactory(thread=thread, author=user)
            thread.save()
            EndorsementFactory(person=user, topic=python)

    client = client_for(outsider)
    assert_constant_queries(lambda: client.get(DIRECTORY, {"skill": "python"}), add, rows=5)


def test_bad_filter_values_are_harmless(client_for, outsider):
    person("Ana Example")
    client = client_for(outsider)
    for query in [{"q": "x" * 5000}, {"department": "\x00"}, {"page": "nine"}, {"skill": " "}]:
        assert client.get(DIRECTORY, query).status_code == 200
    # PostgreSQL refuses NUL in a string: every search box drops control characters.
    for url in [DIRECTORY, reverse("search"), reverse("groups:directory")]:
        assert client.get(url, {"q": "an\x00a", "skill": "py\x00"}).status_code == 200, url
    options = client.get(reverse("profiles:topic_options"), {"skills": "Py\x00"})
    assert options.status_code == 200


def test_topic_suggestions_complete_the_last_item_of_a_list(client_for, outsider):
    give_topics(UserFactory(), skills=["Python", "PostgreSQL", "Public speaking"])
    client = client_for(outsider)
    html = client.get(reverse("profiles:topic_options"), {"skills": "Python, po"}).content.decode()
    assert '<option value="Python, PostgreSQL">' in html
    assert "Python, Python" not in html  # already in the list
    assert client.get(reverse("profiles:topic_options"), {"skills": ""}).content.strip() == b""


def test_people_suggestions_for_the_manager_field(client_for, outsider):
    boss = person("Bea Boss")
    html = client_for(outsider).get(reverse("profiles:people_options"), {"manager": "bea"})
    assert f'<option value="{boss.handle}">Bea Boss</option>' in html.content.decode()


def test_only_groups_the_viewer_can_read_appear_on_a_profile(
    client_for, outsider, member, private_group
):
    MembershipFactory(user=member, group=GroupFactory(name="Open Book Club"))
    page = client_for(outsider).get(member.get_absolute_url()).content.decode()
    assert "Open Book Club" in page
    assert private_group.name not in page


def test_the_cached_expert_list_follows_the_readers_access(
    client_for, member, private_group, open_group
):
    """Evidence from a private group leaves the expert list as soon as the reader leaves
    the group, though the number of experts stays the same."""
    kubernetes = topics_get_or_create(names=["Kubernetes"])[0]
    expert = person("Ivy Insider")
    give_topics(expert, skills=["Kubernetes"])
    question = ThreadFactory(group=private_group, kind=Thread.Kind.QUESTION)
    question.tags.add(kubernetes)
    question.accepted_post = PostFactory(thread=question, author=expert)
    question.save()
    client = client_for(member)
    page = client.get(DIRECTORY, {"skill": "kubernetes"}).content.decode()
    assert "1 accepted answer about Kubernetes" in page
    private_group.memberships.filter(user=member).delete()
    page = client.get(DIRECTORY, {"skill": "kubernetes"}).content.decode()
    assert "Ivy Insider" in page
    assert "accepted answer about" not in page


def test_a_cached_expert_ranking_survives_people_leaving_its_scope(
    client_for, guest, private_group
):
    colleague = person("Col League")
    give_topics(colleague, skills=["Kubernetes"])
    membership = MembershipFactory(user=colleague, group=private_group)
    client = client_for(guest)
    assert names_in(client.get(DIRECTORY, {"skill": "kubernetes"})) == ["Col League"]
    membership.delete()
    response = client.get(DIRECTORY, {"skill": "kubernetes"})
    assert response.status_code == 200
    assert "Col League" not in response.content.decode()
    api = client.get(reverse("api:people"), {"skill": "kubernetes"})
    assert api.status_code == 200
