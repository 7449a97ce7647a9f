"""What a web page says about itself, for a link's preview: its title, description and
picture, from the Open Graph and Twitter card tags of its <head> (or <title> and the
description meta tag).

Only the start of the page is read (up to its </head> or <body>, at most HEAD_BYTES), and
with two plain regular expressions rather than an HTML parser: they run in linear time
whatever the markup, where the standard library's parser can be made to take minutes by
a hostile page. A page's bytes are never trusted further than that.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

HEAD_BYTES = 64 * 1024
TITLE_KEYS = ("og:title", "twitter:title")
DESCRIPTION_KEYS = ("og:description", "twitter:description", "description")
IMAGE_KEYS = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image")
# Encodings a page may declare that decode text (others, such as "base64" or "zlib", are
# codecs Python knows but not character sets).
TEXT_ENCODINGS = {
    "utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "iso8859-1", "iso8859-2",
    "iso8859-15", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1256", "koi8-r",
    "shift_jis", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "euc_kr",
}  # fmt: skip

_END_OF_HEAD = re.compile(rb"</head\s*>|<body[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w-]{1,40})""", re.I)
_TAG = re.compile(r"<(meta|title)\b([^<>]{0,2000})>", re.IGNORECASE)
_TITLE_TEXT = re.compile(r"<title\b[^<>]{0,2000}>([^<]{0,2000})", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]{1,60})\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


@dataclass(frozen=True)
class PagePreview:
    title: str = ""
    description: str = ""
    image_url: str = ""


def text_encoding(name: str) -> str:
    """The Python name of a declared charset if it is a text encoding we accept, else ""."""
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return ""
    return codec.name if codec.name in TEXT_ENCODINGS else ""


def charset_of(content_type: str) -> str:
    """The charset parameter of a Content-Type header, if it is a text encoding."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            return text_encoding(value)
    return ""


def _clean(text: str, limit: int) -> str:
    text = " ".join(html.unescape(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_preview(page: bytes, *, base_url: str, charset: str = "") -> PagePreview:
    """The preview a page's head declares; an image address is made absolute and kept
    only when it is http(s)."""
    head = page[:HEAD_BYTES]
    end = _END_OF_HEAD.search(head)
    if end:
        head = head[: end.start()]
    if not charset:
        declared = _META_CHARSET.search(head)
        charset = text_encoding(declared.group(1).decode("ascii")) if declared else ""
    text = head.decode(charset or "utf-8", errors="replace")
    meta: dict[str, str] = {}
    for tag, attributes in _TAG.findall(text):
        if tag.lower() != "meta":
            continue
        values = {k.lower(): v.strip("\"'") for k, v in _ATTRIBUTE.findall(attributes)}
        key = (values.get("property") or values.get("name") or "").strip().lower()
        content = values.get("content", "").strip()
        if key and content and key not in meta:
            meta[key] = content
    found = _TITLE_TEXT.search(text)
    title = next((meta[k] for k in TITLE_KEYS if meta.get(k)), found.group(1) if found else "")
    image = next((meta[k] for k in IMAGE_KEYS if meta.get(k)), "")
    if image:
        image = urljoin(base_url, html.unescape(image))
        if urlsplit(image).scheme not in ("http", "https"):
            image = ""
    return PagePreview(
        title=_clean(title, 200),
        description=_clean(next((meta[k] for k in DESCRIPTION_KEYS if meta.get(k)), ""), 300),
        image_url=image[:1000],
    )
