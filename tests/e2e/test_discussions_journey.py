"""Q&A and trust in a real browser: ask with an @mention (autocompleted) and a live
preview, get told, answer, accept, have the answer corrected with credit, mark a great
conversation, and find one's advocate queue on the home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from groups.models import Membership
from tests.e2e.conftest import DESKTOP, PHONE, make_person, sign_in
from tests.factories import MembershipFactory, ThreadFactory

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_ask_answer_accept_correct_and_highlight(
    browser, live_server, world, page_checks, prefix, viewport
):
    base, group, ana = live_server.url, world["group"], world["ana"]
    cora = make_person("cora@example.com", "Cora Lind")
    MembershipFactory(group=group, user=cora)
    Membership.objects.filter(group=group, user=world["ben"]).update(is_advocate=True)
    ThreadFactory(group=group, title="Anyone using mypy in CI?", kind="question")

    # Ben asks, mentioning Ana through the suggestions, and previews before publishing.
    ben = browser.new_context(viewport=viewport).new_page()
    sign_in(ben, base, "ben@example.com")
    queue = ben.locator("section", has=ben.get_by_role("heading", name="Your advocate queue"))
    expect(queue.get_by_role("link", name="Anyone using mypy in CI?")).to_be_visible()
    page_checks.see(ben, f"{prefix}-qa-00-advocate-queue")
    ben.goto(f"{base}/groups/python-guild/discussions/new/")
    ben.get_by_label("Question").check()
    ben.get_by_label("Title").fill("How should we version internal APIs?")
    text = ben.get_by_label("Text")
    text.fill("Is **semver** enough? ")
    text.press_sequentially("@an", delay=30)
    option = ben.get_by_role("option", name=re.compile("Ana López"))
    expect(option).to_be_visible()
    text.press("Enter")
    expect(text).to_have_value(re.compile(rf"@{ana.handle} $"))
    ben.get_by_role("button", name="Preview").click()
    expect(ben.locator("#preview strong")).to_have_text("semver")
    page_checks.see(ben, f"{prefix}-qa-01-preview")
    ben.get_by_role("button", name="Publish thread").click()
    expect(ben.get_by_role("heading", level=1)).to_have_text("How should we version internal APIs?")

    # Ana is told, answers.
    ana_page = browser.new_context(viewport=viewport).new_page()
    sign_in(ana_page, base, "ana@example.com")
    bell = ana_page.locator("a.bell")
    expect(bell).to_contain_text("1")
    bell.click()
    page_checks.see(ana_page, f"{prefix}-qa-02-notifications")
    ana_page.get_by_role("link", name=re.compile("mentioned you")).click()
    ana_page.get_by_label("Your reply").fill("Semver plus a deprecation window of 90 days.")
    ana_page.get_by_role("button", name="Send reply").click()
    answer = ana_page.locator("article.post", has_text="deprecation window")
    expect(answer).to_be_visible()

    # Ben accepts it.
    ben.reload()
    ben.get_by_role("button", name="Accept this answer").click()
    expect(ben.get_by_role("heading", name="Accepted answer")).to_be_visible()
    page_checks.see(ben, f"{prefix}-qa-03-accepted")

    # Cora suggests a correction; Ana accepts it from the diff; Cora is credited.
    cora_page = browser.new_context(viewport=viewport).new_page()
    sign_in(cora_page, base, "cora@example.com")
    cora_page.goto(ben.url.split("#")[0])
    cora_page.locator("article.post", has_text="deprecation window").get_by_role(
        "link", name="Suggest a correction"
    ).click()
    body = cora_page.get_by_label("Corrected text")
    body.fill(body.input_value().replace("90 days", "180 days"))
    cora_page.get_by_label("What was wrong?").fill("The API policy says 180 days since 2026.")
    cora_page.get_by_label("Source").fill("https://intranet.example.com/api-policy")
    page_checks.see(cora_page, f"{prefix}-qa-04-suggest")
    cora_page.get_by_role("button", name="Send suggestion").click()
    expect(cora_page.get_by_text("will review your suggestion")).to_be_visible()

    thread_url = ben.url.split("#")[0]
    ana_page.goto(thread_url)
    ana_page.get_by_role("link", name="From Cora Lind").click()
    expect(ana_page.locator("pre.diff ins")).to_contain_text("180")
    page_checks.see(ana_page, f"{prefix}-qa-05-diff")
    ana_page.get_by_role("button", name="Accept correction").click()
    ana_page.goto(thread_url)
    corrected = ana_page.locator("article.post", has_text="180 days")
    expect(corrected).to_contain_text("by Cora Lind")

    # Ana, who runs the group, marks it a great conversation: it leads the home page.
    ana_page.get_by_text("Moderate this thread").click()
    ana_page.get_by_role("button", name="Mark as a great conversation").click()
    expect(ana_page.locator(".badge-great").first).to_be_visible()
    page_checks.see(ana_page, f"{prefix}-qa-06-great")
    cora_page.goto(f"{base}/")
    highlights = cora_page.locator("section.highlights")
    expect(highlights).to_contain_text("How should we version internal APIs?")
    page_checks.see(cora_page, f"{prefix}-qa-07-home")
    for context in browser.contexts:
        context.close()
