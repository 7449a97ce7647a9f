from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from discussions import services
from discussions.models import Post, Thread
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_thread(client_for, member, private_group):
    url = reverse("discussions:thread_create", args=[private_group.slug])
    response = client_for(member).post(
        url, {"kind": "question", "title": "How do we rotate keys?", "body": "Asking **why**."}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.kind == "question"
    assert thread.author == member
    assert thread.slug == "how-do-we-rotate-keys"
    assert "<strong>why</strong>" in thread.body_html


def test_a_bad_thread_comes_back_with_its_text_and_a_message(client_for, member, private_group):
    url = reverse("discussions:thread_create", args=[private_group.slug])
    response = client_for(member).post(
        url, {"kind": "discussion", "title": "Hm", "body": "My long careful text"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "at least 5 characters" in html
    assert "My long careful text" in html
    assert not Thread.objects.exists()


def test_a_reply_bumps_the_thread_and_lands_on_its_permalink(client_for, member, private_group):
    thread = ThreadFactory(group=private_group)
    PostFactory.create_batch(20, thread=thread)
    Thread.objects.filter(pk=thread.pk).update(reply_count=20)
    response = client_for(member).post(thread.get_absolute_url(), {"body": "Use a vault."})
    post = Post.objects.latest("pk")
    thread.refresh_from_db()
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{post.pk}"
    assert thread.reply_count == 21
    assert thread.last_activity_at == post.created_at
    page = client_for(member).get(response["Location"]).content.decode()
    assert f'id="post-{post.pk}"' in page


def test_an_empty_reply_keeps_the_page_and_says_why(client_for, member, private_group):
    thread = ThreadFactory(group=private_group)
    response = client_for(member).post(thread.get_absolute_url(), {"body": "   "})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert not Post.objects.exists()


def test_a_locked_thread_takes_no_replies(member, private_group):
    thread = ThreadFactory(group=private_group, is_locked=True)
    with pytest.raises(ValidationError):
        services.post_create(user=member, thread=thread, body="late")
    assert not Post.objects.exists()


def test_an_archived_group_is_read_only(member, private_group):
    from django.utils import timezone

    private_group.archived_at = timezone.now()
    private_group.save()
    with pytest.raises(ValidationError):
        services.thread_create(user=member, group=private_group, title="Still here?", body="x")


def test_anyone_signed_in_may_post_in_an_open_group(outsider, open_group):
    thread = services.thread_create(user=outsider, group=open_group, title="Hello all", body="Hi")
    assert services.post_create(user=outsider, thread=thread, body="Me again").pk


def test_user_text_is_sanitised_on_save(member, private_group):
    thread = services.thread_create(
        user=member,
        group=private_group,
        title="Look at this",
        body="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> "
        "https://example.com",
    )
    html = thread.body_html
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "<img src=" not in html  # shown as text, never as an element
    assert 'rel="nofollow noopener noreferrer"' in html
    assert 'href="https://example.com"' in html


def test_the_thread_page_counts_views(client_for, member, private_group):
    thread = ThreadFactory(group=private_group)
    client_for(member).get(thread.get_absolute_url())
    thread.refresh_from_db()
    assert thread.view_count == 1
