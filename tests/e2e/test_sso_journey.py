"""Single sign-on in a real browser against a real OpenID provider: Ada presses "Sign in
with Corp ID", signs in at the provider, lands on her home page with her profile filled
from the directory, signs out, and also signs out of the provider. In SSO-only mode a
deep link takes her through without a click on our side; an address outside the company
domains is turned away with a page that says why."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_news_journey import local_only
from tests.idps import oidc_connection

pytestmark = [pytest.mark.e2e, pytest.mark.idp]


@pytest.fixture(autouse=True)
def _any_host(settings):
    settings.ALLOWED_HOSTS = ["*"]


def at_provider_sign_in(page, account: str) -> None:
    """The provider's own sign-in form (node-oidc-provider's development interactions)."""
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("any")
    page.locator("button[type=submit]").click()


@pytest.mark.parametrize(("prefix", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_sign_in_with_the_company_account_and_out_again(
    browser, site, oidc_idp, transactional_db, page_checks, prefix, viewport
):
    oidc_connection(oidc_idp)
    context = browser.new_context(viewport=viewport)
    local_only(context)
    page = context.new_page()

    page.goto(f"{site}/accounts/login/")
    button = page.get_by_role("button", name="Sign in with Corp ID")
    expect(button).to_be_visible()
    page_checks.see(page, f"{prefix}-sso-00-login")
    button.click()
    page.wait_for_url(f"{oidc_idp['issuer']}/interaction/**")
    at_provider_sign_in(page, "ada")
    page.wait_for_url(f"{site}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{site}/people/me/edit/")
    # Filled from the directory and read-only for her.
    expect(page.get_by_label("Department")).to_have_value("Research")
    expect(page.get_by_label("Department")).to_be_disabled()
    page_checks.see(page, f"{prefix}-sso-01-profile-from-directory")
    page.goto(f"{site}/accounts/email/")
    expect(page.get_by_text("comes from your company directory")).to_be_visible()
    page_checks.see(page, f"{prefix}-sso-01b-email-managed")
    # Account settings lead to the company accounts one signs in with.
    page.get_by_role("navigation", name="Account settings").get_by_role(
        "link", name="Company sign-in"
    ).click()
    expect(page.get_by_text("Corp ID").first).to_be_visible()
    page_checks.see(page, f"{prefix}-sso-01c-connected-accounts")
    # Connecting leaves for the provider (its session still open: straight back).
    with page.expect_response(lambda r: r.url.startswith(f"{oidc_idp['issuer']}/auth")):
        page.get_by_role("button", name="Connect Corp ID", exact=True).click()
    page.wait_for_url(f"{site}/accounts/3rdparty/**")
    expect(page.get_by_role("button", name="Disconnect Corp ID")).to_be_visible()

    if viewport is PHONE:
        page.get_by_role("button", name="Menu").click()
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{site}/accounts/signed-out/")
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()
    page_checks.see(page, f"{prefix}-sso-02-signed-out")
    page.get_by_role("button", name="Also sign out of Corp ID").click()
    page.wait_for_url(f"{oidc_idp['issuer']}/session/end**")
    page.locator("button[autofocus], button[type=submit]").first.click()
    page.wait_for_url(f"{site}/accounts/signed-out/**")
    expect(page.get_by_role("button", name="Also sign out of Corp ID")).to_have_count(0)
    context.close()


def test_sso_only_deep_link_and_a_refusal(
    browser, site, oidc_idp, transactional_db, page_checks, settings
):
    settings.SSO_ONLY = True
    oidc_connection(oidc_idp)
    context = browser.new_context(viewport=DESKTOP)
    local_only(context)
    page = context.new_page()

    # A deep link goes straight to the provider, and back to the page asked for.
    page.goto(f"{site}/groups/?tab=mine")
    page.wait_for_url(f"{oidc_idp['issuer']}/interaction/**")
    at_provider_sign_in(page, "ada")
    page.wait_for_url(f"{site}/groups/?tab=mine")
    context.close()

    # Someone outside the company's domains is turned away, told why.
    context = browser.new_context(viewport=DESKTOP)
    local_only(context)
    page = context.new_page()
    page.goto(f"{site}/")
    at_provider_sign_in(page, "outsider")
    expect(page.get_by_role("heading", name="You could not be signed in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("elsewhere.org")
    page_checks.see(page, "desktop-sso-03-refused")
    page.get_by_role("link", name="Back to sign-in").click()
    expect(page.get_by_role("button", name="Sign in with Corp ID")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
    page_checks.see(page, "desktop-sso-04-sso-only-login")
    context.close()

    # The administrators' way in when the provider is down.
    context = browser.new_context(viewport=DESKTOP)
    local_only(context)
    page = context.new_page()
    page.goto(f"{site}/accounts/break-glass/")
    expect(page.get_by_role("heading", name="Administrator sign-in")).to_be_visible()
    page_checks.see(page, "desktop-sso-05-break-glass")
    context.close()
