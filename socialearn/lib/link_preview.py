"""What a web page says about itself, for a link's preview: its title, description and
picture, from the Open Graph and Twitter card tags of its <head> (or <title> and the
description meta tag). The standard library's HTML parser reads it: only the head
matters, and a page's bytes are never trusted further than that."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

TITLE_KEYS = ("og:title", "twitter:title")
DESCRIPTION_KEYS = ("og:description", "twitter:description", "description")
IMAGE_KEYS = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image")


@dataclass(frozen=True)
class PagePreview:
    title: str = ""
    description: str = ""
    image_url: str = ""


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "body":
            self.done = True
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = dict(attrs)
            key = (values.get("property") or values.get("name") or "").strip().lower()
            content = (values.get("content") or "").strip()
            if key and content and key not in self.meta:
                self.meta[key] = content

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data):
        if self._in_title and not self.done and len(self.title) < 1000:
            self.title += data


def _first(meta: dict[str, str], keys) -> str:
    return next((meta[k] for k in keys if meta.get(k)), "")


def _clean(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_preview(html: bytes, *, base_url: str, charset: str = "") -> PagePreview:
    """The preview a page's head declares; an image address is made absolute and kept
    only when it is http(s)."""
    text = html[:512 * 1024].decode(charset or "utf-8", errors="replace")  # fmt: skip
    parser = _HeadParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # hopeless markup: whatever was read so far
        pass
    image = _first(parser.meta, IMAGE_KEYS)
    if image:
        image = urljoin(base_url, image)
        if urlsplit(image).scheme not in ("http", "https"):
            image = ""
    return PagePreview(
        title=_clean(_first(parser.meta, TITLE_KEYS) or parser.title, 200),
        description=_clean(_first(parser.meta, DESCRIPTION_KEYS), 300),
        image_url=image[:1000],
    )


def charset_of(content_type: str) -> str:
    """The charset parameter of a Content-Type header, if it names a known codec."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            value = value.strip().strip('"')
            try:
                return codecs.lookup(value).name
            except LookupError:
                return ""
    return ""
