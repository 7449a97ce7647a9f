"""Signing in with SAML 2.0 against a real identity provider (saml-idp on node-samlp in
its own process, signing with RSA-SHA256): the whole round trip, and responses that were
stripped of their signature, re-signed by someone else or played a second time."""

from __future__ import annotations

import base64
from urllib.parse import urlparse

import pytest
from allauth.socialaccount.models import SocialAccount
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from profiles.models import User
from tests.idps import SAML_USER, saml_connection, signing_pair
from tests.sso.browser import Browser, forms_of

pytestmark = [pytest.mark.idp, pytest.mark.django_db(transaction=True)]

NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}


def idp_response(site: str, **attributes):
    """Go from our login page to the provider and sign in there; stop at the provider's
    page that posts the signed response back to us (the browser and that page)."""
    browser = Browser()
    login = browser.get(f"{site}/accounts/login/")
    idp_page = browser.submit(login, action="/accounts/saml/corp-saml/login/")
    assert "/saml/sso" in idp_page.url, idp_page.text[:500]
    answer = browser.submit(idp_page, action="/signin", data={**SAML_USER, **attributes})
    assert "SAMLResponse" in answer.text, answer.text[:1000]
    return browser, answer


def post_response(browser: Browser, answer, saml_response: str | None = None):
    form = forms_of(answer.text)[0]
    data = dict(form["fields"])
    if saml_response is not None:
        data["SAMLResponse"] = saml_response
    return browser.session.post(form["action"], data=data, timeout=30)


def response_xml(answer) -> etree._Element:
    value = forms_of(answer.text)[0]["fields"]["SAMLResponse"]
    return etree.fromstring(base64.b64decode(value))


def encoded(root: etree._Element) -> str:
    return base64.b64encode(etree.tostring(root)).decode()


def drop_signatures(root: etree._Element) -> etree._Element:
    for signature in root.findall(".//ds:Signature", NS):
        signature.getparent().remove(signature)
    return root


def resign_assertion(root: etree._Element, key_path, cert_pem: str) -> etree._Element:
    """Replace the assertion's signature by one made with this key (and the response's
    own signature removed), the way a forger with their own key would."""
    drop_signatures(root)
    assertion = root.find("saml:Assertion", NS)
    signed = OneLogin_Saml2_Utils.add_sign(
        etree.tostring(assertion),
        key_path.read_text(),
        cert_pem,
        sign_algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        digest_algorithm="http://www.w3.org/2001/04/xmlenc#sha256",
    )
    root.replace(assertion, etree.fromstring(signed))
    return root


def set_email(root: etree._Element, email: str) -> None:
    for attribute in root.iterfind(".//saml:Attribute", NS):
        if attribute.get("Name") == "email":
            attribute.find("saml:AttributeValue", NS).text = email


def test_metadata_is_published_for_the_identity_provider(site, saml_idp):
    saml_connection(saml_idp)
    page = Browser().get(f"{site}/accounts/saml/corp-saml/metadata/")
    assert page.status_code == 200
    root = etree.fromstring(page.content)
    assert root.get("entityID") == f"{site}/accounts/saml/corp-saml/metadata/"
    acs = root.find(".//{urn:oasis:names:tc:SAML:2.0:metadata}AssertionConsumerService")
    assert acs.get("Location") == f"{site}/accounts/saml/corp-saml/acs/"
    sls = root.find(".//{urn:oasis:names:tc:SAML:2.0:metadata}SingleLogoutService")
    assert sls.get("Location") == f"{site}/accounts/saml/corp-saml/sls/"
    sp = root.find("{urn:oasis:names:tc:SAML:2.0:metadata}SPSSODescriptor")
    assert sp.get("WantAssertionsSigned") == "true"


def test_full_sign_in_creates_the_account_from_the_attributes(site, saml_idp):
    saml_connection(saml_idp)
    browser, answer = idp_response(site)
    root = response_xml(answer)
    assert root.find("saml:Assertion/ds:Signature", NS) is not None  # a signed assertion

    page = post_response(browser, answer)

    assert page.status_code == 200
    assert urlparse(page.url).path == "/"
    sam = User.objects.get(email="sam@example.com")
    profile = sam.profile
    assert (profile.display_name, profile.job_title) == ("Sam Rivera", "Learning Partner")
    assert (profile.department, profile.location) == ("People", "Lisbon")
    assert {"display_name", "job_title", "department", "location"} <= set(
        profile.sso_managed_fields
    )
    assert SocialAccount.objects.get(user=sam).provider == "corp-saml"
    assert "Sam Rivera" in browser.get(f"{site}/").text


