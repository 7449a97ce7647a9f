"""Nobody gets into someone else's account through single sign-on: the ways an address can
be squatted, planted, recycled or mistyped, an administrator's account, and the order in
which colleagues happen to sign in for the first time. Against the real OpenID provider."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session

from profiles.models import User
from sso import services
from sso.services import LOGOUT_OFFER_KEY
from tests.factories import PASSWORD, UserFactory
from tests.idps import oidc_connection
from tests.sso.browser import Browser
from tests.sso.test_oidc_login import sign_in

pytestmark = [pytest.mark.idp, pytest.mark.django_db(transaction=True)]


def session_of(browser: Browser) -> dict:
    key = browser.session.cookies.get("sessionid")
    return Session.objects.get(session_key=key).get_decoded() if key else {}


def whoami(browser: Browser) -> User | None:
    pk = session_of(browser).get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def verified_person(email: str, **extra) -> User:
    user = UserFactory(email=email, **extra)
    # allauth keeps addresses in lower case (the account's own field as typed).
    EmailAddress.objects.create(user=user, email=email.lower(), verified=True, primary=True)
    return user


def test_an_unverified_claim_cannot_reserve_an_address_for_later(site, oidc_idp):
    """Mallory's provider account claims victor@ without verifying it; nobody holds it yet.
    No account is made, so the real Victor's first sign-in is his alone."""
    oidc_connection(oidc_idp)
    _browser, page = sign_in(site, "mallory")
    assert page.status_code == 403
    assert "did not confirm that your email address is yours" in page.text
    assert not User.objects.exists()

    victor_browser, _ = sign_in(site, "victor")
    victor = whoami(victor_browser)
    assert victor.email == "victor@example.com"
    assert list(SocialAccount.objects.filter(user=victor).values_list("uid", flat=True)) == [
        "victor"
    ]


def test_an_address_added_without_verification_neither_captures_nor_locks_out(site, oidc_idp):
    """Someone types a colleague's address into their own account and never verifies it:
    the colleague's first sign-in gets an account of their own, and that address leaves
    the other account."""
    oidc_connection(oidc_idp)
    ada = verified_person("ada.local@example.com")
    EmailAddress.objects.create(user=ada, email="victor@example.com", verified=False)

    browser, page = sign_in(site, "victor")

    assert page.status_code == 200
    victor = whoami(browser)
    assert victor not in (None, ada)
    assert victor.email == "victor@example.com"
    assert not SocialAccount.objects.filter(user=ada).exists()
    assert not EmailAddress.objects.filter(user=ada, email="victor@example.com").exists()


def test_an_unverified_primary_address_of_another_account_still_blocks(site, oidc_idp):
    """Its account was made with that address (and never verified it): not ours to take."""
    oidc_connection(oidc_idp)
    squatter = UserFactory(email="victor@example.com")
    EmailAddress.objects.create(user=squatter, email="victor@example.com", verified=False)
    browser, page = sign_in(site, "victor")
    assert page.status_code == 403
    assert whoami(browser) is None
    assert EmailAddress.objects.filter(user=squatter).exists()


def test_a_person_whose_address_the_directory_manages_cannot_add_addresses(site, oidc_idp):
    oidc_connection(oidc_idp)
    browser, _ = sign_in(site, "ada")
    page = browser.get(f"{site}/accounts/email/")
    assert "comes from your company directory" in page.text
    response = browser.session.post(
        f"{site}/accounts/email/",
        data={
            "email": "victor@example.com",
            "action_add": "",
            "csrfmiddlewaretoken": browser.session.cookies.get("csrftoken"),
        },
    )
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email="victor@example.com").exists()


def test_a_superusers_account_is_never_linked_by_email(site, oidc_idp):
    oidc_connection(oidc_idp)
    root = User.objects.create_superuser(email="victor@example.com", password=PASSWORD, handle="r")
    EmailAddress.objects.create(user=root, email=root.email, verified=True, primary=True)

    browser, page = sign_in(site, "victor")

    assert page.status_code == 403
    assert whoami(browser) is None
    root.refresh_from_db()
    assert root.has_usable_password()  # break-glass still works
    assert not SocialAccount.objects.exists()


