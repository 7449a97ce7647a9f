"""What a single sign-on does to accounts: checks a sign-in against its connection's rules,
fills the profile from the company directory's claims, and remembers what the provider
needs to end its own session at logout."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.saml.utils import build_auth
from django.db import transaction

from profiles import services as profile_services
from profiles.models import User
from sso.presets import OIDC

logger = logging.getLogger(__name__)

# In the session while signed in: what logging out of the provider needs. Moved into the
# fresh session at logout (LOGOUT_OFFER_KEY) for the "also sign out of …" button.
LOGOUT_KEY = "sso_logout"
LOGOUT_OFFER_KEY = "sso_logout_offer"
# The id of the SAML LogoutRequest sent to the provider, which its answer must name.
SAML_LOGOUT_REQUEST_KEY = "sso_saml_logout_request"

MAX_FIELD = 120  # Profile's text fields


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def domain_allowed(app, email: str) -> bool:
    """True when the connection lists no domains or the email's domain is one of them."""
    allowed = app.settings.get("allowed_domains") or []
    return not allowed or domain_of(email) in allowed


def hosted_domain_allowed(app, claims: dict) -> bool:
    """Google Workspace: the account must belong to one of the allowed domains' Workspace
    (its "hd" claim); a personal Google account registered with a work address has none."""
    claim = app.settings.get("hosted_domain_claim")
    allowed = app.settings.get("allowed_domains") or []
    if not claim or not allowed:
        return True
    return str(claims.get(claim) or "").lower() in allowed


def claims_of(sociallogin) -> dict:
    """The claims (OIDC: UserInfo, with the signed ID token's over it) or attributes
    (SAML: first values) the provider asserted, by name."""
    data = sociallogin.account.extra_data or {}
    if "id_token" in data or "userinfo" in data:
        return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}
    return {k: (v[0] if v else "") if isinstance(v, list) else v for k, v in data.items()}


def directory_fields(app, claims: dict) -> dict:
    """Profile field -> value for the fields this connection maps and the provider sent."""
    fields: dict = {}
    for field, name in (app.settings.get("claims") or {}).items():
        value = claims.get(name) if name else None
        if value is None or isinstance(value, dict | list):
            continue
        fields[field] = " ".join(str(value).split())[:MAX_FIELD]
    if not fields.get("display_name"):
        fields.pop("display_name", None)
        given = claims.get("given_name") or claims.get("firstName") or ""
        family = claims.get("family_name") or claims.get("lastName") or ""
        if name := " ".join(f"{given} {family}".split())[:MAX_FIELD]:
            fields["display_name"] = name
    return fields


@transaction.atomic
def profile_sync(*, user: User, app, claims: dict) -> None:
    """Fill the profile from the directory and mark those fields as managed by it (the
    person then sees them read-only). A field the provider stops sending is left as it
    is, and editable again."""
    fields = directory_fields(app, claims)
    profile = profile_services.profile_ensure(user=user, display_name=fields.get("display_name"))
    if "manager" in fields:
        email = fields.pop("manager")
        manager = (
            User.objects.filter(email__iexact=email, is_active=True, is_guest=False)
            .exclude(pk=user.pk)
            .first()
            if "@" in email
            else None
        )
        fields["manager"] = manager
    changed = {k: v for k, v in fields.items() if getattr(profile, k) != v}
    if changed:
        profile_services.profile_update(profile=profile, **changed)
    managed = sorted({*fields, "email"})
    if managed != sorted(profile.sso_managed_fields):
        profile.sso_managed_fields = managed
        profile.save(update_fields=["sso_managed_fields"])


@transaction.atomic
def email_sync(*, user: User, app, sociallogin) -> None:
    """The directory's address is the account's only address: a changed one replaces it
    (when the provider verified it, the connection allows its domain and no other account
    holds it), and any other address goes, verified or not: an old address kept here would
    hand this account to whoever the company gives it to next. A superuser's addresses are
    left alone (their break-glass address is not the directory's)."""
    if user.is_superuser:
        return
    verified = [a.email for a in sociallogin.email_addresses if a.verified]
    email = verified[0] if verified else None
    if email and email.lower() != (user.email or "").lower():
        taken = (
            User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
            or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists()
        )
        if taken or not domain_allowed(app, email):
            logger.warning(
                "SSO: %s's directory address cannot be theirs; kept the old one", user.pk
            )
            # Still no other verified address may stay behind.
            EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
                verified=False
            )
            return
        user.email = email
        user.save(update_fields=["email"])
    email = user.email
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    proven = {"verified": True} if verified else {}
    if not EmailAddress.objects.filter(user=user).update(
        email=email.lower(), primary=True, **proven
    ):
        EmailAddress.objects.create(
            user=user, email=email.lower(), verified=bool(verified), primary=True
        )


def on_user_logged_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    """allauth's user_logged_in: after every SSO sign-in, the profile follows the
    directory, and the provider's logout details are kept in the session."""
    if sociallogin is None:
        return
    app = sociallogin.provider.app
    email_sync(user=user, app=app, sociallogin=sociallogin)
    profile_sync(user=user, app=app, claims=claims_of(sociallogin))
    logout = getattr(sociallogin, "sso_logout", None)
    if logout:
        request.session[LOGOUT_KEY] = {**logout, "provider": app.provider, "name": app.name}
    else:
        request.session.pop(LOGOUT_KEY, None)


def forget_logout_offer(sender, request, user, **kwargs) -> None:
    """Django's user_logged_in, for every sign-in (break-glass included): the previous
    person's offer to end their provider session, and the ID token in it, goes."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(LOGOUT_OFFER_KEY, None)


def provider_logout_url(request, offer: dict, back: str) -> str | None:
    """Where to send the browser to end its session at the provider too (OpenID Connect
    RP-initiated logout, SAML single logout), coming back to `back`; None when the
    provider has no logout. Raises what reaching the provider can raise."""
    app = get_social_adapter().get_app(request, offer["provider_id"])
    provider = app.get_provider(request)
    if offer["provider"] == OIDC:
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
        if not endpoint:
            return None
        query = {
            "id_token_hint": offer["id_token"],
            "post_logout_redirect_uri": back,
            "client_id": app.client_id,
        }
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"
    auth = build_auth(request, provider)
    if not auth.get_slo_url():
        return None
    url = auth.logout(
        return_to=back,
        name_id=offer.get("name_id"),
        session_index=offer.get("session_index"),
        nq=offer.get("name_id_nq"),
        name_id_format=offer.get("name_id_format"),
        spnq=offer.get("name_id_spnq"),
    )
    # The provider's answer must be to this request (sso.saml.views.sls).
    request.session[SAML_LOGOUT_REQUEST_KEY] = auth.get_last_request_id()
    return url
