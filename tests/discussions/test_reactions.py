from __future__ import annotations

import pytest
from django.urls import reverse

from discussions.models import Reaction
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

REACT = reverse("discussions:react")


def test_reacting_to_a_reply_and_taking_it_back(client_for, member, private_group):
    post = PostFactory(thread__group=private_group)
    client = client_for(member)
    response = client.post(REACT, {"target": "post", "id": post.pk, "kind": "helpful"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")
    assert Reaction.objects.filter(post=post, user=member, kind="helpful").count() == 1
    client.post(REACT, {"target": "post", "id": post.pk, "kind": "helpful"})
    assert not Reaction.objects.exists()


def test_reacting_with_htmx_returns_the_updated_bar(client_for, member, private_group):
    thread = ThreadFactory(group=private_group)
    response = client_for(member).post(
        REACT, {"target": "thread", "id": thread.pk, "kind": "like"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html
    assert '<span class="reaction-count">1</span>' in html
    assert "<html" not in html


def test_the_thread_page_shows_counts_and_my_reactions(client_for, member, owner, private_group):
    post = PostFactory(thread__group=private_group)
    Reaction.objects.create(post=post, user=owner, kind="insightful")
    Reaction.objects.create(post=post, user=member, kind="insightful")
    html = client_for(member).get(post.thread.get_absolute_url()).content.decode()
    assert '<span class="reaction-count">2</span>' in html
    assert 'class="reaction is-mine" aria-pressed="true" title="Insightful"' in html


def test_outsiders_cannot_react_to_private_posts(client_for, outsider, private_group):
    post = PostFactory(thread__group=private_group)
    thread = post.thread
    client = client_for(outsider)
    assert client.post(REACT, {"target": "post", "id": post.pk, "kind": "like"}).status_code == 404
    assert (
        client.post(REACT, {"target": "thread", "id": thread.pk, "kind": "like"}).status_code == 404
    )
    assert not Reaction.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"target": "post", "id": "abc", "kind": "like"},
        {"target": "planet", "id": "1", "kind": "like"},
        {"target": "thread", "id": "{thread}", "kind": "shrug"},
    ],
)
def test_bad_reactions_are_refused_with_a_message(client_for, member, private_group, data):
    thread = ThreadFactory(group=private_group)
    data = {k: v.replace("{thread}", str(thread.pk)) for k, v in data.items()}
    response = client_for(member).post(REACT, data)
    assert response.status_code == 400
    assert response.content
    assert not Reaction.objects.exists()


def test_a_reaction_needs_exactly_one_target(member, private_group):
    from django.db import IntegrityError

    thread = ThreadFactory(group=private_group)
    post = PostFactory(thread=thread)
    with pytest.raises(IntegrityError):
        Reaction.objects.create(user=member, kind="like", thread=thread, post=post)
