from __future__ import annotations

import logging

from allauth.socialaccount.providers.saml import views as allauth_saml
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from sso.services import SAML_LOGOUT_REQUEST_KEY

logger = logging.getLogger(__name__)


@csrf_exempt
@login_not_required
def sls(request, organization_slug):
    """allauth's single logout service, made stricter and more tolerant:

    - an answer to our logout request (LogoutResponse) must name the request this browser
      sent (sso.views.provider_logout), so a forged one cannot end anyone's session; it
      is taken by HTTP-Redirect and also by HTTP-POST, as some providers send it
      (python3-saml reads these messages from the query only);
    - the provider's own logout request (LogoutRequest, by redirect) must be signed; the
      signature is then checked by python3-saml against the provider's certificate.
    """
    data = request.POST if request.method == "POST" else request.GET
    if "SAMLResponse" in data:
        expected = request.session.pop(SAML_LOGOUT_REQUEST_KEY, None)
        if not expected or answers_to(data["SAMLResponse"]) != expected:
            logger.warning("SAML logout answer refused: not an answer to this browser's request")
            return HttpResponseBadRequest("Not an answer to a logout request of this browser.")
        request.GET = data.copy()
    elif "SAMLRequest" in data and (request.method != "GET" or "Signature" not in data):
        logger.warning("SAML logout request refused: unsigned or not by redirect")
        return HttpResponseBadRequest("Logout requests must be signed and sent by redirect.")
    return allauth_saml.sls(request, organization_slug)


def answers_to(message: str) -> str | None:
    """The request a base64 LogoutResponse answers (its InResponseTo), or None."""
    try:
        xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(message, ignore_zip=True)
        root = OneLogin_Saml2_XML.to_etree(xml)
    except Exception:
        return None
    if root is None or not root.tag.endswith("}LogoutResponse"):
        return None
    return root.get("InResponseTo")
