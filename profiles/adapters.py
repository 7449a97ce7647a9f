"""allauth adapters: the rules for signing up and signing in live here."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from profiles import services


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.ACCOUNT_ALLOW_REGISTRATION

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        allowed = settings.ACCOUNT_ALLOWED_EMAIL_DOMAINS
        if allowed and email.rsplit("@", 1)[-1].lower() not in allowed:
            raise ValidationError(
                _("Sign up with your work email address (%(domains)s).")
                % {"domains": ", ".join(f"@{d}" for d in allowed)}
            )
        return email

    def populate_username(self, request, user) -> None:
        services.handle_assign(user=user)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            name = form.cleaned_data.get("display_name", "")
            services.profile_ensure(user=user, display_name=name)
        return user
