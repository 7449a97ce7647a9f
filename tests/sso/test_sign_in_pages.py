"""The sign-in pages with single sign-on configured: the login page's company buttons,
SSO-only mode (no passwords, zero clicks, the break-glass sign-in), the signed-out page,
and connections configured from the environment."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp
from django.test import Client
from django.urls import reverse

from profiles.models import User
from sso import presets
from sso.services import LOGOUT_KEY
from tests.factories import PASSWORD, UserFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def oidc_app(provider_id="corp", name="Corp ID", **options):
    settings = presets.connection_settings(
        preset="oidc", options={"server_url": "https://id.example.com", **options}
    )
    return SocialApp.objects.create(
        provider="openid_connect", provider_id=provider_id, name=name, client_id=provider_id,
        secret="s", settings=settings,
    )  # fmt: skip


def saml_app(provider_id="corp-saml", name="Corp SAML"):
    settings = presets.connection_settings(
        preset="saml",
        options={
            "allowed_domains": ["example.com"],
            "idp": {
                "entity_id": "https://idp.example.com/metadata",
                "sso_url": "https://idp.example.com/sso",
                "x509cert": "MIIBfake",
            },
        },
    )
    return SocialApp.objects.create(
        provider="saml", provider_id=provider_id, name=name, client_id=provider_id,
        settings=settings,
    )  # fmt: skip


@pytest.fixture
def client(settings):
    # SAML builds its URLs from the request's host, and refuses one-label names.
    settings.ALLOWED_HOSTS = ["learn.example.com"]
    return Client(HTTP_HOST="learn.example.com")


@pytest.fixture
def sso_only(settings):
    settings.SSO_ONLY = True
    return settings


@pytest.fixture
def employee(db):
    user = UserFactory(email="emma@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def admin_user(db):
    user = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_the_login_page_shows_a_button_per_connection_and_the_password_form(client):
    oidc_app()
    saml_app()
    page = client.get(LOGIN)
    html = page.content.decode()
    assert "Sign in with Corp ID" in html
    assert "Sign in with Corp SAML" in html
    assert 'action="/accounts/oidc/corp/login/"' in html
    assert 'action="/accounts/saml/corp-saml/login/"' in html
    assert 'name="password"' in html


def test_the_buttons_carry_next(client):
    oidc_app()
    html = client.get(LOGIN, {"next": "/groups/"}).content.decode()
    assert 'name="next" value="/groups/"' in html


def test_the_login_page_costs_the_same_queries_for_more_connections(client):
    def add(n):
        for _ in range(n):
            oidc_app(
                provider_id=f"c{SocialApp.objects.count()}", name=f"C{SocialApp.objects.count()}"
            )

    assert_constant_queries(lambda: client.get(LOGIN), add, rows=1)


def test_without_sso_only_there_is_no_forward(client):
    oidc_app()
    assert client.get(LOGIN).status_code == 200


def test_sso_only_with_one_connection_forwards_at_once_keeping_a_safe_next(client, sso_only):
    saml_app()
    response = client.get(LOGIN, {"next": "/groups/?tab=mine"})
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == "https://idp.example.com/sso"
    assert "SAMLRequest" in parse_qs(target.query)
    states = client.session["socialaccount_states"]
    assert [s[0]["next"] for s in states.values()] == ["/groups/?tab=mine"]


def test_sso_only_drops_a_next_to_another_site(client, sso_only):
    saml_app()
    response = client.get(LOGIN, {"next": "https://evil.example.org/"})
    assert response.status_code == 302
    states = client.session["socialaccount_states"]
    assert ["next" in s[0] for s in states.values()] == [False]


def test_an_anonymous_page_goes_through_the_login_page_to_the_provider(client, sso_only):
    saml_app()
    response = client.get("/groups/", follow=True)
    assert response.redirect_chain[-1][0].startswith("https://idp.example.com/sso")


def test_sso_only_with_two_connections_shows_buttons_and_no_password(client, sso_only):
    oidc_app()
    saml_app()
    page = client.get(LOGIN)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sign in with Corp ID" in html
    assert "Sign in with Corp SAML" in html
    assert 'name="password"' not in html
    assert "Create an account" not in html


def test_choose_shows_the_button_instead_of_forwarding(client, sso_only):
    saml_app()
    page = client.get(LOGIN + "?choose")
    assert page.status_code == 200
    assert "Sign in with Corp SAML" in page.content.decode()


def test_sso_only_without_connections_says_so(client, sso_only):
    page = client.get(LOGIN)
    assert "Single sign-on is not set up yet" in page.content.decode()


def test_sso_only_refuses_a_password_even_a_right_one(client, sso_only, employee, admin_user):
    for user in (employee, admin_user):
        response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert response.status_code == 403
        assert "_auth_user_id" not in client.session


def test_sso_only_closes_sign_up_and_password_reset(client, sso_only, settings):
    settings.ACCOUNT_ALLOW_REGISTRATION = True
    signup = client.get("/accounts/signup/")
    assert "Sign Up Closed" in signup.content.decode() or signup.status_code == 403
    response = client.post("/accounts/password/reset/", {"email": "emma@example.com"})
    assert response.status_code == 403
    assert "Passwords are not used here" in response.content.decode()


def test_sso_only_keeps_password_change_for_superusers_only(client, sso_only, employee, admin_user):
    client.force_login(employee)
    assert client.get("/accounts/password/change/").status_code == 403
    client.force_login(admin_user)
    assert client.get("/accounts/password/change/").status_code == 200


def test_break_glass_lets_a_superuser_in(client, sso_only, admin_user):
    response = client.post(
        reverse("break_glass"), {"login": admin_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_break_glass_refuses_everyone_else_as_a_wrong_password(client, sso_only, employee):
    right = client.post(reverse("break_glass"), {"login": employee.email, "password": PASSWORD})
    wrong = client.post(reverse("break_glass"), {"login": employee.email, "password": "nope"})
    assert "_auth_user_id" not in client.session
    assert right.status_code == wrong.status_code == 200
    message = "The email address and/or password you specified are not correct."
    assert message in right.content.decode()
    assert message in wrong.content.decode()


def test_break_glass_is_rate_limited_per_account_asked_for(
    client, sso_only, admin_user, time_machine
):
    time_machine.move_to("2026-11-30 09:00:05", tick=False)
    for _ in range(10):
        client.post(reverse("break_glass"), {"login": "Root@Example.com ", "password": "nope"})
    time_machine.move_to("2026-11-30 09:01:10", tick=False)  # past allauth's own minute
    response = client.post(
        reverse("break_glass"), {"login": admin_user.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Everyone comes from the proxy's address: another account is not locked out with it.
    other = UserFactory(email="root2@example.com", is_staff=True, is_superuser=True)
    response = client.post(reverse("break_glass"), {"login": other.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(other.pk)


def test_break_glass_works_for_a_superuser_made_by_createsuperuser(client, sso_only, settings):
    """No EmailAddress row and email verification mandatory: still straight in (the mail
    server may be what is down)."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    root = User.objects.create_superuser(email="ops@example.com", password=PASSWORD, handle="ops")
    response = client.post(
        reverse("break_glass") + "?next=/admin/", {"login": root.email, "password": PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(root.pk)


def test_logout_lands_on_the_signed_out_page_not_the_login_page(client, employee, sso_only):
    saml_app()
    client.force_login(employee)
    response = client.post("/accounts/logout/")
    assert response["Location"] == reverse("signed_out")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "You are signed out" in page.content.decode()
    assert "Also sign out of" not in page.content.decode()


def test_after_an_sso_session_the_signed_out_page_offers_the_providers_logout(client, employee):
    client.force_login(employee)
    session = client.session
    session[LOGOUT_KEY] = {"provider_id": "corp", "provider": "openid_connect",
                           "name": "Corp ID", "id_token": "x.y.z"}  # fmt: skip
    session.save()
    client.post("/accounts/logout/")
    page = client.get(reverse("signed_out")).content.decode()
    assert "Also sign out of Corp ID" in page
    assert "_auth_user_id" not in client.session


def test_connections_from_the_environment_show_on_the_login_page(client, settings):
    apps = presets.load(
        text=json.dumps(
            [
                {
                    "id": "contoso",
                    "name": "Contoso",
                    "preset": "entra",
                    "tenant": "contoso.com",
                    "client_id": "abc",
                    "secret": "s",
                    "allowed_domains": ["contoso.com"],
                },
            ]
        )
    )
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": apps["openid_connect"],
        },
    }
    html = client.get(LOGIN).content.decode()
    assert "Sign in with Contoso" in html
    app = apps["openid_connect"][0]
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/contoso.com/v2.0"
    assert app["settings"]["email_verified_claim"] == "xms_edov"
    assert app["settings"]["oauth_pkce_enabled"] is True


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("{not json", "SSO_CONNECTIONS is not valid JSON"),
        ('{"id": "a"}', "must be a JSON list"),
        ('[{"id": "A B", "preset": "oidc"}]', "lowercase letters"),
        ('[{"id": "a", "preset": "ldap"}]', "Unknown preset 'ldap'"),
        ('[{"id": "a", "preset": "oidc", "server_url": "https://x.example"}]', "client_id"),
        ('[{"id": "a", "preset": "entra", "client_id": "c"}]', "tenant"),
        ('[{"id": "a", "preset": "saml"}]', "needs its allowed email domains"),
        ('[{"id": "a", "preset": "saml", "allowed_domains": "x.com"}]', "metadata URL"),
        ('[{"id": "a", "preset": "oidc", "client_id": "c", "server_url": "http://x.example"}]',
         "not an https address"),
        ('[{"id": "a", "preset": "oidc", "client_id": "c", "server_url": "https://x.example",'
         ' "trust_email": true}]', "needs allowed domains"),
        ('[{"id": "a", "preset": "google", "client_id": "c", "allowed_domains": "x y"}]',
         "'x' is not an email domain"),
        ('[{"id": "a", "preset": "google", "client_id": "c"},'
         ' {"id": "a", "preset": "google", "client_id": "d"}]', "used twice"),
    ],
)  # fmt: skip
def test_a_bad_environment_configuration_says_what_is_wrong(config, message):
    with pytest.raises(presets.ConfigError, match=message):
        presets.load(text=config)


