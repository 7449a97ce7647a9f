"""allauth's OpenID Connect provider with the checks OpenID Connect Core asks of a client
that allauth leaves out: a nonce sent with every request and compared in the ID token,
and the ID token's signature verified against the provider's published keys even when
the token came straight from the token endpoint (allauth skips that, as the spec allows
over TLS; a connection misconfigured to plain HTTP, or a proxy in between, would then
accept anything). Issuer, audience and expiry are checked by allauth's jwtkit.

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

    def extract_email_addresses(self, data):
        # Which claim says the address is verified differs by provider (Entra: xms_edov).
        data = _pick_data(data)
        email = data.get("email")
        if not email:
            return []
        claim = self.app.settings.get("email_verified_claim") or "email_verified"
        verified = parse_bool_safely(data.get(claim))
        return [EmailAddress(email=email, verified=verified, primary=True)]


provider_classes = [CompanyOpenIDConnectProvider]
