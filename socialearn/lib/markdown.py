"""Markdown in, sanitised HTML out.

User text is rendered once, when it is saved, and the HTML is stored beside the source,
so pages never parse Markdown on the hot path. The sanitiser (ammonia, through nh3) runs
on the rendered HTML with an allowlist: whatever the Markdown parser lets through, no
script, event handler or dangerous URL reaches a reader.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@functools.cache
def _parser() -> MarkdownIt:
    # CommonMark with tables and strikethrough, bare URLs turned into links, and raw HTML
    # switched off (it would be escaped anyway; this keeps the source readable).
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": True})
    return md.enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images only from absolute http(s) URLs: a relative src would make every reader's
    # browser send a same-origin request (e.g. to an action URL) just by viewing.
    if tag == "img" and attribute == "src" and not value.startswith(("https://", "http://")):
        return None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


def render_markdown(text: str) -> str:
    """Render user Markdown to HTML that is safe to mark safe in a template."""
    return sanitize_html(_parser().render(text or ""))
