from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/healthz"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script(client_for, outsider):
    html = client_for(outsider).get(reverse("home")).content.decode()
    assert "<script>" not in html
    assert " style=" not in html


def test_state_changes_need_the_csrf_token(outsider, open_group):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    response = client.post(reverse("groups:join", args=[open_group.slug]))
    assert response.status_code == 403
    response = client.post(reverse("groups:join", args=[open_group.slug]), HTTP_HX_REQUEST="true")
    assert response.status_code == 403
