"""Single sign-on connections: the presets for the usual identity providers, and how a
connection described by an admin (in the Django admin) or by infrastructure code (the
SSO_CONNECTIONS environment variable) becomes the settings of one allauth social app.

Plain Python: settings.py reads the environment through this module at start-up.

A connection's settings (allauth's SocialApp.settings) hold allauth's own keys
(server_url, oauth_pkce_enabled, scope, verified_email, idp, attribute_mapping, advanced)
and ours:
    preset            which preset it was made from (entra, okta, google, oidc, saml)
    allowed_domains   the email domains it may sign in ([]: any)
    claims            profile field -> claim (OIDC) or attribute (SAML) name
    email_verified_claim  the claim saying the provider verified the email (OIDC)
"""

from __future__ import annotations

import json
import re
from pathlib import Path


def gettext_noop(message: str) -> str:
    """Marks a message for translation (the admin form translates it, see ConfigError);
    Django's gettext_noop would need the settings this module helps to build."""
    return message


OIDC = "openid_connect"
SAML = "saml"

# The profile fields a connection may fill, in the order the admin form shows them.
PROFILE_FIELDS = ("display_name", "job_title", "department", "team", "location", "manager")

# Claims of the test and generic providers: the OpenID standard ones plus directory
# fields under plain names. "manager" is the manager's email address.
GENERIC_CLAIMS = {
    "display_name": "name",
    "job_title": "job_title",
    "department": "department",
    "team": "team",
    "location": "office",
    "manager": "manager_email",
}

PRESETS: dict[str, dict] = {
    "entra": {
        "provider": OIDC,
        "label": "Microsoft Entra ID",
        # https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration
        "server_url": "https://login.microsoftonline.com/{tenant}/v2.0",
        # Entra's "email" claim is whatever the directory holds; the optional claim
        # xms_edov says whether the email's domain is verified by the tenant.
        "email_verified_claim": "xms_edov",
        "claims": {
            "display_name": "name",
            "job_title": "jobtitle",
            "department": "department",
            "team": "",
            "location": "officelocation",
            "manager": "manager_email",
        },
    },
    "okta": {
        "provider": OIDC,
        "label": "Okta",
        # The org's authorization server, or a custom one (…/oauth2/default).
        "server_url": "",
        "email_verified_claim": "email_verified",
        "claims": {
            "display_name": "name",
            "job_title": "title",
            "department": "department",
            "team": "division",
            "location": "city",
            "manager": "manager_email",
        },
    },
    "google": {
        "provider": OIDC,
        "label": "Google Workspace",
        "server_url": "https://accounts.google.com",
        "email_verified_claim": "email_verified",
        # The Workspace an account belongs to: it must be one of the allowed domains.
        "hosted_domain_claim": "hd",
        # Google's tokens carry no directory fields: only the name is filled.
        "claims": {"display_name": "name"},
    },
    "oidc": {
        "provider": OIDC,
        "label": "OpenID Connect",
        "server_url": "",
        "email_verified_claim": "email_verified",
        "claims": GENERIC_CLAIMS,
    },
    "saml": {
        "provider": SAML,
        "label": "SAML 2.0",
        "claims": {
            "display_name": "displayName",
            "job_title": "title",
            "department": "department",
            "team": "team",
            "location": "office",
            "manager": "managerEmail",
        },
        # allauth's own mapping (account id, email, names); several names are tried.
        "attribute_mapping": {
            "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id", "uid"],
            "email": [
                "email",
                "urn:oid:0.9.2342.19200300.100.1.3",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            ],
            "first_name": [
                "firstName",
                "urn:oid:2.5.4.42",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
            ],
            "last_name": [
                "lastName",
                "urn:oid:2.5.4.4",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
            ],
        },
    },
}

# The settings keys connection_settings() writes (the admin form replaces them all).
MANAGED_KEYS = frozenset(
    {"preset", "allowed_domains", "claims", "verified_email", "server_url", "oauth_pkce_enabled",
     "scope", "email_verified_claim", "hosted_domain_claim", "auth_params", "idp",
     "attribute_mapping", "advanced"}
)  # fmt: skip