def test_a_bad_environment_configuration_stops_start_up(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "socialearn.settings",
            "SSO_CONNECTIONS": "[{]",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SSO_CONNECTIONS is not valid JSON" in result.stderr


def test_a_missing_connections_file_says_so():
    with pytest.raises(presets.ConfigError, match="cannot be read"):
        presets.load(path="/nonexistent/sso.json")


def test_the_admin_has_no_password_form_of_its_own(client, sso_only, admin_user):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    posted = client.post("/admin/login/", {"username": admin_user.email, "password": PASSWORD})
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signed_in_staff_reach_the_admin_and_others_do_not(client, admin_user, employee):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    client.force_login(employee)
    assert client.get("/admin/login/").status_code == 403


def test_sso_only_no_password_form_signs_in_anyone_but_a_superuser(client, sso_only):
    """The rule sits in the authentication backend, under every password form."""
    staff = UserFactory(email="mod@example.com", is_staff=True)
    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    client.post(reverse("break_glass"), {"login": staff.email, "password": PASSWORD})
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_sso_only_an_earlier_reset_link_sets_no_password(client, sso_only, employee):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    key = default_token_generator.make_token(employee)
    url = f"/accounts/password/reset/key/{user_pk_to_url_str(employee)}-{key}/"
    assert client.get(url, follow=True).status_code == 403
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD)


def test_without_sso_only_password_sign_in_still_works(client, employee):
    response = client.post(LOGIN, {"login": employee.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(employee.pk)
