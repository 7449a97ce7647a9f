"""Sharing in the library: articles, links, files (validated by their bytes, stored
privately, served only to people who may see the item, downloaded rather than rendered)
and videos (uploaded, or embedded from YouTube or Vimeo in their privacy-friendly form)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.models import LibraryItem
from socialearn.lib.files import video_embed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def share(client, group=None, **data):
    url = reverse("content:group_share", args=[group.slug]) if group else reverse("content:share")
    fields = {"kind": "article", "title": "Shared thing", "level": "beginner", "minutes": 5}
    return client.post(url, {**fields, **data})


def test_an_article_with_topics(client_for, member):
    response = share(client_for(member), body="**Read** this.", topics="Python, Testing")
    item = LibraryItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert "<strong>Read</strong>" in item.body_html
    assert sorted(t.name for t in item.topics.all()) == ["Python", "Testing"]
    assert item.review_by is not None


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("guide.pdf", PDF, "application/pdf"),
        ("notes.docx", docx(), "application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document"),
    ],
)  # fmt: skip
def test_documents_are_stored_privately_with_their_real_type(
    client_for, member, settings, name, content, expected
):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    share(client_for(member), kind="file", upload=upload)
    item = LibraryItem.objects.get()
    assert (item.file_type, item.file_name, item.file_size) == (expected, name, len(content))
    assert not str(item.file.path).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("invoice.pdf", b"<html><script>alert(1)</script></html>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n"),
        ("empty.pdf", b""),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(client_for, member, name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = share(client_for(member), kind="file", title="Keep my title", upload=upload)
    assert response.status_code == 422
    assert "Keep my title" in response.content.decode()
    assert not LibraryItem.objects.exists()


def test_oversized_files_are_refused(client_for, member, settings):
    settings.LIBRARY_MAX_FILE_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"x" * 2048, content_type="application/pdf")
    response = share(client_for(member), kind="file", upload=upload)
    assert response.status_code == 422
    assert "larger than" in response.content.decode()


def test_files_are_downloaded_and_only_by_people_who_may_see_the_item(
    client_for, member, outsider, private_group
):
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    share(client_for(member), group=private_group, kind="file", upload=upload)
    item = LibraryItem.objects.get()
    url = reverse("content:file", args=[item.pk])
    response = client_for(member).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(item.get_absolute_url()).status_code == 404


def test_an_uploaded_video_plays_inline(client_for, member):
    upload = SimpleUploadedFile("demo.mp4", MP4, content_type="video/mp4")
    share(client_for(member), kind="video", upload=upload)
    item = LibraryItem.objects.get()
    assert item.file_type == "video/mp4"
    response = client_for(member).get(reverse("content:file", args=[item.pk]))
    assert response["Content-Disposition"].startswith("inline")
    assert "<video" in client_for(member).get(item.get_absolute_url()).content.decode()


def test_a_youtube_video_is_embedded_without_tracking_cookies(client_for, member):
    share(client_for(member), kind="video", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    item = LibraryItem.objects.get()
    assert item.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    page = client_for(member).get(item.get_absolute_url())
    assert item.embed_url in page.content.decode()
    assert "https://www.youtube-nocookie.com" in page["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ('https://www.youtube.com/watch?v=x"onload=alert(1)', None),
        ("javascript:alert(1)", None),
    ],
)
def test_only_youtube_and_vimeo_addresses_embed(url, embed):
    assert video_embed(url) == embed


GUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
STREAM = "https://contoso.sharepoint.com/sites/Learning/_layouts/15/embed.aspx"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            f"{STREAM}?UniqueId={GUID}&embed=%7B%7D&referrer=StreamWebApp",
            f"{STREAM}?UniqueId={GUID}",
        ),
        (f"{STREAM}?UniqueId=%7B{GUID}%7D", f"{STREAM}?UniqueId={GUID}"),
        (f"{STREAM}?UniqueId=not-a-guid", None),
        (f"https://contoso.sharepoint.com/sites/x/page.aspx?UniqueId={GUID}", None),
        (f"https://evil.sharepoint.com/sites/L/_layouts/15/embed.aspx?UniqueId={GUID}", None),
        (f"https://contoso.sharepoint.com:8443/_layouts/15/embed.aspx?UniqueId={GUID}", None),
    ],
)
def test_microsoft_stream_embeds_only_from_the_companys_sharepoint(settings, url, embed):
    settings.VIDEO_STREAM_HOSTS = ["contoso.sharepoint.com"]
    assert video_embed(url) == embed


def test_a_stream_video_page_allows_frames_from_its_host_only(client_for, member, settings):
    settings.VIDEO_STREAM_HOSTS = ["contoso.sharepoint.com"]
    share(client_for(member), kind="video", url=f"{STREAM}?UniqueId={GUID}")
    item = LibraryItem.objects.get()
    policy = client_for(member).get(item.get_absolute_url())["Content-Security-Policy"]
    frames = next(d for d in policy.split(";") if d.strip().startswith("frame-src"))
    assert "https://contoso.sharepoint.com" in frames
    assert "youtube" not in frames
    assert "vimeo" not in frames


def test_a_video_from_elsewhere_is_refused(client_for, member):
    response = share(client_for(member), kind="video", url="https://evil.example/v/1")
    assert response.status_code == 422
    assert "This video cannot be embedded" in response.text
    assert not LibraryItem.objects.exists()


def test_outsiders_and_guests_cannot_share_in_a_private_group_or_site_wide(
    client_for, outsider, guest, private_group
):
    assert share(client_for(outsider), group=private_group, body="x").status_code == 200
    assert not LibraryItem.objects.exists()
    response = share(client_for(guest), body="x")
    assert response.status_code == 422
    assert not LibraryItem.objects.exists()
