"""Real identity providers for the single sign-on tests (tests/sso, tests/e2e), each a Node
process on 127.0.0.1 started once per test session (tools/node: oidc-idp.mjs on
node-oidc-provider, saml-idp.cjs on saml-idp), and the live server they send people back
to. A pytest plugin (tests/conftest.py): tests marked `idp` are skipped, saying why, when
Node or the providers' packages are missing."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from allauth.socialaccount.models import SocialApp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sso import presets

ROOT = Path(__file__).resolve().parents[1]
NODE_TOOLS = ROOT / "tools/node"
NODE = shutil.which("node")

# Each of these clients gets an ID token that is wrong in one way (tools/node/oidc-idp.mjs).
FAULTS = ("audience", "expired", "issuer", "nonce", "signature", "userinfo")

OIDC_ACCOUNTS = {
    "ada": {
        "email": "ada@example.com", "email_verified": True, "name": "Ada Lovelace",
        "given_name": "Ada", "family_name": "Lovelace", "department": "Research",
        "job_title": "Analyst", "office": "London", "team": "Engines",
        "manager_email": "grace@example.com",
    },
    # Claims an address that a local account holds, without the provider verifying it.
    "mallory": {"email": "victor@example.com", "email_verified": False, "name": "Mallory"},
    # The same address, verified by the provider.
    "victor": {"email": "victor@example.com", "email_verified": True, "name": "Victor Vance",
               "department": "Sales"},
    "outsider": {"email": "olga@elsewhere.org", "email_verified": True, "name": "Olga Out"},
    "leaver": {"email": "leaver@example.com", "email_verified": True, "name": "Lee Ver"},
}  # fmt: skip


def pytest_collection_modifyitems(config, items):
    missing = []
    if not NODE:
        missing.append("node (apt-get install -y nodejs npm)")
    if not (NODE_TOOLS / "node_modules/oidc-provider").exists():
        missing.append("the test identity providers (make node-tools)")
    if not missing:
        return
    skip = pytest.mark.skip(reason=f"Needs {' and '.join(missing)}; CI installs them")
    for item in items:
        if item.get_closest_marker("idp"):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], env: dict, ready_url: str, log: Path) -> subprocess.Popen:
    """Start a peer and wait for its discovery or metadata URL to answer."""
    out = log.open("w")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=NODE_TOOLS, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command} exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(ready_url, timeout=1).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"{command} did not answer at {ready_url}: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def site(live_server) -> str:
    """The live server by IP (SAML refuses single-label host names such as localhost)."""
    return live_server.url.replace("localhost", "127.0.0.1")


@pytest.fixture(scope="session")
def oidc_idp(site, tmp_path_factory):
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    clients = [
        {
            "client_id": client_id,
            "client_secret": f"{client_id}-secret",
            "redirect_uris": [f"{site}/accounts/oidc/{client_id}/login/callback/"],
            "post_logout_redirect_uris": [f"{site}/accounts/signed-out/"],
            "fault": fault,
        }
        for client_id, fault in [
            ("corp", None),
            ("corp2", None),
            *((f"corp-{f}", f) for f in FAULTS),
        ]
    ]
    env = {
        "OIDC_PORT": str(port),
        "OIDC_CLIENTS": json.dumps(clients),
        "OIDC_ACCOUNTS": json.dumps(OIDC_ACCOUNTS),
    }
    log = tmp_path_factory.mktemp("oidc") / "idp.log"
    process = start([NODE, "oidc-idp.mjs"], env, f"{issuer}/.well-known/openid-configuration", log)
    yield {"issuer": issuer, "log": log}
    stop(process)


def oidc_connection(oidc_idp, client_id: str = "corp", name: str = "Corp ID", **options):
    """A connection made the way the admin form makes it (the generic OIDC preset)."""
    settings = presets.connection_settings(
        preset="oidc",
        options={"server_url": oidc_idp["issuer"], "allowed_domains": ["example.com"], **options},
        allow_http=True,
    )
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=client_id,
        name=name,
        client_id=client_id,
        secret=f"{client_id}-secret",
        settings=settings,
    )


def signing_pair(directory: Path, name: str) -> tuple[Path, Path, str]:
    """An RSA key (PKCS#1 PEM) and a self-signed certificate for it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    cert_path.write_bytes(pem)
    return key_path, cert_path, pem.decode()


SAML_USER = {
    "userName": "sam@example.com",
    "nameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "email": "sam@example.com",
    "firstName": "Sam",
    "lastName": "Rivera",
    "displayName": "Sam Rivera",
    "title": "Learning Partner",
    "department": "People",
    "office": "Lisbon",
}


@pytest.fixture(scope="session")
def saml_idp(site, tmp_path_factory):
    directory = tmp_path_factory.mktemp("saml")
    key, cert, pem = signing_pair(directory, "idp")
    port = free_port()
    base = f"{site}/accounts/saml/corp-saml"
    env = {
        "SAML_PORT": str(port),
        "SAML_ACS_URL": f"{base}/acs/",
        "SAML_AUDIENCE": f"{base}/metadata/",
        "SAML_SLO_URL": f"{base}/sls/",
        "SAML_CERT": str(cert),
        "SAML_KEY": str(key),
        "SAML_USER": json.dumps(SAML_USER),
    }
    idp = f"http://127.0.0.1:{port}"
    process = start([NODE, "saml-idp.cjs"], env, f"{idp}/metadata", directory / "idp.log")
    yield {"url": idp, "cert": pem, "directory": directory, "log": directory / "idp.log"}
    stop(process)


def saml_connection(saml_idp, **options):
    settings = presets.connection_settings(
        preset="saml",
        options={
            "allowed_domains": ["example.com"],
            "idp": {
                "entity_id": f"{saml_idp['url']}/metadata",
                "sso_url": f"{saml_idp['url']}/saml/sso",
                "slo_url": f"{saml_idp['url']}/saml/slo",
                "x509cert": saml_idp["cert"],
            },
            **options,
        },
        allow_http=True,
    )
    return SocialApp.objects.create(
        provider="saml", provider_id="corp-saml", name="Corp SAML", client_id="corp-saml",
        settings=settings,
    )  # fmt: skip
