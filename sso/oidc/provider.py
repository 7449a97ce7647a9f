"""allauth's OpenID Connect provider with the checks OpenID Connect Core asks of a client
that allauth leaves out: a nonce sent with every request and compared in the ID token,
and the ID token's signature verified against the provider's published keys even when
the token came straight from the token endpoint (allauth skips that, as the spec allows
over TLS: defence in depth against a proxy that rewrites the token response). Issuer,
audience and expiry are checked by allauth's jwtkit. Who the person is (subject, email and
whether it is verified) is read from the signed ID token first, UserInfo filling only what
the token lacks; UserInfo's own subject must be the token's.

Installed with SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]: the provider
id, the admin's choice and the URLs stay allauth's own.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    _pick_data,
)
from django.utils.crypto import get_random_string

from sso.oidc.views import CompanyOpenIDConnectAdapter


class CompanyOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = CompanyOpenIDConnectAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = get_random_string(43)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params["nonce"] = nonce
        # The nonce is kept in the stashed state, which only this browser's session holds.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def extract_uid(self, data):
        return str(identity_claims(data)[self.app.settings.get("uid_field", "sub")])

    def extract_common_fields(self, data):
        fields = super().extract_common_fields(data)
        email = identity_claims(data).get("email")
        fields["email"] = email if isinstance(email, str) else None
        return fields

    def extract_email_addresses(self, data):
        # Which claim says the address is verified differs by provider (Entra: xms_edov,
        # an optional claim of the ID token that its UserInfo never carries).
        claims = identity_claims(data)
        email = claims.get("email")
        if not isinstance(email, str) or not email:
            return []
        claim = self.app.settings.get("email_verified_claim") or "email_verified"
        verified = parse_bool_safely(claims.get(claim))
        return [EmailAddress(email=email, verified=verified, primary=True)]


def identity_claims(data: dict) -> dict:
    """UserInfo, with the signed ID token's claims over it."""
    if "id_token" not in data and "userinfo" not in data:
        return _pick_data(data)  # an account saved by allauth before 65.11
    return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}


provider_classes = [CompanyOpenIDConnectProvider]
