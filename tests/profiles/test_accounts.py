"""Signing up and in with allauth: email is the login, a handle and profile come with it."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from profiles.models import Profile, User, unique_handle
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_up_creates_an_account_a_handle_and_a_profile(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Ana López",
            "email": "ana.lopez@example.com",
            "password1": "a-very-long-passphrase",
            "password2": "a-very-long-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ana.lopez@example.com")
    assert user.handle == "ana.lopez"
    assert user.profile.display_name == "Ana López"
    # Email must be verified before the first sign-in; the message goes out at once.
    assert len(mail.outbox) == 1
    assert "ana.lopez@example.com" in mail.outbox[0].to


def test_a_taken_handle_gets_a_number(db):
    UserFactory(email="sam@example.com", handle="sam")
    UserFactory(email="sam2@example.com", handle="sam2")
    assert unique_handle("sam@other.example.com") == "sam3"


def test_signing_in_with_email_and_password(client):
    user = UserFactory(email="kim@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"), {"login": "kim@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_gets_a_clear_message(client):
    UserFactory(email="kim@example.com")
    response = client.post(reverse("account_login"), {"login": "kim@example.com",
                                                      "password": "nope"})  # fmt: skip
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_a_deactivated_person_cannot_sign_in(client):
    user = UserFactory(email="gone@example.com", is_active=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": "gone@example.com", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 302


def test_signing_out_needs_a_post(client_for, outsider):
    client = client_for(outsider)
    client.post(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 302


def test_the_superuser_command_path_creates_a_profile(db):
    admin = User.objects.create_superuser(email="root@example.com", password="x" * 20)
    assert Profile.objects.filter(user=admin).exists()
    assert admin.handle == "root"


def test_sign_up_can_be_limited_to_the_company_domains(client, settings):
    settings.ACCOUNT_ALLOWED_EMAIL_DOMAINS = ["example.com"]
    data = {"display_name": "Eve", "password1": "a-very-long-passphrase",
            "password2": "a-very-long-passphrase"}  # fmt: skip
    response = client.post(reverse("account_signup"), {**data, "email": "eve@elsewhere.org"})
    assert "Sign up with your work email address (@example.com)" in response.content.decode()
    assert not User.objects.filter(email="eve@elsewhere.org").exists()
    client.post(reverse("account_signup"), {**data, "email": "eve@example.com"})
    assert User.objects.filter(email="eve@example.com").exists()


def test_sign_up_can_be_closed(client, settings):
    settings.ACCOUNT_ALLOW_REGISTRATION = False
    response = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in response.content.decode()
