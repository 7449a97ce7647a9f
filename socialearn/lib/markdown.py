"""Markdown in, sanitised HTML out.

User text is rendered once, when it is saved, and the HTML is stored beside the source,
so pages never parse Markdown on the hot path. The sanitiser (ammonia, through nh3) runs
on the rendered HTML with an allowlist: whatever the Markdown parser lets through, no
script, event handler or dangerous URL reaches a reader.
"""

from __future__ import annotations

import functools
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# "@ana.lopez" where the @ does not follow a letter, digit or dot (not an email address).
MENTION_RE = re.compile(r"(?<![\w.@/-])@([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)", re.IGNORECASE)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~@&:])")


def escape_markdown(text: str) -> str:
    """Plain text (a title, a summary) as Markdown that renders as exactly that text, on
    one line: no emphasis, link, HTML, heading or @mention can come out of it."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def mention_candidates(text: str) -> set[str]:
    """The handles that text seems to @mention (lowercased; code spans included, so this
    is a superset of what render_markdown() links)."""
    return {match.lower() for match in MENTION_RE.findall(text or "")}


def _mention_rule(state: StateInline, silent: bool) -> bool:
    """Link "@handle" to the person's profile when env["mentions"] knows the handle.
    Runs only on inline text, so code spans and code blocks never mention anyone."""
    known = state.env.get("mentions")
    if not known or state.src[state.pos] != "@" or state.linkLevel > 0:
        return False
    if state.pos and (state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] in "._@/-"):
        return False
    match = MENTION_RE.match(state.src, state.pos)
    if match is None or match.group(1).lower() not in known:
        return False
    handle = match.group(1).lower()
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": known[handle], "class": "mention"}
        state.push("text", "", 0).content = "@" + handle
        state.push("link_close", "a", -1)
        state.env.setdefault("mentioned", set()).add(handle)
    state.pos = match.end()
    return True


@functools.cache
def _parser() -> MarkdownIt:
    # CommonMark with tables and strikethrough, bare URLs turned into links, and raw HTML
    # switched off (it would be escaped anyway; this keeps the source readable).
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": True})
    md.inline.ruler.before("text", "mention", _mention_rule)
    return md.enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # The only class a link may carry is ours, for @mentions.
    if tag == "a" and attribute == "class":
        return value if value == "mention" else None
    # A scheme-relative link ("//host/path") has no scheme for the allowlist to judge.
    if tag == "a" and attribute == "href" and value.startswith("//"):
        return "https:" + value
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


def render_markdown_with_mentions(text: str, *, mentions: dict[str, str]) -> tuple[str, set[str]]:
    """Like render_markdown, linking every @handle found in `mentions` ({handle: profile
    URL}) outside code. Returns the HTML and the handles it linked."""
    env: dict = {"mentions": mentions}
    html = sanitize_html(_parser().render(text or "", env))
    return html, env.get("mentioned", set())
