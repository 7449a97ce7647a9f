"""SAML single logout messages that did not come from our own logout are refused: a forged
answer to a request we never sent, an unsigned logout request. (The real round trip with
the provider is in test_saml_login.)"""

from __future__ import annotations

import base64
import uuid
import zlib
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.sso.test_sign_in_pages import saml_app

pytestmark = pytest.mark.django_db

SLS = "/accounts/saml/corp-saml/sls/"
NS = (
    'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
    'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
)


@pytest.fixture
def client(settings):
    settings.ALLOWED_HOSTS = ["learn.example.com"]
    return Client(HTTP_HOST="learn.example.com")


def message(kind: str, body: str, **attributes) -> bytes:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    extra = " ".join(f'{k}="{v}"' for k, v in attributes.items())
    return (
        f'<samlp:{kind} {NS} ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{now}" '
        f'Destination="http://learn.example.com{SLS}" {extra}>'
        f"<saml:Issuer>https://idp.example.com/metadata</saml:Issuer>{body}</samlp:{kind}>"
    ).encode()


def redirect_encoded(xml: bytes) -> str:
    return base64.b64encode(zlib.compress(xml)[2:-4]).decode()


SUCCESS = (
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
    "</samlp:Status>"
)


@pytest.fixture
def signed_in(client):
    saml_app()
    emma = UserFactory(email="emma@example.com")
    client.force_login(emma)
    return emma


@pytest.mark.parametrize("binding", ["redirect", "post"])
def test_a_forged_logout_answer_is_refused(client, signed_in, binding):
    xml = message("LogoutResponse", SUCCESS, InResponseTo="_nothing_we_sent")
    if binding == "redirect":
        response = client.get(SLS, {"SAMLResponse": redirect_encoded(xml)})
    else:
        response = client.post(SLS, {"SAMLResponse": base64.b64encode(xml).decode()}, follow=True)
    assert response.status_code == 400
    assert client.session["_auth_user_id"] == str(signed_in.pk)


def test_an_answer_naming_our_request_is_accepted_by_redirect_and_by_post(client, signed_in):
    session = client.session
    session["sso_saml_logout_request"] = "ONELOGIN_ours"
    session.save()
    xml = message("LogoutResponse", SUCCESS, InResponseTo="ONELOGIN_ours")
    # Posted from the provider's site: no cookie comes with it, so it is sent back to
    # this address by redirect, which the browser follows with its cookie.
    posted = Client(HTTP_HOST="learn.example.com").post(
        SLS, {"SAMLResponse": base64.b64encode(xml).decode(), "RelayState": "/x"}
    )
    assert posted.status_code == 303
    assert posted["Location"].startswith(f"{SLS}?SAMLResponse=")
    response = client.get(posted["Location"])
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_message_in_the_query_of_a_post_is_refused(client, signed_in):
    xml = message("LogoutRequest", "<saml:NameID>emma@example.com</saml:NameID>")
    response = client.post(f"{SLS}?{urlencode({'SAMLRequest': redirect_encoded(xml)})}", {})
    assert response.status_code == 400
    assert client.session["_auth_user_id"] == str(signed_in.pk)


def test_an_unsigned_logout_request_is_refused(client, signed_in):
    xml = message("LogoutRequest", "<saml:NameID>emma@example.com</saml:NameID>")
    response = client.get(SLS, {"SAMLRequest": redirect_encoded(xml)})
    assert response.status_code == 400
    assert client.session["_auth_user_id"] == str(signed_in.pk)


def test_a_logout_request_about_someone_else_is_refused(client, signed_in):
    session = client.session
    session["sso_logout"] = {"provider": "saml", "provider_id": "corp-saml",
                             "name_id": "emma@example.com"}  # fmt: skip
    session.save()
    xml = message("LogoutRequest", "<saml:NameID>mallory@example.com</saml:NameID>")
    query = {"SAMLRequest": redirect_encoded(xml), "SigAlg": "x", "Signature": "eA=="}
    response = client.get(SLS, query)
    assert response.status_code == 400
    assert client.session["_auth_user_id"] == str(signed_in.pk)


def test_garbage_is_a_bad_request_not_an_error(client, signed_in):
    for value in ("%%%", base64.b64encode(b"<not-xml").decode(), ""):
        assert client.get(SLS, {"SAMLResponse": value}).status_code == 400
