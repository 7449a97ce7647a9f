"""A person's day on SociaLearn, in a real browser, at desktop and phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.e2e


def start_thread(page, checks, prefix: str) -> None:
    page.get_by_role("link", name="Start a thread").first.click()
    checks.see(page, f"{prefix}-04-new-thread")
    page.get_by_label("Question").check()
    page.get_by_label("Title").fill("How do you pin dependencies?")
    page.get_by_label("Text").fill("We use **pip-tools**. Is `uv lock` better?")
    page.get_by_role("button", name="Publish thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How do you pin dependencies?")
    checks.see(page, f"{prefix}-05-thread")


def reply_react_search(page, checks, base_url: str, prefix: str) -> None:
    page.goto(f"{base_url}/groups/python-guild/discussions/")
    page.get_by_role("link", name="How do you pin dependencies?").click()
    page.get_by_label("Your reply").fill("`uv lock` has been great for us.")
    page.get_by_role("button", name="Send reply").click()
    reply = page.locator("article.post", has_text="has been great for us")
    expect(reply).to_be_visible()
    checks.see(page, f"{prefix}-06-replied")

    helpful = page.locator("form.reactions").first.get_by_role("button", name="Helpful")
    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful).to_contain_text("1")
    checks.see(page, f"{prefix}-07-reacted")

    search = page.get_by_role("searchbox", name="Search")
    if not search.is_visible():
        page.get_by_role("button", name="Menu").click()
    search.fill("pin dependencies")
    search.press("Enter")
    expect(page.get_by_role("link", name="How do you pin dependencies?")).to_be_visible()
    checks.see(page, f"{prefix}-08-search")


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_sign_in_ask_in_a_group_get_a_reply_react_and_search(
    browser, live_server, world, page_checks, prefix, viewport
):
    base = live_server.url
    ana = browser.new_context(viewport=viewport)
    page = ana.new_page()
    page.goto(f"{base}/accounts/login/")
    page_checks.see(page, f"{prefix}-01-sign-in")
    sign_in(page, base, "ana@example.com")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome back, Ana")
    page_checks.see(page, f"{prefix}-02-home")

    if viewport is PHONE:
        menu = page.get_by_role("button", name="Menu")
        expect(page.get_by_role("link", name="Groups", exact=True)).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        page_checks.see(page, f"{prefix}-02b-menu-open")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Python Guild").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Python Guild")
    page_checks.see(page, f"{prefix}-03-group")
    start_thread(page, page_checks, prefix)
    ana.close()

    ben = browser.new_context(viewport=viewport)
    page = ben.new_page()
    sign_in(page, base, "ben@example.com")
    reply_react_search(page, page_checks, base, prefix)
    ben.close()


def test_the_basics_work_without_javascript(browser, live_server, world, page_checks):
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "ben@example.com")
    page.goto(f"{base}/groups/")
    page.get_by_role("link", name="Security Champions").click()
    expect(page.get_by_text("This group is private")).to_be_visible()
    page.goto(f"{base}/groups/python-guild/")
    page.get_by_role("link", name="Which linter do you use?").click()
    page.get_by_role("button", name="Like").first.click()
    expect(page.get_by_role("button", name="Like").first).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Your reply").fill("Ruff, for everything.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("article.post", has_text="Ruff, for everything.")).to_be_visible()
    page.get_by_role("link", name="Python Guild").first.click()
    page.get_by_role("button", name="Leave group").click()
    expect(page.get_by_role("button", name="Join group")).to_be_visible()
    # axe needs JavaScript; the same page is audited in the journeys above.
    page_checks.see(page, "nojs-group-left", audit=False)
    context.close()


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return el !== document.body && style.outlineStyle !== 'none'
                && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


def test_keyboard_users_can_reach_everything_and_see_where_they_are(browser, live_server, world):
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, base, "ben@example.com")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    reached = []
    for _ in range(10):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), page.evaluate("document.activeElement.outerHTML")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    for label in ["Home", "Groups", "People", "Library", "News"]:
        assert label in reached
    # The skip link moves focus to the main content.
    page.keyboard.press("Shift+Tab")
    page.goto(f"{base}/groups/python-guild/discussions/new/")
    page.get_by_label("Title").focus()
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "body"
    assert focus_is_visible(page)
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "tags"
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "images"
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    assert re.search("Publish", page.evaluate("document.activeElement.textContent"))
    assert focus_is_visible(page)
    context.close()


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_every_main_page_passes_the_audits(
    browser, live_server, world, page_checks, prefix, viewport
):
    from tests.factories import LibraryItemFactory, NewsPostFactory

    item = LibraryItemFactory(title="Packaging guide", summary="From setup.py to pyproject.")
    news = NewsPostFactory(title="Learning Week is here", summary="Sessions in every office.")
    base = live_server.url
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, base, "ana@example.com")
    for name, path in [
        ("people", "/people/"),
        ("profile", world["ben"].get_absolute_url()),
        ("groups", "/groups/"),
        ("members", "/groups/python-guild/members/"),
        ("group-library", "/groups/python-guild/library/"),
        ("private-group", "/groups/security/"),
        ("library", "/library/"),
        ("library-item", item.get_absolute_url()),
        ("news", "/news/"),
        ("news-post", news.get_absolute_url()),
        ("not-found", "/no-such-page/"),
        ("account", "/accounts/email/"),
        ("edit-profile", "/people/me/edit/"),
        ("who-knows", "/people/?skill=python"),
        ("search-experts", "/search/?q=python"),
    ]:
        page.goto(base + path)
        page_checks.see(page, f"{prefix}-page-{name}")
    context.close()


def png_file(colour: str = "teal") -> dict:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(buffer, "PNG")
    return {"name": "me.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_newcomer_fills_their_profile_and_finds_who_knows_a_skill(
    browser, live_server, world, page_checks, prefix, viewport
):
    from tests.factories import give_topics

    give_topics(world["ben"], skills=["Kubernetes", "Python"])
    base = live_server.url
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, base, "ana@example.com")
    expect(
        page.get_by_role("heading", name=re.compile("Your profile is 0% complete"))
    ).to_be_visible()
    page.get_by_role("link", name="Complete your profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your profile")

    page.get_by_label("Upload a new photo").set_input_files(png_file())
    page.get_by_label("Job title").fill("Data Engineer")
    page.get_by_label("Department").fill("Engineering")
    skills = page.get_by_label("Ask me about")
    skills.press_sequentially("Kub", delay=30)
    # The suggestions list fills in from the shared vocabulary as one types.
    expect(page.locator("#skills-options option[value='Kubernetes']")).to_have_count(1)
    skills.fill("Kubernetes, SQL, Coaching")
    page.get_by_label("Bio").fill(
        "I keep the data platform running and love a good incident review."
    )
    page_checks.see(page, f"{prefix}-profile-01-filled")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ana López")
    expect(page.locator(".profile-head img.avatar")).to_be_visible()
    expect(page.get_by_role("link", name="Kubernetes")).to_be_visible()
    page_checks.see(page, f"{prefix}-profile-02-saved")

    search = page.get_by_role("searchbox", name="Search")
    if not search.is_visible():
        page.get_by_role("button", name="Menu").click()
    search.fill("kubernetes")
    search.press("Enter")
    expect(page.get_by_role("heading", name="Who knows Kubernetes")).to_be_visible()
    page_checks.see(page, f"{prefix}-profile-03-who-knows")
    page.get_by_role("link", name="Ben Okafor").first.click()

    endorse = page.get_by_role("button", name="Endorse for Kubernetes")
    endorse.click()
    expect(page.get_by_role("button", name="Endorsed for Kubernetes")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("button", name="Following")).to_be_visible()
    page_checks.see(page, f"{prefix}-profile-04-endorsed")
    context.close()
