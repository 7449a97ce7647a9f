"""Search: full text on PostgreSQL (stored vectors, weighted, stemmed), a substring
fallback elsewhere; ranking favours titles, accepted answers and recent items; nothing
the searcher may not see appears, not even in a snippet."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from discussions.models import Thread
from tests.factories import (
    GroupFactory,
    LibraryItemFactory,
    NewsPostFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)

pytestmark = pytest.mark.django_db


def results(client, q):
    return client.get(reverse("search"), {"q": q}).context["results"]


def test_a_title_match_ranks_above_a_text_match(client_for, open_group):
    ThreadFactory(group=open_group, title="Coffee machines", body="Our onboarding is slow")
    ThreadFactory(group=open_group, title="Onboarding buddies", body="Who pairs with whom?")
    found = results(client_for(UserFactory()), "onboarding")["threads"]
    assert [t.title for t in found] == ["Onboarding buddies", "Coffee machines"]


def test_an_accepted_answer_ranks_above_a_plain_reply(client_for, open_group):
    thread = ThreadFactory(group=open_group, kind="question", title="Which VPN?")
    PostFactory(thread=thread, body="Try the corporate VPN profile first.")
    answer = PostFactory(thread=thread, body="The corporate VPN profile, version 2.")
    Thread.objects.filter(pk=thread.pk).update(accepted_post=answer)
    found = results(client_for(UserFactory()), "corporate VPN profile")["replies"]
    assert found[0] == answer
    assert len(found) == 2


def test_recent_items_rank_above_old_ones(client_for, open_group):
    old = ThreadFactory(group=open_group, title="Kanban boards")
    Thread.objects.filter(pk=old.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=900)
    )
    ThreadFactory(group=open_group, title="Kanban boards, again")
    found = results(client_for(UserFactory()), "kanban")["threads"]
    assert found[-1] == old


def test_word_forms_match(client_for, open_group):
    ThreadFactory(group=open_group, title="Onboarding new managers")
    LibraryItemFactory(title="The onboarding checklist")
    found = results(client_for(UserFactory()), "onboard")
    assert [t.title for t in found["threads"]] == ["Onboarding new managers"]
    assert [i.title for i in found["library"]] == ["The onboarding checklist"]


def test_nothing_private_hidden_or_unpublished_appears_even_in_snippets(
    client_for, private_group, open_group
):
    ThreadFactory(group=private_group, title="Zebrafish plan", body="zebrafish")
    public = ThreadFactory(group=open_group, title="Public thread", body="nothing")
    PostFactory(thread=public, body="zebrafish in a hidden reply", is_hidden=True)
    hidden = ThreadFactory(group=open_group, title="Zebrafish hidden", is_hidden=True)
    PostFactory(thread=hidden, body="zebrafish inside a hidden thread")
    LibraryItemFactory(group=private_group, title="Zebrafish item")
    NewsPostFactory(title="Zebrafish news", status="draft")
    NewsPostFactory(title="Zebrafish group news", audience=private_group)
    client = client_for(UserFactory())
    page = client.get(reverse("search"), {"q": "zebrafish"})
    assert all(not rows for rows in page.context["results"].values())
    html = page.text.replace('value="zebrafish"', "").replace("“zebrafish”", "")
    assert "ebrafish" not in html.split("<main", 1)[1].split("Nothing found", 1)[1]


def test_snippets_are_escaped_and_marked(client_for, open_group):
    thread = ThreadFactory(group=open_group, title="Scripts")
    PostFactory(thread=thread, body="Use <script>alert(1)</script> onboarding tricks")
    html = client_for(UserFactory()).get(reverse("search"), {"q": "onboarding"}).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>onboarding</mark>" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgresql_keeps_the_stored_vector_up_to_date(open_group):
    thread = ThreadFactory(group=open_group, title="Before")
    Thread.objects.filter(pk=thread.pk).update(view_count=10)  # counters: no recompute
    thread.title = "Accessibility audits"
    thread.save()
    assert Thread.objects.filter(search_vector="accessibility").exists()
    vector = Thread.objects.values_list("search_vector", flat=True).get(pk=thread.pk)
    assert "'access':1A" in vector


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgresql_search_entries_follow_moves_edits_and_deletions(
    client_for, open_group, private_group
):
    from socialearn.models import SearchEntry

    thread = ThreadFactory(group=private_group, title="Quarterly okr review")
    reply = PostFactory(thread=thread, body="Our okr template lives here")
    reader = client_for(UserFactory())
    assert results(reader, "okr")["replies"] == []
    Thread.objects.filter(pk=thread.pk).update(group=open_group)  # a moderator's move
    assert SearchEntry.objects.get(kind="post", object_id=reply.pk).group_id == open_group.pk
    assert results(reader, "okr")["replies"] == [reply]
    reply.body = "Nothing to see"
    reply.save()
    assert results(reader, "okr")["replies"] == []
    reply.delete()
    assert not SearchEntry.objects.filter(kind="post", object_id=reply.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgresql_ranks_recent_matches_first_then_everything_when_they_are_few(
    client_for, open_group, monkeypatch
):
    from socialearn import search
    from socialearn.models import SearchEntry

    monkeypatch.setattr(search, "CANDIDATES", 3)
    old = ThreadFactory(group=open_group, title="Retrospective formats")
    SearchEntry.objects.filter(kind="thread", object_id=old.pk).update(
        at=timezone.now() - datetime.timedelta(days=400)
    )
    reader = client_for(UserFactory())
    # Few recent matches (none): everything is ranked, the old thread is found.
    assert results(reader, "retrospective")["threads"] == [old]
    # As many recent matches as candidates: those are ranked, older ones are not read.
    recent = ThreadFactory.create_batch(3, group=open_group, title="Retrospective notes")
    assert set(results(reader, "retrospective")["threads"]) == set(recent)


def test_no_result_offers_to_ask_the_question_in_ones_groups(client_for, member, private_group):
    client = client_for(member)
    page = client.get(reverse("search"), {"q": "How do I book a quiet room?"})
    assert "Ask this question" in page.text
    assert [g.slug for g in page.context["ask_groups"]] == [private_group.slug]
    response = client.get(
        reverse("search_ask"), {"q": "How do I book a quiet room?", "group": private_group.slug}
    )
    assert response.status_code == 302
    form = client.get(response["Location"]).context["form"]
    assert form.initial["title"] == "How do I book a quiet room?"
    assert form.initial["kind"] == "question"
    # Not a group of theirs: no way in.
    other = client.get(reverse("search_ask"), {"q": "x", "group": "someone-elses"})
    assert other["Location"] == reverse("groups:directory")


def test_tabs_count_each_kind_and_show_one_kind(client_for, open_group):
    for n in range(7):
        ThreadFactory(group=open_group, title=f"Retrospective formats {n}")
    LibraryItemFactory(title="Retrospective games")
    client = client_for(UserFactory())
    page = client.get(reverse("search"), {"q": "retrospective"})
    tabs = {name: n for name, _label, n in page.context["tabs"]}
    assert tabs == {"threads": 7, "library": 1}
    assert len(page.context["results"]["threads"]) == 5  # a few of each on "All"
    one = client.get(reverse("search"), {"q": "retrospective", "type": "threads"})
    assert list(one.context["results"]) == ["threads"]
    assert len(one.context["results"]["threads"]) == 7


def test_filters_narrow_content_by_group_author_and_date(
    client_for, member, private_group, open_group
):
    ana = UserFactory(handle="ana.lopez")
    ThreadFactory(group=private_group, author=ana, title="Budget planning in the guild")
    ThreadFactory(group=open_group, author=ana, title="Budget planning elsewhere")
    old = ThreadFactory(group=private_group, title="Budget planning, last year")
    Thread.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=60))
    client = client_for(member)

    def titles(**params):
        page = client.get(reverse("search"), {"q": "budget planning", **params})
        return sorted(t.title for t in page.context["results"]["threads"])

    assert len(titles()) == 3
    assert titles(group=private_group.slug) == [
        "Budget planning in the guild",
        "Budget planning, last year",
    ]
    assert titles(author="ana.lopez") == [
        "Budget planning elsewhere",
        "Budget planning in the guild",
    ]
    assert "Budget planning, last year" not in titles(since="month")
    # A group the reader may not read filters nothing (and tells nothing).
    secret = GroupFactory(visibility="private", slug="board")
    ThreadFactory(group=secret, title="Budget planning for the board")
    assert "Budget planning for the board" not in titles(group="board")


def test_a_topic_word_shows_who_knows_it_in_a_box_loaded_after_the_page(client_for, open_group):
    ben = UserFactory(display_name="Ben Okafor")
    give_topics(ben, skills=["Kubernetes"])
    client = client_for(UserFactory())
    page = client.get(reverse("search"), {"q": "kubernetes"})
    assert "Who knows Kubernetes" in page.text  # with a link to all of them, without JS
    assert f'hx-get="{reverse("search_experts")}?q=kubernetes"' in page.text
    box = client.get(reverse("search_experts"), {"q": "kubernetes"})
    assert "Ben Okafor" in box.text
    assert "Lists Kubernetes as a skill" in box.text
    # Not on a kind's tab, not for a word that is no topic, nothing when nobody knows it.
    assert (
        "Who knows" not in client.get(reverse("search"), {"q": "kubernetes", "type": "people"}).text
    )
    assert client.get(reverse("search_experts"), {"q": "retrospective"}).content == b""
    give_topics(UserFactory(is_active=False), skills=["Haskell"])
    assert client.get(reverse("search_experts"), {"q": "haskell"}).content == b""
