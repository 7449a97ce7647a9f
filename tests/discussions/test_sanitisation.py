"""User Markdown is stored as sanitised HTML: no XSS payload survives a thread or a reply.

Each payload goes through the public pages (new thread form, reply form); the stored HTML is
parsed, not grepped, and checked against an allowlist written here, independent of the one
in socialearn/lib/markdown.py, so loosening that one makes these tests fail.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from discussions.models import Post, Thread
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
SAFE_ATTRIBUTES = {
    "a": {"href", "title", "class", "rel"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
LINK_SCHEMES = {"http", "https", "mailto"}
# Anything a page might carry that runs code, loads a document or redirects a reader.
ACTIVE_PAGE_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}

PAYLOADS = [
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param("<SCRIPT>alert(1)</SCRIPT>", id="script-upper-case"),
    pytest.param("<ScRiPt src=//evil.example/x.js></sCrIpT>", id="script-mixed-case-src"),
    pytest.param("<script\n>alert(1)</script\n>", id="script-split-over-lines"),
    pytest.param("<scr<script>ipt>alert(1)</scr</script>ipt>", id="script-nested"),
    pytest.param("<div>\n<script>alert(1)</script>\n</div>", id="script-in-html-block"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<body onload=alert(1)>", id="body-onload"),
    pytest.param('<a href="https://a.example" onmouseover="alert(1)">x</a>', id="a-onmouseover"),
    pytest.param("<details open ontoggle=alert(1)>", id="details-ontoggle"),
    pytest.param("<input autofocus onfocus=alert(1)>", id="input-onfocus"),
    pytest.param("<video><source onerror=alert(1)></video>", id="video-source-onerror"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-script"),
    pytest.param(
        "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>x</text></a>",
        id="svg-animate-href",
    ),
    pytest.param(
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", id="mathml-mglyph"
    ),
    pytest.param('<math href="javascript:alert(1)">x</math>', id="mathml-href"),
    pytest.param('<iframe src="https://evil.example"></iframe>', id="iframe"),
    pytest.param('<iframe srcdoc="<script>alert(1)</script>"></iframe>', id="iframe-srcdoc"),
    pytest.param('<object data="javascript:alert(1)"></object>', id="object"),
    pytest.param('<embed src="https://evil.example/x.swf">', id="embed"),
    pytest.param("<style>body{background:url(javascript:alert(1))}</style>", id="style-tag"),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', id="style-attribute"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', id="meta-refresh"
    ),
    pytest.param('<base href="https://evil.example/">', id="base-href"),
    pytest.param('<form action="https://evil.example"><button>Go</button></form>', id="form"),
    pytest.param('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', id="noscript"),
    pytest.param("[x](javascript:alert(1))", id="md-link-javascript"),
    pytest.param("[x](&#106;avascript:alert(1))", id="md-link-javascript-decimal-entity"),
    pytest.param("[x](&#x6A;avascript&#x3A;alert(1))", id="md-link-javascript-hex-entities"),
    pytest.param("[x](javascript&colon;alert(1))", id="md-link-javascript-named-colon"),
    pytest.param("[x](java\tscript:alert(1))", id="md-link-javascript-tab"),
    pytest.param("[x](<java\nscript:alert(1)>)", id="md-link-javascript-newline"),
    pytest.param("[x]( javascript:alert(1))", id="md-link-javascript-leading-space"),
    pytest.param("[x](JaVaScRiPt:alert(1))", id="md-link-javascript-mixed-case"),
    pytest.param("[x](vbscript:msgbox(1))", id="md-link-vbscript"),
    pytest.param("[x](data:text/html,<script>alert(1)</script>)", id="md-link-data-html"),
    pytest.param("[x](data:text/html;base64,PHNjcmlwdD4=)", id="md-link-data-base64"),
    pytest.param("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YT4=)", id="md-image-data-svg"),
    pytest.param("<javascript:alert(1)>", id="autolink-javascript"),
    pytest.param("<data:text/html,alert(1)>", id="autolink-data"),
    pytest.param("[x][r]\n\n[r]: javascript:alert(1)", id="reference-javascript"),
    pytest.param('[x][r]\n\n[r]: <javascript:alert(1)> "t"', id="reference-javascript-angled"),
    pytest.param("<img src=x onerror=alert(1)", id="unclosed-img"),
    pytest.param('<a href="javascript:alert(1)">x', id="unclosed-a"),
    pytest.param("<!--><img src=x onerror=alert(1)>-->", id="broken-comment"),
    pytest.param('[x](http://a "\\" onmouseover=alert(1) x=\\"")', id="title-breakout-double"),
    pytest.param("[x](https://a.example 'a\" onmouseover=\"alert(1)')", id="title-breakout"),
    pytest.param('![x](https://a.example/i.png"onerror="alert(1))', id="img-src-breakout"),
    pytest.param("<!-- <script>alert(1)</script> -->", id="html-comment"),
    pytest.param("<![CDATA[<script>alert(1)</script>]]>", id="cdata"),
    pytest.param('<a href="javascript&colon;alert(1)">x</a>', id="a-href-named-colon"),
    pytest.param('<a href="javascript&#58;alert(1)">x</a>', id="a-href-numeric-colon"),
    pytest.param("![x](/logout/)", id="img-relative"),
    pytest.param("![x](../../logout/)", id="img-dot-relative"),
    pytest.param("![x](//evil.example/x.png)", id="img-protocol-relative"),
    pytest.param("[x](//evil.example)", id="link-protocol-relative"),
    pytest.param("see //evil.example/x", id="linkify-protocol-relative"),
    pytest.param("[<img src=x onerror=alert(1)>](https://a.example)", id="link-text-html"),
    pytest.param('[<a href="javascript:alert(1)">x</a>](https://a.example)', id="link-in-link"),
    pytest.param("[![x](https://a.example/i.png)](javascript:alert(1))", id="image-in-bad-link"),
    pytest.param("```html\n<script>alert(1)</script>\n```", id="fenced-code-script"),
    pytest.param("| a |\n|---|\n| <script>alert(1)</script> |", id="table-cell-script"),
    pytest.param("~~<img src=x onerror=alert(1)>~~", id="strikethrough-img"),
    pytest.param("https://a.example/<script>alert(1)</script>", id="linkify-then-script"),
]


class TagCollector(HTMLParser):
    """Every start tag as (tag, {attribute: value}), entities already decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def parse(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def _url_problem(tag: str, name: str, url: str, attrs: dict[str, str]) -> str | None:
    # urlsplit strips and drops the whitespace and control characters browsers ignore.
    parts = urlsplit(url)
    if tag == "img":
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            return f"<img {name}={url!r}> is not an absolute http(s) URL"
        return None
    if parts.scheme in LINK_SCHEMES:
        return None
    if not parts.scheme and url.startswith("/people/") and attrs.get("class") == "mention":
        return None
    return f"<{tag} {name}={url!r}> has a scheme outside {sorted(LINK_SCHEMES)}"


def problems(html: str) -> list[str]:
    """What makes stored HTML unsafe to show with |safe; empty when it is fine."""
    found = []
    if "<script" in html.lower():
        found.append("raw <script")
    for tag, attrs in parse(html):
        if tag not in SAFE_TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"<{tag} {name}>")
            elif name not in SAFE_ATTRIBUTES.get(tag, set()):
                found.append(f"<{tag} {name}> not allowed")
            elif name in {"href", "src"} and (problem := _url_problem(tag, name, value, attrs)):
                found.append(problem)
    return found


