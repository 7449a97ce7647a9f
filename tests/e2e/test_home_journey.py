"""The demo, in a real browser: Dana lands on a lively home page (a feed of every kind, Load
more, suggestions with their reasons), types "onboard" in the header and sees suggestions,
searches "onboarding" and finds the right person, thread and library item, then clears
her notifications."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_news_journey import local_only

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_land_search_onboarding_and_clear_notifications(
    browser, live_server, demo, page_checks, prefix, viewport
):
    base = live_server.url
    context = browser.new_context(viewport=viewport)
    local_only(context)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("demo-password-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/")

    # A lively home: the feed holds conversations, answers, library items and news.
    feed = page.locator(".feed-list")
    expect(page.get_by_role("heading", name="New in your groups and from people you follow"))
    assert feed.locator(".feed-entry").count() >= 10
    kinds = {c for e in feed.locator(".feed-entry").all() for c in e.get_attribute("class").split()}
    assert {"feed-thread", "feed-reply", "feed-item"} <= kinds
    # Suggestions arrive by htmx, each with its reason.
    expect(page.get_by_role("heading", name="People to meet")).to_be_visible()
    expect(page.locator(".suggestions .reason").first).to_be_visible()
    page_checks.see(page, f"{prefix}-home-00-landing")
    shown = feed.locator(".feed-entry").count()
    page.get_by_role("link", name="Load more").click()
    expect(feed.locator(".feed-entry")).not_to_have_count(shown)
    assert feed.locator(".feed-entry").count() > shown

    # Suggestions as one types in the header, then the search page.
    if viewport is PHONE:
        page.get_by_role("button", name="Menu").click()
    box = page.get_by_role("searchbox", name="Search")
    box.fill("onboard")
    suggestions = page.locator("#header-suggest")
    expect(suggestions.get_by_role("link").first).to_be_visible()
    expect(suggestions.get_by_role("link", name=re.compile("Search for"))).to_be_visible()
    page_checks.see(page, f"{prefix}-home-01-suggestions", audit=False)
    box.fill("onboarding")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=onboarding"))
    main = page.locator("main")
    expect(main.get_by_role("link", name="Grace Liu")).to_be_visible()  # Onboarding Specialist
    expect(
        main.get_by_role(
            "link", name="Onboarding feedback: what would have helped in your first month?"
        )
    ).to_be_visible()
    expect(main.locator("mark", has_text=re.compile("onboarding", re.I)).first).to_be_visible()
    library = main.locator("section", has=page.get_by_role("heading", name=re.compile("Library")))
    expect(library.get_by_role("link").first).to_be_visible()
    page_checks.see(page, f"{prefix}-home-02-search")

    # Clear the notifications: the bell's number goes.
    page.goto(f"{base}/notifications/")
    expect(page.locator(".bell-count")).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".bell-count")).to_have_count(0)
    page_checks.see(page, f"{prefix}-home-03-notifications-cleared")
    context.close()
