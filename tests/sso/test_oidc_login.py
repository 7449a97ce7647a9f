"""Signing in with OpenID Connect against a real provider (node-oidc-provider in its own
process): the whole round trip, account creation from claims, and every way a sign-in
must be refused without changing any account."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from profiles.models import User
from tests.factories import UserFactory
from tests.idps import oidc_connection
from tests.sso.browser import Browser

pytestmark = [pytest.mark.idp, pytest.mark.django_db(transaction=True)]


def start(browser: Browser, site: str, client_id: str = "corp", next_url: str = ""):
    """Open the login page and press the company button: the provider's sign-in page."""
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    page = browser.get(f"{site}/accounts/login/{query}")
    assert page.status_code == 200
    return browser.submit(page, action=f"/accounts/oidc/{client_id}/login/")


def sign_in(site: str, account: str, client_id: str = "corp", next_url: str = ""):
    browser = Browser()
    idp_page = start(browser, site, client_id, next_url)
    assert "/interaction/" in idp_page.url, idp_page.text[:500]
    return browser, browser.submit(idp_page, data={"login": account, "password": "any"})


def snapshot():
    return (
        sorted(User.objects.values_list("email", "is_active", "password")),
        sorted(SocialAccount.objects.values_list("uid", "user_id")),
        sorted(EmailAddress.objects.values_list("email", "verified", "user_id")),
    )


def test_first_sign_in_creates_the_account_from_the_directory(site, oidc_idp):
    oidc_connection(oidc_idp)
    grace = UserFactory(email="grace@example.com", display_name="Grace Hopper")

    browser, page = sign_in(site, "ada")

    assert page.status_code == 200
    assert urlparse(page.url).path == "/"
    ada = User.objects.get(email="ada@example.com")
    profile = ada.profile
    assert profile.display_name == "Ada Lovelace"
    assert (profile.department, profile.job_title) == ("Research", "Analyst")
    assert (profile.location, profile.team, profile.manager) == ("London", "Engines", grace)
    assert set(profile.sso_managed_fields) == {
        "display_name", "department", "job_title", "location", "team", "manager", "email",
    }  # fmt: skip
    assert not ada.has_usable_password()
    account = SocialAccount.objects.get(user=ada)
    assert (account.provider, account.uid) == ("corp", "ada")
    assert EmailAddress.objects.filter(user=ada, email="ada@example.com", verified=True).exists()
    # Signed in, for as long as the configured session length ("remember me").
    home = browser.get(f"{site}/")
    assert "Ada Lovelace" in home.text
    session_cookie = next(c for c in browser.session.cookies if c.name == "sessionid")
    assert session_cookie.expires is not None


def test_later_sign_ins_update_the_profile_and_keep_one_account(site, oidc_idp, settings):
    connection = oidc_connection(oidc_idp)
    sign_in(site, "ada")
    connection.settings["claims"]["department"] = "job_title"  # the directory changed
    connection.save()

    sign_in(site, "ada")

    assert User.objects.filter(email="ada@example.com").count() == 1
    assert User.objects.get(email="ada@example.com").profile.department == "Analyst"


def test_next_survives_the_round_trip_and_only_to_this_site(site, oidc_idp):
    oidc_connection(oidc_idp)
    _, page = sign_in(site, "ada", next_url="/groups/?tab=mine")
    assert urlparse(page.url).path == "/groups/"
    assert parse_qs(urlparse(page.url).query) == {"tab": ["mine"]}

    _, page = sign_in(site, "ada", next_url="https://evil.example.org/phish")
    assert page.url.startswith(site)
    assert urlparse(page.url).path == "/"


