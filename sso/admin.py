"""Single sign-on connections in the admin: allauth's social applications, edited through
a form of presets and plain fields (sso.forms) instead of raw JSON settings."""

from __future__ import annotations

from allauth.socialaccount.admin import SocialAppAdmin
from allauth.socialaccount.models import SocialApp
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from sso import presets
from sso.forms import ConnectionForm


class ConnectionAdmin(SocialAppAdmin):
    form = ConnectionForm
    list_display = ("name", "provider_id", "provider", "domains")
    readonly_fields = ("addresses",)
    fieldsets = [
        (None, {"fields": ["preset", "name", "provider_id", "addresses"]}),
        (_("OpenID Connect"), {"fields": ["server_url", "tenant", "client_id", "secret"]}),
        (
            _("SAML 2.0"),
            {
                "fields": [
                    "idp_metadata_url",
                    "idp_entity_id",
                    "idp_sso_url",
                    "idp_slo_url",
                    "idp_x509cert",
                ]
            },
        ),
        (_("Who may sign in"), {"fields": ["allowed_domains", "trust_email"]}),
        (
            _("Profile fields from the directory"),
            {"fields": [f"claim_{field}" for field in presets.PROFILE_FIELDS]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fieldsets
        # Someone who may only look is never shown the client secret.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "secret"]})
            for name, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # The ID is in the addresses the provider knows and in every linked account.
        return ("provider_id", "addresses") if obj else ("addresses",)

    @admin.display(description=_("Allowed domains"))
    def domains(self, app) -> str:
        return ", ".join(app.settings.get("allowed_domains") or []) or "—"

    @admin.display(description=_("Addresses to give the identity provider"))
    def addresses(self, app) -> str:
        """Redirect URI (OIDC) or metadata, ACS and logout URLs (SAML), for this site."""
        if not app.pk:
            return _("Shown once the connection is saved.")
        try:
            if app.provider == presets.OIDC:
                rows = [
                    (_("Redirect URI"), reverse("openid_connect_callback", args=[app.provider_id])),
                    (_("Post-logout redirect URI"), reverse("signed_out")),
                ]
            else:
                rows = [
                    (_("SP metadata (entity ID)"), reverse("saml_metadata", args=[app.client_id])),
                    (
                        _("Assertion consumer service (ACS)"),
                        reverse("saml_acs", args=[app.client_id]),
                    ),
                    (_("Single logout service"), reverse("saml_sls", args=[app.client_id])),
                ]
        except NoReverseMatch:
            return "—"
        # Paths on this site's address (https://learn.example.com/accounts/…).
        return format_html_join("", "<div>{}: <code>{}</code></div>", rows)


admin.site.unregister(SocialApp)
admin.site.register(SocialApp, ConnectionAdmin)