def page_problems(html: str) -> list[str]:
    """What must never be on a whole page: user payloads may only show as text."""
    found = []
    for tag, attrs in parse(html):
        found += [f"<{tag} {name}=...>" for name in attrs if name.startswith("on")]
        if tag in ACTIVE_PAGE_TAGS:
            found.append(f"tag <{tag}>")
        if tag == "script" and not attrs.get("src", "").startswith("/static/"):
            found.append(f"<script> not from /static/: {attrs}")
        if tag == "meta" and "http-equiv" in attrs:
            found.append(f"<meta http-equiv={attrs['http-equiv']!r}>")
    return found


def assert_page_is_inert(client, thread: Thread, payload: str) -> None:
    response = client.get(thread.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert page_problems(page) == []
    if "<" in payload:
        assert payload not in page


def start_thread(client, group, body: str) -> Thread:
    url = reverse("discussions:thread_create", args=[group.slug])
    data = {"kind": "discussion", "title": "Is this text safe?", "body": body, "tags": ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Thread.objects.get()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_thread_body_keeps_no_active_markup(client_for, member, private_group, payload):
    client = client_for(member)
    thread = start_thread(client, private_group, f"Before\n\n{payload}\n\nAfter")
    assert "After" in thread.body_html  # the whole text was rendered, not dropped
    assert problems(thread.body_html) == []
    assert_page_is_inert(client, thread, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_reply_keeps_no_active_markup(client_for, member, private_group, payload):
    client = client_for(member)
    thread = ThreadFactory(group=private_group)
    response = client.post(thread.get_absolute_url(), {"body": f"{payload}\n\nAfter"})
    post = Post.objects.get()
    assert response.status_code == 302
    assert "After" in post.body_html
    assert problems(post.body_html) == []
    assert_page_is_inert(client, thread, payload)


@pytest.mark.parametrize(
    "html",
    [
        '<p><img src="https://a.example/x.png" onerror="alert(1)"></p>',
        '<a href="https://a.example" onmouseover="alert(1)">x</a>',
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="//evil.example">x</a>',
        '<a href="/people/ana/">not marked as a mention</a>',
        '<img src="/logout/">',
        '<img src="//evil.example/x.png">',
        '<p style="color:red">x</p>',
        '<iframe src="https://a.example"></iframe>',
        '<a href="https://a.example" target="_blank">x</a>',
    ],
)
def test_the_checker_itself_rejects_unsafe_html(html):
    # Guards against a vacuous suite: the allowlist above must catch each of these.
    assert problems(html)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="https://a.example/x.png" onerror="alert(1)">',
        "<script>alert(1)</script>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<base href="https://evil.example/">',
    ],
)
def test_the_page_checker_itself_rejects_active_markup(html):
    assert page_problems(f"<main><p>Safe text</p>{html}</main>")


def test_ordinary_markdown_still_renders(client_for, member, private_group):
    body = (
        "Some **bold** and _soft_ words.\n\n"
        "```python\nprint('<b>hi</b>')\n```\n\n"
        "Read [the guide](https://docs.example/guide) or [mail us](mailto:team@example.com)."
    )
    html = start_thread(client_for(member), private_group, body).body_html
    tags = parse(html)
    link = next(attrs for tag, attrs in tags if tag == "a" and "docs" in attrs["href"])
    assert problems(html) == []
    assert "<strong>bold</strong>" in html
    assert '<pre><code class="language-python">' in html
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert link["href"] == "https://docs.example/guide"
    assert {"nofollow", "noopener"} <= set(link["rel"].split())
    assert ("a", {"href": "mailto:team@example.com", "rel": link["rel"]}) in tags


def test_a_mention_is_the_only_relative_link_allowed(client_for, member, private_group):
    html = start_thread(client_for(member), private_group, f"Ping @{member.handle}").body_html
    mention = next(attrs for tag, attrs in parse(html) if tag == "a")
    assert problems(html) == []
    assert mention["href"] == f"/people/{member.handle}/"
    assert mention["class"] == "mention"


def test_a_well_formed_image_keeps_its_absolute_source(client_for, member, private_group):
    body = '![diagram](https://img.example/d.png "Flow")'
    html = start_thread(client_for(member), private_group, body).body_html
    assert problems(html) == []
    assert ("img", {"src": "https://img.example/d.png", "alt": "diagram", "title": "Flow"}) in (
        parse(html)
    )