def test_pkce_and_a_nonce_are_sent(site, oidc_idp):
    oidc_connection(oidc_idp)
    browser = Browser()
    page = browser.get(f"{site}/accounts/login/")
    leave = browser.submit(page, action="/accounts/oidc/corp/login/", allow_redirects=False)
    query = parse_qs(urlparse(leave.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["nonce"][0]) >= 32
    assert query["client_id"] == ["corp"]


def until_callback(browser: Browser, idp_page) -> str:
    """Sign in at the provider and stop at the redirect back to us: the callback URL."""
    response = browser.submit(
        idp_page, data={"login": "ada", "password": "x"}, allow_redirects=False
    )
    while "/login/callback/" not in response.headers.get("Location", ""):
        assert response.is_redirect, response.text[:500]
        response = browser.get(response.headers["Location"], allow_redirects=False)
    location = response.headers["Location"]
    return location if location.startswith("http") else f"{oidc_idp_base(response)}{location}"


def oidc_idp_base(response) -> str:
    parts = urlparse(response.url)
    return f"{parts.scheme}://{parts.netloc}"


def test_a_tampered_state_is_refused(site, oidc_idp):
    oidc_connection(oidc_idp)
    before = snapshot()
    browser = Browser()
    callback = until_callback(browser, start(browser, site))
    parts = urlparse(callback)
    query = parse_qs(parts.query)
    query["state"] = ["forged" + query["state"][0][6:]]
    page = browser.get(parts._replace(query=urlencode(query, doseq=True)).geturl())

    assert page.status_code == 401
    assert "Sign-in did not complete" in page.text
    assert snapshot() == before


def test_a_callback_in_another_browser_is_refused(site, oidc_idp):
    """A login CSRF: someone sends their own callback link to a colleague."""
    oidc_connection(oidc_idp)
    browser = Browser()
    callback = until_callback(browser, start(browser, site))
    before = snapshot()
    page = Browser().get(callback)
    assert page.status_code == 401
    assert snapshot() == before


@pytest.mark.parametrize(
    "fault", ["audience", "expired", "issuer", "nonce", "signature", "userinfo"]
)
def test_a_wrong_id_token_is_refused(site, oidc_idp, fault):
    oidc_connection(oidc_idp, client_id=f"corp-{fault}")
    before = snapshot()

    browser, page = sign_in(site, "ada", client_id=f"corp-{fault}")

    assert page.status_code == 401
    assert "Sign-in did not complete" in page.text
    assert snapshot() == before
    assert "sessionid" not in {c.name for c in browser.session.cookies} or (
        "Ada" not in browser.get(f"{site}/").text
    )


def test_a_domain_the_connection_does_not_allow_is_refused(site, oidc_idp):
    oidc_connection(oidc_idp)
    before = snapshot()
    _, page = sign_in(site, "outsider")
    assert page.status_code == 403
    assert "elsewhere.org" in page.text
    assert "example.com" in page.text
    assert snapshot() == before


def test_an_unverified_email_never_takes_over_an_existing_account(site, oidc_idp):
    oidc_connection(oidc_idp)
    victor = UserFactory(email="victor@example.com", display_name="Victor Vance")
    EmailAddress.objects.create(user=victor, email=victor.email, verified=True, primary=True)
    before = snapshot()

    _, page = sign_in(site, "mallory")

    assert page.status_code == 403
    assert "did not confirm" in page.text
    assert snapshot() == before
    assert not SocialAccount.objects.exists()


def test_a_verified_email_links_the_existing_account(site, oidc_idp):
    oidc_connection(oidc_idp)
    victor = UserFactory(email="victor@example.com", display_name="Victor V.")
    EmailAddress.objects.create(user=victor, email=victor.email, verified=True, primary=True)

    _, page = sign_in(site, "victor")

    assert urlparse(page.url).path == "/"
    assert User.objects.count() == 1
    account = SocialAccount.objects.get()
    assert account.user == victor
    victor.profile.refresh_from_db()
    assert victor.profile.display_name == "Victor Vance"
    assert victor.profile.department == "Sales"


def test_a_verified_email_of_another_domain_does_not_link(site, oidc_idp):
    oidc_connection(oidc_idp, allowed_domains=["example.com"])
    olga = UserFactory(email="olga@elsewhere.org")
    before = snapshot()
    _, page = sign_in(site, "outsider")
    assert page.status_code == 403
    assert snapshot() == before
    assert not SocialAccount.objects.filter(user=olga).exists()


def test_a_deactivated_person_cannot_sign_in(site, oidc_idp):
    oidc_connection(oidc_idp)
    sign_in(site, "leaver")
    leaver = User.objects.get(email="leaver@example.com")
    leaver.is_active = False
    leaver.save()
    before = snapshot()

    browser, page = sign_in(site, "leaver")

    assert page.status_code == 403
    assert "deactivated" in page.text
    assert snapshot() == before
    assert urlparse(browser.get(f"{site}/").url).path == "/accounts/login/"


def test_sso_only_is_zero_clicks_and_returns_to_the_page_asked_for(site, oidc_idp, settings):
    settings.SSO_ONLY = True
    oidc_connection(oidc_idp)
    browser = Browser()

    idp_page = browser.get(f"{site}/groups/?tab=mine")  # → login page → the provider
    assert "/interaction/" in idp_page.url
    page = browser.submit(idp_page, data={"login": "ada", "password": "x"})
    assert urlparse(page.url).path == "/groups/"
    assert parse_qs(urlparse(page.url).query) == {"tab": ["mine"]}

    # Another day: our session is gone, the provider's is not: not a single form.
    del browser.session.cookies["sessionid"]
    assert "sessionid" not in browser.session.cookies
    page = browser.get(f"{site}/people/")
    assert page.url == f"{site}/people/"
    assert len(page.history) >= 4  # login page, provider, callback, back here
    assert "Ada Lovelace" in page.text


def test_logout_offers_the_providers_logout_which_ends_its_session(site, oidc_idp):
    oidc_connection(oidc_idp)
    browser, _ = sign_in(site, "ada")
    home = browser.get(f"{site}/")
    signed_out = browser.submit(home, action="/accounts/logout/")
    assert signed_out.url == f"{site}/accounts/signed-out/"
    assert "Also sign out of Corp ID" in signed_out.text
    assert urlparse(browser.get(f"{site}/").url).path == "/accounts/login/"

    confirm = browser.submit(signed_out, action="/accounts/sso/logout/")
    assert confirm.url.startswith(f"{oidc_idp['issuer']}/session/end")
    back = browser.submit(confirm, data={"logout": "yes"})
    assert back.url.startswith(f"{site}/accounts/signed-out/")
    assert "Also sign out of" not in back.text

    # The provider asks who you are again.
    assert "/interaction/" in start(browser, site).url


def test_two_first_sign_ins_at_the_same_instant_make_one_account(site, oidc_idp):
    """Two tabs (or a double click) finishing the same person's first sign-in together."""
    from tests.concurrency import at_once, skip_on_sqlite

    skip_on_sqlite()
    oidc_connection(oidc_idp)
    browsers = [Browser(), Browser()]
    callbacks = [until_callback(b, start(b, site)) for b in browsers]
    pages = []

    def finish(browser, callback):
        pages.append(browser.get(callback))

    assert at_once(finish, zip(browsers, callbacks, strict=True)) == []
    assert sorted(p.status_code for p in pages) in ([200, 200], [200, 409])
    assert User.objects.filter(email="ada@example.com").count() == 1
    # Whoever got "try again" is signed in at the next try.
    for browser in browsers:
        if "Ada Lovelace" not in browser.get(f"{site}/").text:
            _, page = sign_in(site, "ada")
            assert urlparse(page.url).path == "/"
