"""Sign-in and sign-out pages with single sign-on: the login page (its company buttons,
and in SSO-only mode no password and zero clicks), the break-glass password sign-in for
superusers, and the signed-out page with the identity provider's own logout."""

from __future__ import annotations

import functools
import logging
from urllib.parse import urlsplit

from allauth.account import views as account_views
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.forms import LoginForm
from allauth.account.utils import get_next_redirect_url
from allauth.account.views import LoginView as AllauthLoginView
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import MultipleObjectsReturned, ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from onelogin.saml2.errors import OneLogin_Saml2_Error
from requests import RequestException

from socialearn.lib.ratelimit import allow, too_many
from sso import services
from sso.presets import OIDC, SAML
from sso.services import LOGOUT_OFFER_KEY

logger = logging.getLogger(__name__)


def connections(request) -> list:
    """The sign-in connections shown on the login page (OIDC and SAML apps, admin- and
    environment-defined), in name order."""
    apps = get_social_adapter().list_apps(request)
    apps = [a for a in apps if a.provider in (OIDC, SAML) and not a.settings.get("hidden")]
    return sorted(apps, key=lambda a: (a.name or "").casefold())


def origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def allow_forms_to_providers(response, apps):
    """The buttons post to this site, which answers with a redirect to the provider: the
    Content-Security-Policy's form-action must allow the provider's address too (browsers
    check it on the redirect of a form submission)."""
    origins = set()
    for app in apps:
        idp = app.settings.get("idp") or {}
        for url in (app.settings.get("server_url"), idp.get("sso_url"), idp.get("slo_url"),
                    idp.get("metadata_url")):  # fmt: skip
            if found := origin(url):
                origins.add(found)
    if origins:
        response._csp_update = {"form-action": sorted(origins)}
    return response


def provider_buttons(request, apps) -> list[dict]:
    return [
        {"name": app.name, "url": app.get_provider(request).get_login_url(request)} for app in apps
    ]


@method_decorator(login_not_required, name="dispatch")
class LoginView(AllauthLoginView):
    """allauth's login page with the company's sign-in buttons first.

    In SSO-only mode there is no password form, a password POST is refused, and with one
    connection the page sends the browser straight to it (zero clicks), carrying `next`
    (allauth keeps only a next on this site).
    """

    template_name = "account/login.html"

    def dispatch(self, request, *args, **kwargs):
        if settings.SSO_ONLY and not request.user.is_authenticated:
            if request.method == "POST":
                return render(request, "sso/password_off.html", status=403)
            apps = connections(request)
            if len(apps) == 1 and "choose" not in request.GET:
                provider = apps[0].get_provider(request)
                return provider.redirect(
                    request, process="login", next_url=get_next_redirect_url(request)
                )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.apps = connections(self.request)
        context["sso_buttons"] = provider_buttons(self.request, self.apps)
        context["sso_only"] = settings.SSO_ONLY
        context["signup_open"] = get_account_adapter(self.request).is_open_for_signup(self.request)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return allow_forms_to_providers(response, self.apps)


login = LoginView.as_view()


