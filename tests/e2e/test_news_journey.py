"""The news desk in a real browser: an editor writes a post with an image and a video,
previews it, publishes it as must-read; a reader finds it pinned on the home page,
reacts, comments and confirms having read it; the editor sees the reach."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from news.permissions import editors_role
from tests.e2e.conftest import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.e2e

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def local_only(context) -> None:
    """The browser talks to the live server only (embeds of other sites are refused)."""
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://localhost", "http://127.0.0.1"))
            else route.abort()
        ),
    )


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_write_preview_publish_read_react_comment_confirm(
    browser, live_server, world, page_checks, tmp_path, prefix, viewport
):
    base, ana = live_server.url, world["ana"]
    ana.groups.add(editors_role())
    hero = tmp_path / "hero.jpg"
    Image.new("RGB", (1600, 900), (29, 79, 184)).save(hero, "JPEG")
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(MP4)

    context = browser.new_context(viewport=viewport)
    local_only(context)
    editor = context.new_page()
    sign_in(editor, base, "ana@example.com")
    editor.goto(f"{base}/news/")
    editor.get_by_role("link", name="Write news").click()
    editor.get_by_label("Title").fill("Learning Week is here")
    editor.get_by_label("Summary").fill("Five days of short sessions in every office.")
    editor.get_by_label("Text").fill("Sessions are **30 minutes**, run by colleagues.")
    editor.get_by_label("Category").select_option("learning")
    editor.get_by_label(re.compile(r"^Image:?$")).set_input_files(str(hero))
    editor.get_by_label("Image description").fill("A blue banner")
    editor.get_by_label("Video file").set_input_files(str(clip))
    editor.get_by_label("Must read: readers confirm they have read it").check()
    page_checks.see(editor, f"{prefix}-news-00-write")
    editor.get_by_role("button", name="Save and preview").click()
    expect(editor.get_by_text("This draft is seen by the news desk only.")).to_be_visible()
    expect(editor.locator("img.news-hero")).to_have_attribute("alt", "A blue banner")
    page_checks.see(editor, f"{prefix}-news-01-preview")
    editor.get_by_role("link", name="Back to editing").click()
    editor.get_by_role("button", name="Publish (or schedule)").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Learning Week is here")

    # Ben finds it pinned on his home page, reads, reacts, comments and confirms.
    reader_context = browser.new_context(viewport=viewport)
    local_only(reader_context)
    reader = reader_context.new_page()
    sign_in(reader, base, "ben@example.com")
    must_read = reader.locator("section.must-read-box")
    expect(must_read.get_by_role("link", name="Learning Week is here")).to_be_visible()
    page_checks.see(reader, f"{prefix}-news-02-home-must-read")
    must_read.get_by_role("link", name="Learning Week is here").click()
    reader.get_by_role("button", name="Celebrate").click()
    expect(reader.get_by_role("button", name="Celebrate")).to_have_attribute("aria-pressed", "true")
    reader.get_by_label("Your comment").fill("See you at the Tuesday session!")
    reader.get_by_role("button", name="Comment").click()
    expect(reader.get_by_text("See you at the Tuesday session!")).to_be_visible()
    reader.get_by_role("button", name="I have read this").click()
    expect(reader.get_by_text("You confirmed you have read it.")).to_be_visible()
    page_checks.see(reader, f"{prefix}-news-03-post")
    reader.goto(f"{base}/")
    expect(reader.locator("section.must-read-box")).to_have_count(0)

    # Ana sees the reach.
    editor.goto(f"{base}/news/desk/")
    page_checks.see(editor, f"{prefix}-news-04-desk")
    editor.get_by_role("link", name="reach").first.click()
    expect(editor.locator(".stat-list")).to_contain_text("Confirmed they read it")
    page_checks.see(editor, f"{prefix}-news-05-reach")
    context.close()
    reader_context.close()
