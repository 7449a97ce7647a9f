"""allauth's social account adapter: the rules a single sign-on must pass."""

from __future__ import annotations

import logging

from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from profiles import services as profile_services
from sso import services

logger = logging.getLogger(__name__)


def refuse(request, sociallogin, reason: str, **context):
    """Stop this sign-in with a page saying why; nothing is created or linked."""
    app = sociallogin.provider.app
    logger.warning("SSO sign-in refused (%s) for connection %s", reason, app.provider_id or app.pk)
    page = render(
        request,
        "sso/refused.html",
        {"reason": reason, "connection": app, **context},
        status=403,
    )
    raise ImmediateHttpResponse(page)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Just-in-time provisioning: whoever the company's provider vouches for (within
        # the connection's domains, checked in pre_social_login) gets an account, even
        # where sign-up with a password is closed.
        return True

    def can_authenticate_by_email(self, login, email: str) -> bool:
        # allauth links an existing account only through an address the provider
        # verified; it must also be of a domain this connection may sign in.
        if not services.domain_allowed(login.provider.app, email):
            return False
        return super().can_authenticate_by_email(login, email)

    def pre_social_login(self, request, sociallogin) -> None:
        app = sociallogin.provider.app
        addresses = sociallogin.email_addresses
        email = (sociallogin.user.email if sociallogin.user else "") or (
            addresses[0].email if addresses else ""
        )
        if not email:
            refuse(request, sociallogin, "no_email")
        if not services.domain_allowed(app, email):
            refuse(
                request,
                sociallogin,
                "domain",
                domain=services.domain_of(email),
                allowed=", ".join(app.settings.get("allowed_domains") or []),
                allowed_count=len(app.settings.get("allowed_domains") or []),
            )
        if sociallogin.is_existing:
            # Linked before, or matched by a verified address (allauth's lookup).
            if not sociallogin.user.is_active:
                refuse(request, sociallogin, "inactive")
            return
        if filter_users_by_email(email):
            # An account holds this address, but the provider did not verify it: linking
            # would let whoever controls the claim take that account over.
            refuse(request, sociallogin, "unverified")

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        claims = services.claims_of(sociallogin)
        fields = services.directory_fields(sociallogin.provider.app, claims)
        profile_services.profile_ensure(user=user, display_name=fields.get("display_name", ""))
        return user
