from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _any_host(settings):
    # The live server is reached as 127.0.0.1 (SAML refuses one-label names like localhost).
    settings.ALLOWED_HOSTS = ["*"]