def test_an_administrator_connects_their_company_account_themselves(site, oidc_idp):
    oidc_connection(oidc_idp)
    root = User.objects.create_superuser(email="victor@example.com", password=PASSWORD, handle="r")
    browser = Browser()
    glass = browser.get(f"{site}/accounts/break-glass/")
    browser.submit(glass, data={"login": root.email, "password": PASSWORD})
    assert whoami(browser) == root

    connections = browser.get(f"{site}/accounts/3rdparty/")
    assert "No company account is connected" in connections.text
    idp = browser.submit(connections, action="/accounts/oidc/corp/login/")
    back = browser.submit(idp, data={"login": "victor", "password": "x"})

    assert back.status_code == 200
    assert SocialAccount.objects.get().user == root
    assert "Disconnect Corp ID" in browser.get(f"{site}/accounts/3rdparty/").text
    # From now on the company account signs them in.
    again, _ = sign_in(site, "victor")
    assert whoami(again) == root


def test_the_domain_rule_applies_to_the_address_the_provider_asserts_now(site, oidc_idp):
    connection = oidc_connection(oidc_idp, allowed_domains=["example.com", "elsewhere.org"])
    sign_in(site, "outsider")
    olga = User.objects.get(email="olga@elsewhere.org")
    connection.settings["allowed_domains"] = ["example.com"]
    connection.save()

    browser, page = sign_in(site, "outsider")

    assert page.status_code == 403
    assert whoami(browser) is None
    assert SocialAccount.objects.get().user == olga


def test_a_stored_address_in_other_case_counts_as_the_same(site, oidc_idp):
    oidc_connection(oidc_idp)
    victor = UserFactory(email="Victor@Example.com")  # made by an administrator
    _, page = sign_in(site, "mallory")  # unverified: refused, nothing made
    assert page.status_code == 403
    browser, _ = sign_in(site, "victor")  # verified: that account
    assert whoami(browser) == victor
    assert User.objects.filter(email__iexact="victor@example.com").count() == 1


def test_a_verified_match_in_other_case_links_and_keeps_the_password(site, oidc_idp):
    oidc_connection(oidc_idp)
    victor = verified_person("Victor@Example.com")
    browser, _ = sign_in(site, "victor")
    assert whoami(browser) == victor
    victor.refresh_from_db()
    assert victor.has_usable_password()


def test_without_allowed_domains_nothing_is_linked(site, oidc_idp):
    oidc_connection(oidc_idp, allowed_domains=[])
    olga = verified_person("olga@elsewhere.org", is_staff=False)
    browser, page = sign_in(site, "outsider")
    assert page.status_code == 403
    assert whoami(browser) is None
    assert not SocialAccount.objects.filter(user=olga).exists()


def test_an_address_the_directory_gave_up_does_not_lead_to_the_old_account(site, oidc_idp):
    """Jane was victor@; the directory renamed her jane.doe@, and the company later gives
    victor@ to a new hire: the new hire gets an account of their own."""
    app = oidc_connection(oidc_idp)
    jane = verified_person("victor@example.com")
    SocialAccount.objects.create(user=jane, provider="corp", uid="jane-sub")
    login = SimpleNamespace(
        email_addresses=[EmailAddress(email="jane.doe@example.com", verified=True)]
    )
    services.email_sync(user=jane, app=app, sociallogin=login)
    jane.refresh_from_db()
    assert jane.email == "jane.doe@example.com"
    assert list(EmailAddress.objects.filter(user=jane).values_list("email", flat=True)) == [
        "jane.doe@example.com"
    ]

    browser, _ = sign_in(site, "victor")

    assert whoami(browser) not in (None, jane)


def test_a_second_person_of_the_same_connection_is_not_linked_to_a_linked_account(site, oidc_idp):
    oidc_connection(oidc_idp)
    victor = verified_person("victor@example.com")
    SocialAccount.objects.create(user=victor, provider="corp", uid="the-real-victor")
    browser, page = sign_in(site, "victor")  # another subject asserting the same address
    assert page.status_code == 403
    assert whoami(browser) is None


def test_the_previous_persons_logout_offer_does_not_outlive_the_next_sign_in(site, oidc_idp):
    oidc_connection(oidc_idp)
    browser, _ = sign_in(site, "ada")
    browser.submit(browser.get(f"{site}/"), action="/accounts/logout/")
    assert LOGOUT_OFFER_KEY in session_of(browser)
    bob = verified_person("bob@example.com")
    login = browser.get(f"{site}/accounts/login/?choose")
    browser.submit(
        login, action="/accounts/login/", data={"login": bob.email, "password": PASSWORD}
    )
    assert whoami(browser) == bob
    assert LOGOUT_OFFER_KEY not in session_of(browser)