def test_an_unsigned_response_is_refused(site, saml_idp):
    saml_connection(saml_idp)
    browser, answer = idp_response(site)
    root = drop_signatures(response_xml(answer))

    page = post_response(browser, answer, encoded(root))

    assert page.status_code == 401
    assert "Sign-in did not complete" in page.text
    assert not User.objects.exists()


def test_a_response_re_signed_with_another_key_is_refused(site, saml_idp, tmp_path):
    saml_connection(saml_idp)
    other_key, _, other_cert = signing_pair(tmp_path, "forger")
    browser, answer = idp_response(site)
    root = response_xml(answer)
    set_email(root, "victor@example.com")

    page = post_response(browser, answer, encoded(resign_assertion(root, other_key, other_cert)))

    assert page.status_code == 401
    assert not User.objects.exists()


def test_re_signing_with_the_providers_own_key_is_accepted(site, saml_idp):
    """The control for the test above: the same re-signing with the right key passes, so
    what refused that response was the key."""
    saml_connection(saml_idp)
    key = saml_idp["directory"] / "idp.key"
    browser, answer = idp_response(site)
    root = resign_assertion(response_xml(answer), key, saml_idp["cert"])

    page = post_response(browser, answer, encoded(root))

    assert urlparse(page.url).path == "/"
    assert User.objects.filter(email="sam@example.com").exists()


def test_a_replayed_response_is_refused(site, saml_idp):
    saml_connection(saml_idp)
    browser, answer = idp_response(site)
    post_response(browser, answer)
    sam = User.objects.get(email="sam@example.com")
    browser.session.post(f"{site}/accounts/logout/", data={
        "csrfmiddlewaretoken": browser.session.cookies.get("csrftoken")})  # fmt: skip
    assert urlparse(browser.get(f"{site}/").url).path == "/accounts/login/"

    # The same response again, in the same browser and in another one.
    again = post_response(browser, answer)
    elsewhere = post_response(Browser(), answer)

    for page in (again, elsewhere):
        assert page.status_code == 401
        assert "Sign-in did not complete" in page.text
    assert urlparse(browser.get(f"{site}/").url).path == "/accounts/login/"
    assert SocialAccount.objects.filter(user=sam).count() == 1


def test_a_domain_the_connection_does_not_allow_is_refused(site, saml_idp):
    saml_connection(saml_idp)
    browser, answer = idp_response(site, email="sam@elsewhere.org", userName="sam@elsewhere.org")
    page = post_response(browser, answer)
    assert page.status_code == 403
    assert "elsewhere.org" in page.text
    assert not User.objects.exists()


def test_logout_offers_single_logout_at_the_provider(site, saml_idp):
    saml_connection(saml_idp)
    browser, answer = idp_response(site)
    home = post_response(browser, answer)
    signed_out = browser.submit(home, action="/accounts/logout/")
    assert "Also sign out of Corp SAML" in signed_out.text

    at_idp = browser.submit(signed_out, action="/accounts/sso/logout/")
    assert at_idp.url.startswith(f"{saml_idp['url']}/saml/slo?SAMLRequest=")
    # The provider ends its session and posts its LogoutResponse back to our SLS.
    back = browser.submit(at_idp, action="/accounts/saml/corp-saml/sls/")

    assert back.url == f"{site}/accounts/signed-out/"
    assert "Also sign out of" not in back.text
    assert urlparse(browser.get(f"{site}/").url).path == "/accounts/login/"


def test_an_unsolicited_response_is_refused(site, saml_idp):
    """IdP-initiated sign-in (a response to no request of ours) is off."""
    saml_connection(saml_idp)
    browser = Browser()
    form_page = browser.get(f"{saml_idp['url']}/")
    answer = browser.submit(form_page, action="/signin", data=SAML_USER)
    root = response_xml(answer)
    assert root.get("InResponseTo") is None
    page = post_response(browser, answer)
    assert page.status_code == 401
    assert not User.objects.exists()


def test_an_existing_account_with_the_address_is_linked(site, saml_idp):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    saml_connection(saml_idp)
    sam = UserFactory(email="sam@example.com")
    EmailAddress.objects.create(user=sam, email=sam.email, verified=True, primary=True)
    browser, answer = idp_response(site)
    page = post_response(browser, answer)
    assert urlparse(page.url).path == "/"
    assert SocialAccount.objects.get().user == sam
    assert User.objects.count() == 1


def test_a_deactivated_person_is_refused(site, saml_idp):
    from tests.factories import UserFactory

    saml_connection(saml_idp)
    sam = UserFactory(email="sam@example.com", is_active=False)
    SocialAccount.objects.create(user=sam, provider="corp-saml", uid="sam@example.com")
    browser, answer = idp_response(site)
    page = post_response(browser, answer)
    assert page.status_code == 403
    assert "deactivated" in page.text
