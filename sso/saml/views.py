from __future__ import annotations

from allauth.socialaccount.providers.saml import views as allauth_saml
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
@login_not_required
def sls(request, organization_slug):
    """allauth's single logout service, also taking the identity provider's answer to our
    logout request (a LogoutResponse) by HTTP-POST, as some providers send it, besides
    HTTP-Redirect: python3-saml reads these messages from the query only. A LogoutRequest
    from the provider (its own logout of everyone) is still taken by redirect only."""
    if request.method == "POST" and "SAMLResponse" in request.POST:
        request.GET = request.POST.copy()
    return allauth_saml.sls(request, organization_slug)
