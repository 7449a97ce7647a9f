"""allauth's SAML provider, keeping what single logout needs (the NameID and session index
the identity provider gave this sign-in) and answering a response this browser did not ask
for (a replayed or stolen response, or one whose request expired) with the sign-in error
page rather than a bare 403.

Installed with SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"]; the URLs stay allauth's
(/accounts/saml/<id>/acs/, sls/, metadata/, login/).
"""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.core.exceptions import PermissionDenied


class CompanySAMLProvider(SAMLProvider):
    package = "allauth.socialaccount.providers.saml"

    def sociallogin_from_response(self, request, response):
        login = super().sociallogin_from_response(request, response)
        login.sso_logout = {
            "provider_id": self.app.provider_id or self.app.client_id,
            "name_id": response.get_nameid(),
            "name_id_format": response.get_nameid_format(),
            "name_id_nq": response.get_nameid_nq(),
            "name_id_spnq": response.get_nameid_spnq(),
            "session_index": response.get_session_index(),
        }
        return login

    def unstash_redirect_state(self, request, state_id):
        try:
            return super().unstash_redirect_state(request, state_id)
        except PermissionDenied:
            raise ImmediateHttpResponse(render_authentication_error(request, self)) from None


provider_classes = [CompanySAMLProvider]