PRESET_CHOICES = [(key, preset["label"]) for key, preset in PRESETS.items()]

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
CONNECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class ConfigError(ValueError):
    """A connection description that cannot be used, with a message saying why: in
    English (start-up errors) and, for the admin form, translated."""

    def __init__(self, message: str, **params) -> None:
        self.message, self.params = message, params
        super().__init__(message % params if params else message)

    def translated(self) -> str:
        from django.utils.translation import gettext

        text = gettext(self.message)
        return text % self.params if self.params else text


def domains_clean(domains) -> list[str]:
    """["@Contoso.com", " fabrikam.com"] -> ["contoso.com", "fabrikam.com"]; bad ones raise."""
    if isinstance(domains, str):
        domains = re.split(r"[\s,]+", domains)
    cleaned: list[str] = []
    for domain in domains or []:
        domain = str(domain).strip().lower().lstrip("@")
        if not domain:
            continue
        if not _DOMAIN.match(domain):
            raise ConfigError(
                gettext_noop("%(domain)s is not an email domain."), domain=repr(domain)
            )
        if domain not in cleaned:
            cleaned.append(domain)
    return cleaned


def connection_settings(*, preset: str, options: dict, allow_http: bool = False) -> dict:
    """The settings of an allauth app for this preset and these options.

    The provider's addresses must be https unless allow_http (development and tests):
    its keys and metadata, which everything else is checked with, come from them.

    options: server_url or tenant (OIDC), allowed_domains, claims (field -> name,
    overriding the preset's), trust_email, and for SAML idp ({entity_id, sso_url, x509cert,
    slo_url} or {metadata_url, entity_id}) and attributes (allauth's attribute_mapping).
    """
    if preset not in PRESETS:
        raise ConfigError(
            gettext_noop("Unknown preset %(preset)s: use one of %(presets)s."),
            preset=repr(preset),
            presets=", ".join(PRESETS),
        )
    base = PRESETS[preset]
    domains = domains_clean(options.get("allowed_domains", []))
    claims = {**dict.fromkeys(PROFILE_FIELDS, ""), **base["claims"]}
    for field, name in (options.get("claims") or {}).items():
        if field not in PROFILE_FIELDS:
            raise ConfigError(
                gettext_noop("%(field)s is not a profile field: use %(fields)s."),
                field=repr(field),
                fields=", ".join(PROFILE_FIELDS),
            )
        claims[field] = str(name or "").strip()
    settings: dict = {"preset": preset, "allowed_domains": domains, "claims": claims}
    if base["provider"] == SAML:
        # SAML says nothing of whether an address is verified: the company's IdP signs
        # the addresses of its directory, so those of the allowed domains are trusted,
        # and a SAML connection must list its domains.
        if not domains:
            raise ConfigError(gettext_noop("A SAML connection needs its allowed email domains."))
        settings["verified_email"] = domains
    elif options.get("trust_email"):
        if not domains:
            raise ConfigError(
                gettext_noop("Trusting a provider's email addresses needs allowed domains.")
            )
        # allauth treats these addresses as verified (its "verified_email" setting).
        settings["verified_email"] = domains
    scheme = r"https?" if allow_http else r"https"

    def check_url(url: str) -> str:
        if url and not re.match(rf"^{scheme}://[^\s/]+", url):
            raise ConfigError(gettext_noop("%(url)s is not an https address."), url=repr(url[:200]))
        return url

    if base["provider"] == OIDC:
        server_url = str(options.get("server_url") or "").strip()
        if not server_url and "{tenant}" in base.get("server_url", ""):
            tenant = str(options.get("tenant") or "").strip()
            if not re.fullmatch(r"[A-Za-z0-9.-]{1,100}", tenant):
                raise ConfigError(gettext_noop("Give the tenant (directory) ID or domain."))
            server_url = base["server_url"].format(tenant=tenant)
        server_url = server_url or base.get("server_url", "")
        check_url(server_url)
        if not server_url:
            raise ConfigError(
                gettext_noop("Give the issuer URL, such as https://login.example.com.")
            )
        settings.update(
            server_url=server_url.rstrip("/"),
            oauth_pkce_enabled=True,
            scope=["openid", "profile", "email"],
            email_verified_claim=options.get("email_verified_claim")
            or base["email_verified_claim"],
        )
        if base.get("hosted_domain_claim"):
            settings["hosted_domain_claim"] = base["hosted_domain_claim"]
        if preset == "google" and len(domains) == 1:
            # Google shows the Workspace accounts of this domain first (the domain is
            # still checked on return: "hd" is only a hint).
            settings["auth_params"] = {"hd": domains[0]}
    else:
        idp = options.get("idp") or {}
        if idp.get("metadata_url"):
            idp = {
                "metadata_url": str(idp["metadata_url"]).strip(),
                "entity_id": str(idp.get("entity_id") or "").strip(),
            }
            if not idp["entity_id"]:
                raise ConfigError(gettext_noop("Give the identity provider's entity ID."))
        else:
            missing = [k for k in ("entity_id", "sso_url", "x509cert") if not idp.get(k)]
            if missing:
                raise ConfigError(
                    gettext_noop(
                        "Give the identity provider's metadata URL, or its entity ID, "
                        "sign-on URL and signing certificate."
                    )
                )
            idp = {k: str(v).strip() for k, v in idp.items() if k in _IDP_KEYS and v}
        for key in ("metadata_url", "sso_url", "slo_url"):
            check_url(idp.get(key, ""))
        settings.update(
            idp=idp,
            attribute_mapping=options.get("attributes") or base["attribute_mapping"],
            advanced={
                "strict": True,
                "want_assertion_signed": True,
                "want_message_signed": False,
                "reject_idp_initiated_sso": True,
                "reject_deprecated_algorithm": True,
                "allow_single_label_domains": bool(options.get("allow_single_label_domains")),
            },
        )
    return settings


