"""Single sign-on connections managed in the admin, without a deploy."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp

from sso import presets
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/socialaccount/socialapp/add/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def form(**fields):
    data = {
        "preset": "oidc", "name": "", "provider_id": "", "server_url": "", "tenant": "",
        "client_id": "", "secret": "", "idp_metadata_url": "", "idp_entity_id": "",
        "idp_sso_url": "", "idp_slo_url": "", "idp_x509cert": "", "allowed_domains": "",
        **{f"claim_{f}": "" for f in presets.PROFILE_FIELDS},
        "_save": "Save",
    }  # fmt: skip
    data.update(fields)
    return data


def test_an_entra_connection_from_its_tenant(admin_client):
    response = admin_client.post(
        ADD,
        form(
            preset="entra",
            name="Contoso",
            provider_id="contoso",
            tenant="contoso.com",
            client_id="app-id",
            secret="s3cret",
            allowed_domains="@Contoso.com, fabrikam.com",
            claim_team="extension_team",
            claim_location="-",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app = SocialApp.objects.get()
    assert (app.provider, app.provider_id, app.client_id) == ("openid_connect", "contoso", "app-id")
    assert app.settings["server_url"] == "https://login.microsoftonline.com/contoso.com/v2.0"
    assert app.settings["allowed_domains"] == ["contoso.com", "fabrikam.com"]
    assert app.settings["oauth_pkce_enabled"] is True
    assert app.settings["claims"]["team"] == "extension_team"
    assert app.settings["claims"]["location"] == ""
    assert app.settings["claims"]["job_title"] == "jobtitle"  # the preset's
    assert "verified_email" not in app.settings


def test_the_change_form_shows_the_saved_values_and_the_addresses(admin_client):
    admin_client.post(
        ADD,
        form(
            preset="okta",
            name="Okta",
            provider_id="okta",
            server_url="https://acme.okta.com",
            client_id="0oa1",
            allowed_domains="acme.com",
            trust_email="on",
        ),
    )
    app = SocialApp.objects.get()
    assert app.settings["verified_email"] == ["acme.com"]
    page = admin_client.get(f"/admin/socialaccount/socialapp/{app.pk}/change/").content.decode()
    assert 'value="https://acme.okta.com"' in page
    assert 'value="acme.com"' in page
    assert "/accounts/oidc/okta/login/callback/" in page
    assert "/accounts/signed-out/" in page


def test_a_saml_connection_uses_its_id_in_its_urls(admin_client):
    response = admin_client.post(
        ADD,
        form(
            preset="saml",
            name="ADFS",
            provider_id="adfs",
            idp_entity_id="http://adfs.acme.com/adfs/services/trust",
            idp_sso_url="https://adfs.acme.com/adfs/ls/",
            idp_x509cert="MIIC...",
            allowed_domains="acme.com",
        ),
    )
    assert response.status_code == 302
    app = SocialApp.objects.get()
    assert (app.provider, app.client_id) == ("saml", "adfs")
    assert app.settings["advanced"]["want_assertion_signed"] is True
    assert app.settings["advanced"]["reject_idp_initiated_sso"] is True
    page = admin_client.get(f"/admin/socialaccount/socialapp/{app.pk}/change/").content.decode()
    assert "/accounts/saml/adfs/acs/" in page
    assert "/accounts/saml/adfs/metadata/" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"preset": "entra", "client_id": "x"}, "Give the tenant"),
        ({"preset": "oidc", "client_id": "x"}, "Give the issuer URL"),
        ({"preset": "oidc", "server_url": "https://id.acme.com"}, "needs the client ID"),
        ({"preset": "google", "client_id": "x", "allowed_domains": "not a domain!"},
         "is not an email domain"),
        ({"preset": "saml", "idp_entity_id": "urn:x"}, "signing certificate"),
        ({"preset": "google", "client_id": "x", "provider_id": "Has Spaces"}, "lowercase"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_message_and_nothing_saved(admin_client, fields, message):
    response = admin_client.post(ADD, form(**{"name": "X", "provider_id": "x", **fields}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SocialApp.objects.exists()


def test_two_connections_cannot_share_an_id(admin_client):
    data = form(preset="google", name="G", provider_id="google", client_id="x")
    assert admin_client.post(ADD, data).status_code == 302
    response = admin_client.post(ADD, data)
    assert "Another connection has this ID." in response.content.decode()
    assert SocialApp.objects.count() == 1


def test_only_superusers_and_granted_staff_manage_connections(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(ADD).status_code == 403


def test_unticking_an_option_turns_it_off_and_a_new_preset_drops_the_old_ones_keys(
    admin_client,
):
    data = form(preset="google", name="G", provider_id="g", client_id="x",
                allowed_domains="acme.com", trust_email="on")  # fmt: skip
    assert admin_client.post(ADD, data).status_code == 302
    app = SocialApp.objects.get()
    assert app.settings["auth_params"] == {"hd": "acme.com"}
    app.settings["hidden"] = False  # set by hand: stays
    app.save()
    data.pop("trust_email")
    data.update(preset="oidc", server_url="https://id.acme.com")
    response = admin_client.post(f"/admin/socialaccount/socialapp/{app.pk}/change/", data)
    assert response.status_code == 302
    app.refresh_from_db()
    assert "verified_email" not in app.settings
    assert "auth_params" not in app.settings
    assert "hosted_domain_claim" not in app.settings
    assert app.settings["hidden"] is False


def test_the_client_secret_is_never_sent_back_and_kept_when_left_empty(admin_client):
    data = form(preset="okta", name="Okta", provider_id="okta",
                server_url="https://acme.okta.com", client_id="0oa1",
                secret="TOP-SECRET")  # fmt: skip
    admin_client.post(ADD, data)
    app = SocialApp.objects.get()
    change = f"/admin/socialaccount/socialapp/{app.pk}/change/"
    assert "TOP-SECRET" not in admin_client.get(change).content.decode()
    data["secret"] = ""
    assert admin_client.post(change, data).status_code == 302
    app.refresh_from_db()
    assert app.secret == "TOP-SECRET"


def test_a_plain_http_provider_is_refused_outside_development(admin_client, settings):
    settings.SSO_ALLOW_HTTP = False
    data = form(preset="oidc", name="X", provider_id="x", server_url="http://id.acme.com",
                client_id="c")  # fmt: skip
    response = admin_client.post(ADD, data)
    assert "is not an https address" in response.content.decode()
    assert not SocialApp.objects.exists()


def test_the_connection_id_cannot_change_once_saved(admin_client):
    data = form(preset="google", name="G", provider_id="google", client_id="x")
    admin_client.post(ADD, data)
    app = SocialApp.objects.get()
    data["provider_id"] = "renamed"
    admin_client.post(f"/admin/socialaccount/socialapp/{app.pk}/change/", data)
    app.refresh_from_db()
    assert app.provider_id == "google"


def test_an_id_used_by_an_environment_connection_is_refused(admin_client, settings):
    providers = {**settings.SOCIALACCOUNT_PROVIDERS}
    providers["saml"] = {
        **providers["saml"],
        "APPS": [{"provider_id": "adfs", "client_id": "adfs"}],
    }
    settings.SOCIALACCOUNT_PROVIDERS = providers
    response = admin_client.post(
        ADD, form(preset="google", name="G", provider_id="adfs", client_id="x")
    )
    assert "Another connection has this ID." in response.content.decode()
    assert not SocialApp.objects.exists()


def test_view_only_staff_see_the_connection_but_never_its_secret(admin_client, client):
    from django.contrib.auth.models import Permission

    admin_client.post(
        ADD,
        form(
            preset="okta",
            name="Okta",
            provider_id="okta",
            server_url="https://acme.okta.com",
            client_id="0oa1",
            secret="TOP-SECRET",
        ),
    )
    app = SocialApp.objects.get()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_socialapp"))
    client.force_login(viewer)
    page = client.get(f"/admin/socialaccount/socialapp/{app.pk}/change/")
    assert page.status_code == 200
    assert "0oa1" in page.content.decode()
    assert "TOP-SECRET" not in page.content.decode()
