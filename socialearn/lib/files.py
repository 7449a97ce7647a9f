"""Uploaded documents and videos for the library: what a file is, decided by its bytes
(the `filetype` package reads the signatures), never by its name or the type a browser
claimed; and which video addresses may be embedded, in their privacy-friendly form."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What may be shared, by the type its bytes show: documents, images and videos. Never
# HTML, SVG, scripts or executables.
ALLOWED = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/webm": "webm",
}
VIDEO_TYPES = {"video/mp4", "video/webm"}
# Shown in the browser rather than downloaded: images and videos only (a PDF can carry
# scripts of its own, so it is always a download).
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", *VIDEO_TYPES}
SNIFF_BYTES = 64 * 1024


def sniff(upload: Any, *, max_bytes: int | None = None) -> tuple[str, str]:
    """(MIME type, extension) of an allowed upload, judged by its first bytes and its size
    (at most settings.LIBRARY_MAX_FILE_BYTES); ValidationError otherwise. The upload is
    rewound."""
    max_bytes = max_bytes or settings.LIBRARY_MAX_FILE_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not head:
        raise ValidationError(_("This file is empty."), code="empty")
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _(
                "We cannot share this kind of file. Use a PDF, an Office document, an "
                "image or an MP4/WebM video."
            ),
            code="not_allowed",
        )
    return kind.mime, ALLOWED[kind.mime]


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_NUMERIC = re.compile(r"^\d{1,12}$")
_GUID = re.compile(r"^\{?[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}?$")
_SHAREPOINT_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*/_layouts/15/embed\.aspx$", re.IGNORECASE)
NOT_EMBEDDABLE = _(
    "This video cannot be embedded: give a YouTube, Vimeo or Microsoft Stream (your "
    "company's SharePoint) address, or upload the video."
)


def embed_origin(embed_url: str) -> str:
    """The origin to allow in the page's frame-src for an embed address."""
    parts = urlsplit(embed_url)
    return f"https://{parts.hostname}"


def video_embed(url: str) -> str | None:
    """The privacy-friendly embed address of a YouTube or Vimeo video (no tracking
    cookies until someone plays it), or of a Microsoft Stream video on one of the
    company's SharePoint hosts (VIDEO_STREAM_HOSTS: it plays with the viewer's own
    company sign-in, nothing leaves the tenant); None for any other address."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https":
        return None
    host = (parts.hostname or "").lower()
    if host in {h.lower() for h in settings.VIDEO_STREAM_HOSTS} and parts.port is None:
        # Stream's "Embed code" points at .../_layouts/15/embed.aspx?UniqueId=<guid>.
        unique_id = (parse_qs(parts.query).get("UniqueId") or [""])[0]
        if _SHAREPOINT_PATH.match(parts.path) and _GUID.match(unique_id):
            return f"https://{host}{parts.path}?UniqueId={unique_id.strip('{}')}"
        return None
    segments = [s for s in parts.path.split("/") if s]
    video_id = None
    if host in ("www.youtube.com", "youtube.com", "m.youtube.com"):
        if parts.path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            video_id = segments[1]
    elif host == "youtu.be" and len(segments) == 1:
        video_id = segments[0]
    if video_id is not None:
        if not _YOUTUBE_ID.match(video_id):
            return None
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        vimeo_id = segments[-1] if segments else ""
        if _NUMERIC.match(vimeo_id):
            return f"https://player.vimeo.com/video/{vimeo_id}?dnt=1"
    return None
