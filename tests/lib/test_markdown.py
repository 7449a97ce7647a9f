from __future__ import annotations

import pytest

from socialearn.lib.markdown import render_markdown, sanitize_html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<img src="data:image/svg+xml;base64,AAAA">', "data:"),
        ('<img src="https://x.example/a.png" onerror="alert(1)">', "onerror"),
        ("<script>alert(1)</script>", "<script"),
        ('<p style="background:url(x)">x</p>', "style"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ],
)
def test_the_sanitiser_removes_active_content(dirty, forbidden):
    assert forbidden not in sanitize_html(dirty)


def test_markdown_renders_code_tables_and_links():
    html = render_markdown(
        "# Title\n\n```python\nprint('hi')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[docs](https://docs.example.com)"
    )
    assert "<h1>Title</h1>" in html
    assert '<code class="language-python">' in html
    assert "<table>" in html
    assert '<a href="https://docs.example.com" rel="nofollow noopener noreferrer">' in html


def test_markdown_escapes_raw_html():
    assert "&lt;b&gt;" in render_markdown("<b>bold?</b>")


@pytest.mark.parametrize("src", ["/t/1/x/", "groups/join", "//evil.example/a.png"])
def test_images_must_come_from_absolute_web_urls(src):
    assert "src=" not in render_markdown(f"![x]({src})")


def test_images_from_the_web_are_kept():
    assert 'src="https://img.example.com/a.png"' in render_markdown(
        "![chart](https://img.example.com/a.png)"
    )
