from __future__ import annotations

import hmac

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from jwt import PyJWTError

from sso.views import one_account_per_person


class CompanyOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    # The nonce sent with the authorization request (from the stashed state).
    expected_nonce: str | None = None

    def complete_login(self, request, app, token, **kwargs):
        response = kwargs["response"]
        id_token = response.get("id_token")
        if not id_token:
            raise OAuth2Error("The provider sent no ID token.")
        data = {"id_token": self._decode_id_token(app, id_token)}
        if app.settings.get("fetch_userinfo", True):
            try:
                userinfo = self._fetch_user_info(token.token)
            except ValueError as e:  # not JSON
                raise OAuth2Error("The UserInfo answer is not JSON.") from e
            # OpenID Connect Core 5.3.2: the UserInfo response is about the same person.
            if not isinstance(userinfo, dict) or str(userinfo.get("sub")) != str(
                data["id_token"].get("sub")
            ):
                raise OAuth2Error("The UserInfo answer is not about the ID token's subject.")
            data["userinfo"] = userinfo
        login = self.get_provider().sociallogin_from_response(request, data)
        # Kept for the provider's logout (id_token_hint), see sso.services.
        login.sso_logout = {"provider_id": self.provider_id, "id_token": id_token}
        return login

    def _decode_id_token(self, app, id_token: str) -> dict:
        try:
            data = jwtkit.verify_and_decode(
                credential=id_token,
                keys_url=self.openid_config["jwks_uri"],
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                lookup_kid=jwtkit.lookup_kid_jwk,
                verify_signature=True,
            )
        except (PyJWTError, KeyError, TypeError, ValueError) as e:
            # A token without a key id, keys that are not a JWKS, …: refused like the rest.
            raise OAuth2Error("Invalid id_token") from e
        if not isinstance(data.get("sub"), str) or not data["sub"]:
            raise OAuth2Error("The ID token names no subject.")
        nonce = str(data.get("nonce") or "")
        if not self.expected_nonce or not hmac.compare_digest(nonce, self.expected_nonce):
            raise OAuth2Error("The ID token's nonce is not the one this sign-in sent.")
        return data


class CompanyCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        if state:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def _serve(view_class, request, provider_id):
    try:
        view = view_class.adapter_view(CompanyOpenIDConnectAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def login(request, provider_id):
    return _serve(OAuth2LoginView, request, provider_id)


@login_not_required
@one_account_per_person
def callback(request, provider_id):
    return _serve(CompanyCallbackView, request, provider_id)
