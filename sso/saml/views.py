from __future__ import annotations

import logging
from urllib.parse import urlencode

from allauth.socialaccount.providers.saml import views as allauth_saml
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from sso.services import LOGOUT_KEY, SAML_LOGOUT_REQUEST_KEY

logger = logging.getLogger(__name__)


@csrf_exempt
@login_not_required
def sls(request, organization_slug):
    """allauth's single logout service, stricter and more tolerant:

    - a message posted by the provider (HTTP-POST binding, which python3-saml does not
      read) is turned into the same message by redirect: the browser comes back with it
      by GET, with its session cookie (a cross-site POST carries none);
    - an answer to our logout request (LogoutResponse) must name the request this
      browser sent (sso.views.provider_logout), so a forged one cannot end a session;
    - the provider's own logout request (LogoutRequest) must be signed (python3-saml then
      checks the signature) and be about the person signed in here.
    """
    saml_keys = ("SAMLResponse", "SAMLRequest", "Signature", "SigAlg")
    if request.method != "GET":
        if any(k in request.GET for k in saml_keys) or "SAMLRequest" in request.POST:
            return refused(_("SAML logout messages are taken by redirect."))
        if "SAMLResponse" not in request.POST:
            return refused(_("No logout message."))
        query = {k: request.POST[k] for k in ("SAMLResponse", "RelayState") if k in request.POST}
        return HttpResponseRedirect(f"{request.path}?{urlencode(query)}", status=303)
    if "SAMLResponse" in request.GET:
        expected = request.session.pop(SAML_LOGOUT_REQUEST_KEY, None)
        if not expected or read(request.GET["SAMLResponse"], "LogoutResponse") != expected:
            return refused(_("Not an answer to a logout request of this browser."))
    elif "SAMLRequest" in request.GET:
        if "Signature" not in request.GET:
            return refused(_("Logout requests must be signed."))
        signed_in_as = (request.session.get(LOGOUT_KEY) or {}).get("name_id")
        if not signed_in_as or read(request.GET["SAMLRequest"], "LogoutRequest") != signed_in_as:
            return refused(_("A logout request about someone else."))
    return allauth_saml.sls(request, organization_slug)


def refused(reason) -> HttpResponseBadRequest:
    logger.warning("SAML logout message refused: %s", reason)
    return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")


def read(message: str, kind: str) -> str | None:
    """What a base64 (deflated or not) logout message says: the request a LogoutResponse
    answers (InResponseTo), the person a LogoutRequest is about (NameID); None if it is
    not that kind of message."""
    try:
        xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(message, ignore_zip=True)
        root = OneLogin_Saml2_XML.to_etree(xml)
    except Exception:
        return None
    if root is None or not root.tag.endswith("}" + kind):
        return None
    if kind == "LogoutResponse":
        return root.get("InResponseTo")
    name_id = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}NameID")
    return name_id.text.strip() if name_id is not None and name_id.text else None
