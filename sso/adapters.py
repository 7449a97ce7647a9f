"""allauth's social account adapter: the rules a single sign-on must pass."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db.models import Q
from django.shortcuts import render

from profiles import adapters as profiles_adapters
from profiles import services as profile_services
from profiles.models import User
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


def address_holders(email: str):
    """Accounts holding this address in any form (their email, or one of their addresses,
    verified or not), whatever its case."""
    return User.objects.filter(
        Q(email__iexact=email) | Q(emailaddress__email__iexact=email)
    ).distinct()


class AccountAdapter(profiles_adapters.AccountAdapter):
    """The account rules of profiles, with single sign-on's."""

    def is_open_for_signup(self, request) -> bool:
        # In SSO-only mode accounts come from the company's identity provider alone.
        return super().is_open_for_signup(request) and not settings.SSO_ONLY

    def logout(self, request) -> None:
        # What ending the identity provider's session needs outlives the local session,
        # for the signed-out page's "also sign out of …" (sso.views).
        offer = request.session.get(services.LOGOUT_KEY)
        super().logout(request)
        if offer:
            request.session[services.LOGOUT_OFFER_KEY] = offer


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Just-in-time provisioning: whoever the company's provider vouches for (within
        # the connection's domains, checked in pre_social_login) gets an account, even
        # where sign-up with a password is closed.
        return True

    def authenticate_by_email(self, sociallogin):
        """The existing account a first sign-in is linked to, if any. Stricter than
        allauth's: only through an address the provider verified, of a domain the
        connection lists (a connection without domains links nobody), matching an address
        the account verified, or the address of an account an administrator made (the
        admin, createsuperuser and imports make no address records: sign-up and single
        sign-on always do), never an unverified one someone typed into their account;
        never a superuser's account (they connect theirs from their account page), nor
        one already linked to a single sign-on identity."""
        app = sociallogin.provider.app
        if not app.settings.get("allowed_domains"):
            return None
        for address in sociallogin.email_addresses:
            if not address.verified or not services.domain_allowed(app, address.email):
                continue
            match = (
                EmailAddress.objects.filter(email__iexact=address.email, verified=True)
                .select_related("user")
                .first()
            )
            if match is not None:
                user, stored = match.user, match.email
            else:
                user = User.objects.filter(
                    email__iexact=address.email, emailaddress__isnull=True
                ).first()
                stored = user.email if user else None
            if user is None:
                continue
            if user.is_superuser or SocialAccount.objects.filter(user=user).exists():
                return None
            # The stored spelling: allauth looks the address up again by it.
            return user, stored
        return None

    def pre_social_login(self, request, sociallogin) -> None:
        app = sociallogin.provider.app
        asserted = [a for a in sociallogin.email_addresses if a.email]
        if not asserted:
            refuse(request, sociallogin, "no_email")
        email = asserted[0].email
        if not services.domain_allowed(app, email):
            allowed = app.settings.get("allowed_domains") or []
            refuse(
                request,
                sociallogin,
                "domain",
                domain=services.domain_of(email),
                allowed=", ".join(allowed),
                allowed_count=len(allowed),
            )
        if not services.hosted_domain_allowed(app, services.claims_of(sociallogin)):
            refuse(request, sociallogin, "hosted_domain")
        if sociallogin.state.get("process") == "connect":
            return  # a signed-in person connects this identity to their own account
        if sociallogin.is_existing:
            # Linked before, or matched by authenticate_by_email above.
            if not sociallogin.user.is_active:
                refuse(request, sociallogin, "inactive")
            return
        if asserted[0].verified:
            # Addresses typed into other accounts and never verified there prove nothing:
            # they must not lock the address's owner out (nor be linked to them).
            unproven = EmailAddress.objects.filter(email__iexact=email, verified=False).exclude(
                user__email__iexact=email
            )
            if (
                unproven.exists()
                and not address_holders(email).exclude(pk__in=unproven.values("user")).exists()
            ):
                logger.warning("SSO: unverified copies of a verified address removed")
                unproven.delete()
        if address_holders(email).exists():
            # An account holds this address, and the rules above did not link it: linking
            # would let whoever controls the claim take that account over.
            refuse(request, sociallogin, "taken" if asserted[0].verified else "unverified")
        if not asserted[0].verified:
            # Nobody holds it yet, but an account made now would be linked later to whoever
            # the provider verifies it for.
            refuse(request, sociallogin, "unverified_new")

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        claims = services.claims_of(sociallogin)
        fields = services.directory_fields(sociallogin.provider.app, claims)
        profile_services.profile_ensure(user=user, display_name=fields.get("display_name", ""))
        return user
