"""Link previews: a shared link's page is read (from a real HTTP server on 127.0.0.1, the
test-only FEEDS_ALLOW_LOOPBACK) for its title, description and picture; the picture is
re-encoded, kept privately and served only to the item's readers; unsafe addresses,
fake pictures and pages that are not HTML leave the item as its sharer wrote it."""

from __future__ import annotations

import io
import time

import pytest
from django.urls import reverse
from PIL import Image

from content.models import LibraryItem
from content.previews import preview_fetch
from socialearn.lib.link_preview import charset_of, parse_preview
from tests.factories import LibraryItemFactory
from tests.local_http import local_server

pytestmark = pytest.mark.django_db


def png(size=(1200, 630)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 180)).save(buffer, "PNG")
    return buffer.getvalue()


PAGE = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Fallback title</title>
<meta property="og:title" content="Kubernetes in practice">
<meta property="og:description" content="Pods, services &amp; deployments, step by step.">
<meta property="og:image" content="/card.png">
</head><body><meta property="og:title" content="Not from the body"></body></html>"""

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def site(settings):
    settings.FEEDS_ALLOW_LOOPBACK = True
    settings.PREVIEW_TIMEOUT = 2.0
    routes = {
        "/guide": (200, HTML, PAGE, 0),
        "/card.png": (200, {"Content-Type": "image/png"}, png(), 0),
        "/latin": (
            200,
            {"Content-Type": "text/html; charset=iso-8859-1"},
            "<title>Caf\xe9 culture</title>".encode("latin-1"),
            0,
        ),
        "/metadata-picture": (
            200,
            HTML,
            b'<meta property="og:title" content="Sneaky">'
            b'<meta property="og:image" content="http://169.254.169.254/latest/meta-data/">',
            0,
        ),
        "/fake-picture": (
            200,
            HTML,
            b'<meta property="og:title" content="Fake"><meta property="og:image" content="/x.png">',
            0,
        ),
        "/x.png": (200, {"Content-Type": "image/png"}, b"<html>not an image</html>", 0),
        "/to-private": (302, {"Location": "http://10.0.0.1/guide"}, b"", 0),
        "/paper.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n%%EOF", 0),
    }
    with local_server(routes) as base:
        yield base


def share_link(client, url, group=None, **extra):
    target = (
        reverse("content:group_share", args=[group.slug]) if group else reverse("content:share")
    )
    data = {"kind": "link", "url": url, "title": "", "level": "beginner", "minutes": 5}
    return client.post(target, {**data, **extra})


def test_a_shared_link_takes_the_pages_title_description_and_picture(
    site, client_for, member, private_group, outsider, django_capture_on_commit_callbacks
):
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = share_link(client, f"{site}/guide", group=private_group)
    assert response.status_code == 302
    item = LibraryItem.objects.get()
    assert item.title == "Kubernetes in practice"
    assert item.summary == "Pods, services & deployments, step by step."
    assert item.preview_fetched_at is not None
    picture = client.get(reverse("content:preview", args=[item.pk]))
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/webp"
    assert picture["Cache-Control"] == "private, max-age=86400"
    image = Image.open(io.BytesIO(b"".join(picture.streaming_content)))
    assert image.format == "WEBP"
    assert max(image.size) <= 640
    assert reverse("content:preview", args=[item.pk]) in client.get(item.get_absolute_url()).text
    # Not a member of the private group: the picture is not there at all.
    client.force_login(outsider)
    assert client.get(reverse("content:preview", args=[item.pk])).status_code == 404


def test_what_the_sharer_wrote_is_kept(
    site, client_for, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        share_link(client_for(member), f"{site}/guide", title="My title", summary="My words")
    item = LibraryItem.objects.get()
    assert (item.title, item.summary) == ("My title", "My words")
    assert item.preview_image


def test_the_pages_charset_is_honoured(
    site, client_for, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        share_link(client_for(member), f"{site}/latin")
    assert LibraryItem.objects.get().title == "Café culture"


@pytest.mark.parametrize(
    ("path", "title", "has_picture"),
    [
        ("/metadata-picture", "Sneaky", False),  # the picture's address is not public
        ("/fake-picture", "Fake", False),  # HTML posing as a PNG
        ("/to-private", None, False),  # the page redirects inside the network
        ("/paper.pdf", None, False),  # not a web page
    ],
)
def test_unsafe_or_bogus_answers_leave_the_item_as_shared(
    site, client_for, member, django_capture_on_commit_callbacks, path, title, has_picture
):
    with django_capture_on_commit_callbacks(execute=True):
        response = share_link(client_for(member), f"{site}{path}")
    assert response.status_code == 302
    item = LibraryItem.objects.get()
    expected = title or f"{site}{path}".split("://", 1)[1]
    assert item.title == expected
    assert bool(item.preview_image) is has_picture
    assert item.preview_fetched_at is not None
    assert client_for(member).get(reverse("content:preview", args=[item.pk])).status_code == 404


def test_a_title_is_still_required_for_anything_but_a_link(client_for, member):
    response = client_for(member).post(
        reverse("content:share"), {"kind": "article", "title": "", "body": "Text", "level":
                                   "beginner", "minutes": 5}
    )  # fmt: skip
    assert response.status_code == 422
    assert "Give it a title." in response.text
    assert not LibraryItem.objects.exists()


def test_preview_addresses_cannot_be_guessed(client_for, member, private_group):
    item = LibraryItemFactory(group=private_group, preview_image="library/previews/x.webp")
    assert client_for(member).get(reverse("content:preview", args=[item.pk + 1])).status_code == 404


@pytest.mark.parametrize("charset", ["base64", "zlib", "idna", "undefined", "no-such-thing"])
def test_a_charset_that_is_not_a_text_encoding_is_ignored(charset):
    page = f'<meta charset="{charset}"><title>Plain</title>'.encode()
    assert parse_preview(page, base_url="https://example.com/").title == "Plain"
    declared = charset_of(f"text/html; charset={charset}")
    assert declared == ""
    assert parse_preview(b"<title>Plain</title>", base_url="/", charset=declared).title == "Plain"


def test_a_charset_declared_in_the_page_is_honoured():
    page = '<meta charset="windows-1252"><title>Café</title>'.encode("cp1252")
    assert parse_preview(page, base_url="https://example.com/").title == "Café"


@pytest.mark.parametrize(
    "hostile",
    [b"<a" * 32_000, b"<title>" + b"x<" * 300_000, b"<meta " + b'a="' * 100_000],
    ids=["open-tags", "title-and-brackets", "unclosed-attributes"],
)
def test_hostile_markup_is_parsed_fast(hostile):
    started = time.monotonic()
    parse_preview(hostile, base_url="https://example.com/")
    assert time.monotonic() - started < 1.0


class TestParsing:
    def test_falls_back_to_the_title_and_description_tags(self):
        preview = parse_preview(
            b'<title> Plain\n page </title><meta name="description" content="Short one">',
            base_url="https://example.com/a/",
        )
        assert (preview.title, preview.description, preview.image_url) == (
            "Plain page",
            "Short one",
            "",
        )

    @pytest.mark.parametrize(
        ("image", "expected"),
        [
            ("pic.png", "https://example.com/a/pic.png"),
            ("//cdn.example.com/p.png", "https://cdn.example.com/p.png"),
            ("javascript:alert(1)", ""),
            ("data:image/png;base64,AAAA", ""),
        ],
    )
    def test_picture_addresses_are_made_absolute_and_only_http(self, image, expected):
        html = f'<meta property="og:image" content="{image}">'.encode()
        assert parse_preview(html, base_url="https://example.com/a/").image_url == expected

    def test_long_texts_are_cut_and_broken_markup_survives(self):
        long = "word " * 200
        preview = parse_preview(
            f'<meta property="og:description" content="{long}"><title>Ok<</title><<<'.encode(),
            base_url="https://example.com/",
        )
        assert len(preview.description) == 300
        assert preview.description.endswith("…")
        assert preview.title.startswith("Ok")


def test_a_preview_is_fetched_once_and_never_overwrites_an_edit(site):
    item = LibraryItemFactory(kind="link", url=f"{site}/guide", title="Named by hand", summary="")
    assert preview_fetch(item) is True
    item.refresh_from_db()
    assert item.title == "Named by hand"  # not the placeholder any more: kept
    assert item.summary == "Pods, services & deployments, step by step."
    assert item.preview_image
    assert preview_fetch(item) is False  # already fetched: nothing is read again
