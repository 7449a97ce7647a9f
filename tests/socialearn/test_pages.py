"""Every page of the shell answers a signed-in person and sends everyone else to sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import LibraryItemFactory, NewsPostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shell_urls(open_group, outsider):
    thread = ThreadFactory(group=open_group)
    item = LibraryItemFactory(group=open_group)
    news = NewsPostFactory()
    return [
        reverse("home"),
        reverse("groups:directory"),
        reverse("groups:detail", args=[open_group.slug]),
        reverse("groups:members", args=[open_group.slug]),
        reverse("discussions:group_threads", args=[open_group.slug]),
        reverse("discussions:thread_create", args=[open_group.slug]),
        thread.get_absolute_url(),
        reverse("profiles:directory"),
        outsider.get_absolute_url(),
        reverse("content:library"),
        reverse("content:group_library", args=[open_group.slug]),
        item.get_absolute_url(),
        reverse("news:list"),
        news.get_absolute_url(),
        reverse("search") + "?q=thing",
        reverse("account_email"),
        reverse("api:docs"),
        reverse("api:schema"),
        reverse("api:groups"),
    ]


def test_every_shell_page_answers_a_signed_in_person(client_for, outsider, shell_urls):
    client = client_for(outsider)
    for url in shell_urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_every_shell_page_sends_strangers_to_sign_in(client, shell_urls):
    login = reverse("account_login")
    for url in shell_urls:
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(login), url


def test_the_sign_in_page_and_health_are_public(client):
    assert client.get(reverse("account_login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_an_unknown_page_gets_the_friendly_404(client_for, outsider):
    response = client_for(outsider).get("/no-such-page/")
    assert response.status_code == 404
    assert b"We couldn" in response.content
    assert b'class="site-header"' in response.content


def test_a_thread_url_with_an_old_slug_redirects_to_the_current_one(client_for, outsider):
    thread = ThreadFactory(group__visibility="open")
    response = client_for(outsider).get(f"/t/{thread.pk}/old-title/")
    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url()


def test_the_header_shows_who_is_signed_in_and_marks_the_current_section(client_for, outsider):
    response = client_for(outsider).get(reverse("groups:directory"))
    html = response.content.decode()
    assert "Olive Outsider" in html
    assert f'href="{reverse("groups:directory")}" aria-current="page"' in html


def test_times_are_shown_in_the_readers_time_zone(client_for, outsider):
    import datetime

    thread = ThreadFactory(group__visibility="open")
    thread.created_at = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    type(thread).objects.filter(pk=thread.pk).update(created_at=thread.created_at)
    outsider.time_zone = "Asia/Tokyo"
    outsider.save(update_fields=["time_zone"])
    html = client_for(outsider).get(thread.get_absolute_url()).content.decode()
    assert 'datetime="2026-03-01T21:00:00+09:00"' in html
