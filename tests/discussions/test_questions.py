"""Q&A: accepting an answer, question states, the time to a first answer and to
acceptance, the unanswered queue and the questions someone could answer."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from discussions.models import Thread
from discussions.services import answer_accept, post_create, thread_create
from groups.models import Membership
from tests.factories import MembershipFactory, ThreadFactory, UserFactory, give_topics
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(member, private_group):
    return thread_create(
        user=member, group=private_group, title="How do we rotate keys?", body="Asking.",
        kind="question", tags=["Security", "security "],
    )  # fmt: skip


def test_asking_with_topics(client_for, member, private_group):
    response = client_for(member).post(
        reverse("discussions:thread_create", args=[private_group.slug]),
        {"kind": "question", "title": "Which vault?", "body": "For secrets.", "tags": "Vault, KMS"},
    )
    thread = Thread.objects.get(title="Which vault?")
    assert response["Location"] == thread.get_absolute_url()
    assert sorted(t.name for t in thread.tags.all()) == ["KMS", "Vault"]


def test_too_many_topics_is_refused_and_nothing_is_created(client_for, member, private_group):
    response = client_for(member).post(
        reverse("discussions:thread_create", args=[private_group.slug]),
        {"kind": "question", "title": "Which vault?", "body": "x", "tags": "a, b, c, d, e, f"},
    )
    assert response.status_code == 422
    assert "Five topics at most" in response.content.decode()
    assert not Thread.objects.exists()


def test_the_first_answer_and_the_acceptance_are_timed(client_for, member, owner, question):
    assert question.tags.get().name == "Security"
    post_create(user=member, thread=question, body="Bump.")  # the asker's own reply
    question.refresh_from_db()
    assert question.first_reply_at is None
    assert question.state == "unanswered"
    answer = post_create(user=owner, thread=question, body="Every quarter, with the KMS.")
    question.refresh_from_db()
    assert question.first_reply_at == answer.created_at
    assert question.state == "answered"

    client_for(member).post(reverse("discussions:accept", args=[question.pk]), {"post": answer.pk})
    question.refresh_from_db()
    assert question.accepted_post == answer
    assert question.accepted_at is not None
    assert question.state == "accepted"
    page = client_for(owner).get(question.get_absolute_url()).content.decode()
    assert 'aria-labelledby="accepted-title"' in page
    assert "Every quarter, with the KMS." in page.split('id="replies-title"')[0]


def test_only_the_asker_or_a_moderator_accepts(
    client_for, member, moderator, private_group, question
):
    other = MembershipFactory(group=private_group).user
    answer = post_create(user=moderator, thread=question, body="Answer.")
    url = reverse("discussions:accept", args=[question.pk])
    assert client_for(other).post(url, {"post": answer.pk}).status_code == 403
    question.refresh_from_db()
    assert question.accepted_post is None
    page = client_for(other).get(question.get_absolute_url()).content.decode()
    assert "Accept this answer" not in page
    assert (
        "Accept this answer" in client_for(member).get(question.get_absolute_url()).content.decode()
    )
    client_for(moderator).post(url, {"post": answer.pk})
    question.refresh_from_db()
    assert question.accepted_post == answer
    # Taking it back.
    client_for(member).post(url, {"post": ""})
    question.refresh_from_db()
    assert question.accepted_post is None


def test_a_reply_of_another_thread_cannot_be_accepted(client_for, member, private_group, question):
    elsewhere = ThreadFactory(group=private_group)
    stray = post_create(user=member, thread=elsewhere, body="Elsewhere.")
    response = client_for(member).post(
        reverse("discussions:accept", args=[question.pk]), {"post": stray.pk}
    )
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.accepted_post is None


@pytest.mark.django_db(transaction=True)
def test_two_moderators_accepting_at_once_leave_one_accepted_answer():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs a server database")
    from tests.factories import GroupFactory

    group = GroupFactory(visibility="private")
    asker = MembershipFactory(group=group).user
    mods = [MembershipFactory(group=group, role="moderator").user for _ in range(2)]
    thread = thread_create(user=asker, group=group, title="Race?", body="?", kind="question")
    answers = [post_create(user=m, thread=thread, body=f"Answer {n}") for n, m in enumerate(mods)]
    barrier = threading.Barrier(2)

    def accept(moderator, answer):
        barrier.wait()
        try:
            answer_accept(user=moderator, thread=thread, post=answer)
        finally:
            connection.close()

    runs = [threading.Thread(target=accept, args=pair) for pair in zip(mods, answers, strict=True)]
    for t in runs:
        t.start()
    for t in runs:
        t.join()
    thread.refresh_from_db()
    assert thread.accepted_post in answers
    assert thread.accepted_at is not None


def test_a_permalink_lands_on_the_page_that_holds_the_reply(client_for, member, question):
    posts = [post_create(user=member, thread=question, body=f"Reply {n}") for n in range(25)]
    response = client_for(member).get(
        reverse("discussions:thread_short", args=[question.pk]), {"post": posts[22].pk}
    )
    assert response["Location"] == f"{question.get_absolute_url()}?page=2#post-{posts[22].pk}"


def test_the_unanswered_queue_and_its_filters(client_for, member, owner, private_group, open_group):
    old = thread_create(user=member, group=private_group, title="Old question", body="?",
                        kind="question", tags=["Security"])  # fmt: skip
    new = thread_create(user=member, group=open_group, title="New question", body="?",
                        kind="question", tags=["Python"])  # fmt: skip
    answered = thread_create(user=member, group=open_group, title="Answered one", body="?",
                             kind="question")  # fmt: skip
    post_create(user=owner, thread=answered, body="Here.") if False else None
    MembershipFactory(group=open_group, user=owner)
    post_create(user=owner, thread=answered, body="Here.")
    client = client_for(member)
    page = client.get(reverse("discussions:questions"))
    assert [t.title for t in page.context["page"].object_list] == [old.title, new.title]
    python = client.get(reverse("discussions:questions"), {"tag": "python"})
    assert [t.title for t in python.context["page"].object_list] == [new.title]
    done = client.get(reverse("discussions:questions"), {"state": "answered"})
    assert [t.title for t in done.context["page"].object_list] == [answered.title]
    # A private group's questions are only for its members.
    outsider = UserFactory()
    seen = client_for(outsider).get(reverse("discussions:questions"))
    assert [t.title for t in seen.context["page"].object_list] == [new.title]


def test_questions_i_could_answer_follow_my_skills_and_advocacy(
    client_for, member, private_group, open_group
):
    expert = UserFactory()
    give_topics(expert, skills=["Python"])
    thread_create(user=member, group=open_group, title="Python packaging?", body="?",
                  kind="question", tags=["python"])  # fmt: skip
    thread_create(user=member, group=private_group, title="Secret question", body="?",
                  kind="question", tags=["Python"])  # fmt: skip
    thread_create(user=member, group=open_group, title="Off topic", body="?", kind="question")
    home = client_for(expert).get("/").content.decode()
    box = home.split('id="to-answer-title"')[1].split("</section>")[0]
    assert "Python packaging?" in box
    assert "Secret question" not in home  # not readable
    assert "Off topic" not in box
    advocate = MembershipFactory(group=open_group).user
    Membership.objects.filter(user=advocate).update(is_advocate=True)
    page = client_for(advocate).get(reverse("discussions:questions")).content.decode()
    assert "Off topic" in page.split('id="for-you-title"')[1]


def test_question_lists_keep_a_constant_number_of_queries(client_for, member, open_group):
    def add(n):
        for _ in range(n):
            thread_create(user=member, group=open_group, title="A question?", body="?",
                          kind="question", tags=["Python"])  # fmt: skip

    client = client_for(member)
    assert_constant_queries(lambda: client.get(reverse("discussions:questions")), add, rows=5)
    url = reverse("discussions:group_threads", args=[open_group.slug])
    assert_constant_queries(lambda: client.get(url, {"state": "unanswered"}), add, rows=5)


def test_a_groups_unanswered_queue_filters_by_topic_oldest_first(client_for, member, private_group):
    old = thread_create(user=member, group=private_group, title="Old vault question",
                        body="?", kind="question", tags=["Vault"])  # fmt: skip
    thread_create(user=member, group=private_group, title="Newer vault question",
                  body="?", kind="question", tags=["Vault"])  # fmt: skip
    thread_create(user=member, group=private_group, title="Kafka question",
                  body="?", kind="question", tags=["Kafka"])  # fmt: skip
    Thread.objects.filter(pk=old.pk).update(created_at=old.created_at.replace(year=2025))
    page = (
        client_for(member)
        .get(
            reverse("discussions:group_threads", args=[private_group.slug]),
            {"state": "unanswered", "tag": "vault"},
        )
        .content.decode()
    )
    assert "Kafka question" not in page
    assert page.index("Old vault question") < page.index("Newer vault question")
    assert ">Kafka</a>" in page  # offered as a filter
