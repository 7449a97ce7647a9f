"""Groups in a real browser: find a club for a hobby and join it in one click, ask to join
a private cohort, a moderator approves, the cohort's sessions go to a calendar."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Session
from groups.models import Membership
from profiles.services import topics_get_or_create
from tests.e2e.conftest import DESKTOP, PHONE, make_person, sign_in
from tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def clubs(world):
    running = GroupFactory(name="Running Club", slug="running", kind="club",
                           description="Lunch runs, **all paces**.")  # fmt: skip
    running.topics.set(topics_get_or_create(names=["Running"]))
    cohort = GroupFactory(name="Spring Cohort", slug="spring", kind="cohort", visibility="private")
    cleo = make_person("cleo@example.com", "Cleo Coach")
    MembershipFactory(group=cohort, user=cleo, role="owner")
    start = timezone.now() + datetime.timedelta(days=3)
    end = start + datetime.timedelta(hours=2)
    Session.objects.create(
        group=cohort, title="Week 1: feedback", starts_at=start, ends_at=end, created_by=cleo
    )
    return {"running": running, "cohort": cohort, "cleo": cleo}


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_find_a_club_join_it_and_get_into_a_cohort(
    browser, live_server, world, clubs, page_checks, prefix, viewport
):
    base = live_server.url
    ben = browser.new_context(viewport=viewport)
    page = ben.new_page()
    sign_in(page, base, "ben@example.com")
    page.goto(f"{base}/groups/")
    page.get_by_role("combobox", name="Topic").fill("running")
    page.get_by_role("button", name="Filter").click()
    page_checks.see(page, f"{prefix}-groups-01-topic")
    page.get_by_role("link", name="Running Club").click()
    page.get_by_role("button", name="Join group").click()
    expect(page.get_by_text("You are a member")).to_be_visible()
    page_checks.see(page, f"{prefix}-groups-02-joined")

    page.goto(f"{base}/groups/spring/")
    page.get_by_text("Ask to join").click()
    page.get_by_label("A word to the moderators (optional)").fill("My first team starts soon.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request to join is with the moderators.")).to_be_visible()
    page_checks.see(page, f"{prefix}-groups-03-requested")
    ben.close()

    cleo = browser.new_context(viewport=viewport)
    page = cleo.new_page()
    sign_in(page, base, "cleo@example.com")
    page.goto(f"{base}/groups/spring/requests/")
    expect(page.get_by_text("My first team starts soon.")).to_be_visible()
    page_checks.see(page, f"{prefix}-groups-04-queue")
    page.get_by_role("button", name="Approve Ben Okafor").click()
    expect(page.get_by_text("Ben Okafor is now a member.")).to_be_visible()
    cleo.close()
    assert Membership.objects.filter(group=clubs["cohort"], user=world["ben"]).exists()

    ben = browser.new_context(viewport=viewport)
    page = ben.new_page()
    sign_in(page, base, "ben@example.com")
    expect(page.get_by_role("heading", name="Your next sessions")).to_be_visible()
    page.get_by_role("link", name="Week 1: feedback").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    page_checks.see(page, f"{prefix}-groups-05-session")
    ben.close()


def test_group_pages_pass_the_audits(browser, live_server, world, clubs, page_checks):
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, base, "cleo@example.com")
    for name, path in [
        ("groups-suggested", "/groups/?tab=suggested"),
        ("group-about", "/groups/spring/about/"),
        ("group-sessions", "/groups/spring/sessions/"),
        ("group-settings", "/groups/spring/settings/"),
        ("group-new", "/groups/new/"),
        ("group-members", "/groups/spring/members/"),
    ]:
        page.goto(base + path)
        page_checks.see(page, f"desktop-page-{name}")
    context.close()