def test_the_manager_claim_never_names_an_external_guest(site, oidc_idp):
    oidc_connection(oidc_idp)
    UserFactory(email="grace@example.com", is_guest=True)
    sign_in(site, "ada")
    assert User.objects.get(email="ada@example.com").profile.manager is None


def test_sign_in_lands_where_asked_after_linking(site, oidc_idp):
    oidc_connection(oidc_idp)
    verified_person("victor@example.com")
    _, page = sign_in(site, "victor", next_url="/people/")
    assert urlparse(page.url).path == "/people/"


def test_an_account_an_administrator_made_is_linked_even_in_sso_only_mode(site, oidc_idp, settings):
    """The admin, createsuperuser and imports make no address records: the administrator
    vouched for the address."""
    settings.SSO_ONLY = True
    oidc_connection(oidc_idp)
    victor = UserFactory(email="victor@example.com")
    assert not EmailAddress.objects.filter(user=victor).exists()
    browser = Browser()
    idp_page = browser.get(f"{site}/accounts/login/")  # zero clicks: the provider's page
    browser.submit(idp_page, data={"login": "victor", "password": "x"})
    assert whoami(browser) == victor
    assert EmailAddress.objects.get(user=victor).verified


def test_staff_are_linked_like_everyone_else(site, oidc_idp):
    oidc_connection(oidc_idp)
    moderator = verified_person("victor@example.com", is_staff=True)
    browser, _ = sign_in(site, "victor")
    assert whoami(browser) == moderator


def test_an_old_address_of_a_linked_account_does_not_lead_its_next_holder_in(site, oidc_idp):
    """Victor's account verified two addresses; the directory knows him as victor@. The
    other goes at his first sign-in, so the new hire later given it, signing in through
    another connection of the company, gets an account of their own."""
    oidc_connection(oidc_idp)
    victor = verified_person("victor@example.com")
    EmailAddress.objects.create(user=victor, email="leaver@example.com", verified=True)
    first, _ = sign_in(site, "victor")
    assert whoami(first) == victor
    assert list(EmailAddress.objects.filter(user=victor).values_list("email", flat=True)) == [
        "victor@example.com"
    ]

    oidc_connection(oidc_idp, client_id="corp2", name="Corp 2")
    browser, _ = sign_in(site, "leaver", client_id="corp2")
    assert whoami(browser) not in (None, victor)


def test_a_second_connection_does_not_link_an_account_linked_by_the_first(site, oidc_idp):
    oidc_connection(oidc_idp)
    oidc_connection(oidc_idp, client_id="corp2", name="Corp 2")
    first, _ = sign_in(site, "victor")
    browser, page = sign_in(site, "victor", client_id="corp2")
    assert page.status_code == 403  # its owner connects it from their account page
    assert whoami(browser) is None
    assert SocialAccount.objects.filter(user=whoami(first)).count() == 1


def test_break_glass_survives_the_administrator_connecting_their_company_account(
    site, oidc_idp, settings
):
    settings.SSO_ONLY = True
    oidc_connection(oidc_idp)
    root = User.objects.create_superuser(email="glass-7f3a@example.com", password=PASSWORD)
    browser = Browser()
    browser.submit(
        browser.get(f"{site}/accounts/break-glass/"),
        data={"login": root.email, "password": PASSWORD},
    )
    idp = browser.session.post(
        f"{site}/accounts/oidc/corp/login/",
        data={"process": "connect", "csrfmiddlewaretoken": browser.session.cookies["csrftoken"]},
    )
    browser.submit(idp, data={"login": "victor", "password": "x"})
    company = Browser()
    company.submit(company.get(f"{site}/accounts/login/"), data={"login": "victor"})
    assert whoami(company) == root

    later = Browser()  # the provider is down: break-glass with the unpublished address
    later.submit(
        later.get(f"{site}/accounts/break-glass/"),
        data={"login": "glass-7f3a@example.com", "password": PASSWORD},
    )
    assert whoami(later) == root


def test_break_glass_also_drops_the_previous_persons_logout_offer(site, oidc_idp):
    oidc_connection(oidc_idp)
    browser, _ = sign_in(site, "ada")
    browser.submit(browser.get(f"{site}/"), action="/accounts/logout/")
    assert LOGOUT_OFFER_KEY in session_of(browser)
    root = User.objects.create_superuser(email="ops@example.com", password=PASSWORD)
    browser.submit(
        browser.get(f"{site}/accounts/break-glass/"),
        data={"login": root.email, "password": PASSWORD},
    )
    assert whoami(browser) == root
    assert LOGOUT_OFFER_KEY not in session_of(browser)