class BreakGlassLoginForm(LoginForm):
    """allauth's email and password sign-in, for superusers only (the same message as a
    wrong password for everyone else: it tells nothing about an account)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No "Forgot your password?": resetting is off in SSO-only mode (use
        # `manage.py changepassword`).
        self.fields["password"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and not self.user.is_superuser:
            logger.warning("Break-glass sign-in refused for a non-superuser account")
            raise ValidationError(
                _("The email address and/or password you specified are not correct.")
            )
        return cleaned


@method_decorator(login_not_required, name="dispatch")
class BreakGlassView(AllauthLoginView):
    """Password sign-in for administrators when single sign-on is down or misconfigured.
    Its own URL, not linked from anywhere. Rate limited per account asked for (behind a
    proxy every request comes from the proxy's address, so a limit per address would let
    anyone lock every administrator out), on top of allauth's own limit on failed
    sign-ins; give the break-glass account an address that is not published."""

    form_class = BreakGlassLoginForm
    template_name = "sso/break_glass.html"

    def get_form_class(self):
        return BreakGlassLoginForm

    def post(self, request, *args, **kwargs):
        login = " ".join(request.POST.get("login", "").split()).casefold()[:254]
        if not allow(action="break_glass", key=login):
            return too_many(request, "break_glass")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Straight in: not through allauth's email verification, which would wait for a
        # mail server that may be what is broken.
        auth_login(self.request, form.user, backend=settings.AUTHENTICATION_BACKENDS[0])
        return HttpResponseRedirect(get_next_redirect_url(self.request) or reverse("home"))


break_glass = BreakGlassView.as_view()


@login_not_required
@require_GET
def signed_out(request):
    """Where logging out lands: not the login page, which in SSO-only mode would sign the
    person straight back in through the provider's still-open session."""
    if request.user.is_authenticated:
        return HttpResponseRedirect(reverse("home"))
    offer = request.session.get(LOGOUT_OFFER_KEY)
    response = render(request, "sso/signed_out.html", {"offer": offer})
    return allow_forms_to_providers(response, connections(request)) if offer else response


@login_not_required
@require_POST
def provider_logout(request):
    """Also end the session at the identity provider (OIDC RP-initiated logout, SAML
    single logout), when the provider supports it."""
    offer = request.session.pop(LOGOUT_OFFER_KEY, None)
    back = request.build_absolute_uri(reverse("signed_out"))
    if not offer:
        return HttpResponseRedirect(back)
    try:
        url = services.provider_logout_url(request, offer, back)
    except (
        LookupError,
        SocialApp.DoesNotExist,
        MultipleObjectsReturned,
        OAuth2Error,
        RequestException,
        OneLogin_Saml2_Error,
        ValueError,
    ) as e:
        # The provider's logout is an extra: the local session is already over.
        logger.warning("SSO provider logout unavailable: %s", e)
        return render(request, "sso/signed_out.html", {"offer": None, "provider_failed": True})
    return HttpResponseRedirect(url or back)


@login_not_required
def password_off(request, *args, **kwargs):
    """Password pages (reset, set) in SSO-only mode: passwords are the company's."""
    return render(request, "sso/password_off.html", status=403)


def unless_sso_only(view):
    """A password page (reset, set, change) that SSO-only mode turns off for everyone but
    superusers (who can also use `manage.py changepassword`)."""

    def wrapper(request, *args, **kwargs):
        if settings.SSO_ONLY and not request.user.is_superuser:
            return password_off(request)
        return view(request, *args, **kwargs)

    wrapper.login_required = getattr(view, "login_required", True)
    return wrapper


def email_addresses(request, *args, **kwargs):
    """allauth's email addresses page, except for an account whose address the company
    directory manages: its address comes from single sign-on only (an address added here
    could otherwise be matched to someone else's first sign-in)."""
    profile = getattr(request.user, "profile", None)
    if profile is not None and "email" in profile.sso_managed_fields:
        return render(request, "sso/email_managed.html")
    return account_views.email(request, *args, **kwargs)


def one_account_per_person(view):
    """A sign-in view (OIDC callback, SAML ACS finish) where two first sign-ins of the same
    person at the same instant both try to create their account: the database keeps one,
    and the other sign-in gets the "try again" page (which then finds that account)
    instead of a server error."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IntegrityError:
            logger.warning("SSO sign-in lost a race to create the same account; asked to retry")
            return render(
                request,
                "socialaccount/authentication_error.html",
                {"auth_error": {"code": "unknown"}},
                status=409,
            )

    return wrapper


def forms_may_leave_for_providers(view):
    """A page whose forms post to a provider's sign-in (allauth's connected accounts
    page): see allow_forms_to_providers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        return allow_forms_to_providers(response, connections(request))

    return wrapper
