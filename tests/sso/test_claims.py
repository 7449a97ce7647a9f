"""What the OpenID Connect provider reads from a sign-in's claims, and odd claims refused
cleanly rather than failing."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp

from sso import presets, services

pytestmark = pytest.mark.django_db


def provider(rf, preset="oidc", **options):
    settings = presets.connection_settings(
        preset=preset, options={"server_url": "https://id.example.com", **options}
    )
    app = SocialApp.objects.create(
        provider="openid_connect", provider_id="corp", name="Corp", client_id="c",
        settings=settings,
    )  # fmt: skip
    return app.get_provider(rf.get("/"))


def test_entra_verification_is_read_from_the_id_token(rf):
    """Entra's UserInfo never carries the optional claim xms_edov."""
    entra = provider(rf, preset="entra", tenant="contoso.com", server_url="")
    data = {
        "id_token": {"sub": "s", "email": "ann@contoso.com", "xms_edov": True},
        "userinfo": {"sub": "s", "email": "ann@contoso.com", "name": "Ann"},
    }
    [address] = entra.extract_email_addresses(data)
    assert address.verified


def test_the_signed_id_token_wins_over_userinfo_for_who_someone_is(rf):
    corp = provider(rf)
    data = {
        "id_token": {"sub": "s", "email": "ann@example.com", "email_verified": False},
        "userinfo": {"sub": "s", "email": "boss@example.com", "email_verified": True},
    }
    [address] = corp.extract_email_addresses(data)
    assert (address.email, address.verified) == ("ann@example.com", False)


@pytest.mark.parametrize("email", [5, True, ["a@example.com"], {"x": 1}])
def test_an_email_claim_of_another_type_is_no_email(rf, email):
    corp = provider(rf)
    login = corp.sociallogin_from_response(rf.get("/"), {"id_token": {"sub": "s", "email": email}})
    assert login.email_addresses == []


def test_directory_fields_skip_structured_values_and_trim_long_ones(rf):
    corp = provider(rf)
    fields = services.directory_fields(
        corp.app,
        {"name": "  Ann   Lee ", "department": {"x": 1}, "job_title": "x" * 500, "office": 7},
    )
    assert fields == {"display_name": "Ann Lee", "job_title": "x" * 120, "location": "7"}


def test_google_requires_the_workspace_of_an_allowed_domain():
    settings = presets.connection_settings(
        preset="google", options={"allowed_domains": ["acme.com"]}
    )
    app = SocialApp(settings=settings)
    assert services.hosted_domain_allowed(app, {"hd": "acme.com"})
    assert not services.hosted_domain_allowed(app, {})  # a personal Google account
    assert not services.hosted_domain_allowed(app, {"hd": "other.com"})