_IDP_KEYS = ("entity_id", "sso_url", "slo_url", "x509cert")


def apps_from_config(connections: list, *, allow_http: bool = False) -> dict:
    """SSO_CONNECTIONS (a JSON list) -> SOCIALACCOUNT_PROVIDERS' "APPS" per provider.

    Each connection: {"id", "name", "preset", "client_id", "secret", ...options}.
    """
    if not isinstance(connections, list):
        raise ConfigError("SSO_CONNECTIONS must be a JSON list of connections.")
    apps: dict[str, list] = {OIDC: [], SAML: []}
    seen: set[str] = set()
    for number, conn in enumerate(connections, 1):
        where = f"SSO connection {number}"
        if not isinstance(conn, dict):
            raise ConfigError(f"{where} must be a JSON object.")
        conn_id = str(conn.get("id") or "")
        if not CONNECTION_ID.match(conn_id):
            raise ConfigError(
                f"{where}: give an id of lowercase letters, digits and dashes (it is in "
                "the redirect URL)."
            )
        if conn_id in seen:
            raise ConfigError(f"{where}: the id {conn_id!r} is used twice.")
        seen.add(conn_id)
        preset = str(conn.get("preset") or "")
        try:
            settings = connection_settings(preset=preset, options=conn, allow_http=allow_http)
        except ConfigError as e:
            raise ConfigError("%(where)s (%(id)s): %(e)s", where=where, id=conn_id, e=e) from None
        provider = PRESETS[preset]["provider"]
        name = str(conn.get("name") or PRESETS[preset]["label"])
        if provider == OIDC:
            if not conn.get("client_id"):
                raise ConfigError(f"{where} ({conn_id}): give its client_id.")
            app = {
                "provider_id": conn_id,
                "name": name,
                "client_id": str(conn["client_id"]),
                "secret": str(conn.get("secret") or ""),
                "settings": settings,
            }
        else:
            # allauth's SAML URLs carry the client id: /accounts/saml/<id>/acs/.
            app = {"provider_id": conn_id, "name": name, "client_id": conn_id, "settings": settings}
        apps[provider].append(app)
    return apps


def load(*, text: str = "", path: str = "", allow_http: bool = False) -> dict:
    """The connections in SSO_CONNECTIONS (JSON) or in the file SSO_CONNECTIONS_FILE."""
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"SSO_CONNECTIONS_FILE cannot be read: {e}") from None
    if not text.strip():
        return {OIDC: [], SAML: []}
    try:
        connections = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"SSO_CONNECTIONS is not valid JSON: {e}") from None
    return apps_from_config(connections, allow_http=allow_http)
