from __future__ import annotations

from allauth.socialaccount.models import SocialApp
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sso import presets

FIELD_LABELS = {
    "display_name": _("Claim for the name"),
    "job_title": _("Claim for the job title"),
    "department": _("Claim for the department"),
    "team": _("Claim for the team"),
    "location": _("Claim for the location"),
    "manager": _("Claim for the manager's email"),
}


class ConnectionForm(forms.ModelForm):
    """A single sign-on connection in the admin: a preset and what the identity provider
    gave you, turned into the settings of one allauth social application (sso.presets)."""

    preset = forms.ChoiceField(label=_("Identity provider"), choices=presets.PRESET_CHOICES)
    server_url = forms.URLField(
        label=_("Issuer URL"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "OpenID Connect: the issuer, such as https://acme.okta.com or "
            "https://acme.okta.com/oauth2/default. Not needed for Entra ID (give the tenant) "
            "or Google."
        ),
    )
    tenant = forms.CharField(
        label=_("Entra tenant"),
        required=False,
        help_text=_("Entra ID: the directory (tenant) ID or its primary domain."),
    )
    allowed_domains = forms.CharField(
        label=_("Allowed email domains"),
        required=False,
        help_text=_(
            "Only people with an address at these domains may sign in through this "
            "connection, separated by commas or spaces. Empty: any."
        ),
    )
    trust_email = forms.BooleanField(
        label=_("Trust this provider's email addresses"),
        required=False,
        help_text=_(
            "Treat the addresses it asserts (of the allowed domains) as verified, so an "
            "existing account with the same address is linked. Only for a provider the "
            "company runs, whose directory alone sets email addresses."
        ),
    )
    idp_metadata_url = forms.URLField(
        label=_("SAML metadata URL"), required=False, assume_scheme="https"
    )
    idp_entity_id = forms.CharField(label=_("SAML entity ID (issuer)"), required=False)
    idp_sso_url = forms.URLField(label=_("SAML sign-on URL"), required=False, assume_scheme="https")
    idp_slo_url = forms.URLField(label=_("SAML logout URL"), required=False, assume_scheme="https")
    idp_x509cert = forms.CharField(
        label=_("SAML signing certificate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("PEM, from the identity provider's metadata or its SAML settings."),
    )

    class Meta:
        model = SocialApp
        fields = ["name", "provider_id", "client_id", "secret"]
        labels = {
            "provider_id": _("Connection ID"),
            "client_id": _("Client ID"),
            "secret": _("Client secret"),
        }
        help_texts = {
            "name": _("Shown on the sign-in button: “Sign in with …”."),
            "provider_id": _(
                "Lowercase letters, digits and dashes; part of the redirect URL, so do not "
                "change it once the provider knows it."
            ),
            "client_id": _("OpenID Connect: the application (client) ID. Not used by SAML."),
        }
        # The secret is never sent back to the browser; left empty, the saved one stays.
        widgets = {"secret": forms.PasswordInput(render_value=False)}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # (A view-only admin gets a form without these fields.)
        if "provider_id" in self.fields:
            self.fields["provider_id"].required = True
        if "client_id" in self.fields:
            self.fields["client_id"].required = False
        if "secret" in self.fields:
            self.fields["secret"].required = False
            if self.instance.pk and self.instance.secret:
                self.fields["secret"].help_text = _("Saved. Leave empty to keep it.")
        saved = self.instance.settings or {}
        if saved.get("preset"):
            idp = saved.get("idp") or {}
            self.initial.update(
                preset=saved["preset"],
                server_url=saved.get("server_url", ""),
                allowed_domains=", ".join(saved.get("allowed_domains") or []),
                trust_email=bool(saved.get("verified_email")),
                idp_metadata_url=idp.get("metadata_url", ""),
                idp_entity_id=idp.get("entity_id", ""),
                idp_sso_url=idp.get("sso_url", ""),
                idp_slo_url=idp.get("slo_url", ""),
                idp_x509cert=idp.get("x509cert", ""),
            )
            for field, claim in (saved.get("claims") or {}).items():
                self.initial[f"claim_{field}"] = claim or "-"

    def clean_secret(self) -> str:
        return self.cleaned_data.get("secret") or (self.instance.secret if self.instance.pk else "")

    def clean_provider_id(self) -> str:
        value = self.cleaned_data["provider_id"].strip()
        if not presets.CONNECTION_ID.match(value):
            raise ValidationError(_("Use lowercase letters, digits and dashes (up to 40)."))
        others = SocialApp.objects.filter(provider_id=value).exclude(pk=self.instance.pk)
        in_environment = {
            app.get("provider_id")
            for provider in settings.SOCIALACCOUNT_PROVIDERS.values()
            for app in provider.get("APPS", [])
        }
        if others.exists() or value in in_environment:
            raise ValidationError(_("Another connection has this ID."))
        return value

    def clean(self):
        cleaned = super().clean()
        preset = cleaned.get("preset")
        if not preset or ("provider_id" in self.fields and "provider_id" not in cleaned):
            return cleaned
        claims = {}
        for field in presets.PROFILE_FIELDS:
            value = (cleaned.get(f"claim_{field}") or "").strip()
            if value:
                claims[field] = "" if value == "-" else value
        options = {
            "server_url": cleaned.get("server_url"),
            "tenant": cleaned.get("tenant"),
            "allowed_domains": cleaned.get("allowed_domains") or "",
            "trust_email": cleaned.get("trust_email"),
            "claims": claims,
        }
        if cleaned.get("idp_metadata_url"):
            options["idp"] = {
                "metadata_url": cleaned["idp_metadata_url"],
                "entity_id": cleaned.get("idp_entity_id"),
            }
        else:
            options["idp"] = {
                key: cleaned.get(f"idp_{key}")
                for key in ("entity_id", "sso_url", "slo_url", "x509cert")
            }
        try:
            self.connection_settings = presets.connection_settings(
                preset=preset, options=options, allow_http=settings.SSO_ALLOW_HTTP
            )
        except presets.ConfigError as e:
            raise ValidationError(e.translated()) from None
        provider = presets.PRESETS[preset]["provider"]
        if provider == presets.OIDC and not cleaned.get("client_id"):
            self.add_error("client_id", _("OpenID Connect needs the client ID."))
        return cleaned

    def save(self, commit=True):
        app = self.instance
        preset = self.cleaned_data["preset"]
        app.provider = presets.PRESETS[preset]["provider"]
        if app.provider == presets.SAML:
            # allauth's SAML URLs carry the client id: /accounts/saml/<id>/acs/.
            app.client_id = app.provider_id
        # The form's keys are replaced (a switched-off option goes); keys an admin set by
        # hand (allauth's "hidden", say) stay.
        kept = {k: v for k, v in (app.settings or {}).items() if k not in presets.MANAGED_KEYS}
        app.settings = {**kept, **self.connection_settings}
        return super().save(commit=commit)


# One field per profile field the directory can fill: "claim_job_title", …
for _field in presets.PROFILE_FIELDS:
    ConnectionForm.base_fields[f"claim_{_field}"] = ConnectionForm.declared_fields[
        f"claim_{_field}"
    ] = forms.CharField(
        label=FIELD_LABELS[_field],
        required=False,
        help_text=_("Empty: the preset's claim (see docs/sso.md); “-”: do not fill."),
    )
