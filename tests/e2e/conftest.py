"""Browser journeys in Debian's Chromium, driven by Playwright, against the live server.

Every page a journey reaches is screenshotted (var/screenshots/), audited with axe-core
for WCAG 2.2 A/AA, and its HTML is checked with the W3C Nu HTML Checker in one call at
the end of the run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD, GroupFactory, MembershipFactory, ThreadFactory, UserFactory

# pytest-django's live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VNU_JAR = ROOT / "tools/node/node_modules/vnu-jar/build/dist/vnu.jar"
SCREENSHOTS = ROOT / "var/screenshots"
HTML_DIR = ROOT / "var/e2e-html"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (CI installs it)"
    )
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    # The live server answers as "localhost"; email verification is done in the fixtures.
    settings.ALLOWED_HOSTS = ["*"]


class PageChecks:
    """Collects what a journey saw: screenshots, axe violations, HTML for the checker."""

    def __init__(self) -> None:
        self.html: dict[str, str] = {}
        self.axe = Axe()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def see(self, page, name: str, *, audit: bool = True) -> None:
        """Screenshot the page, keep its served HTML, and fail on serious a11y problems."""
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        served = page.request.get(page.url)
        if served.ok and "text/html" in served.headers.get("content-type", ""):
            self.html[name] = served.text()
        if audit:
            results = self.axe.run(page, options=AXE_OPTIONS)
            serious = [
                v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
            ]
            assert not serious, f"{name} ({page.url}):\n" + "\n".join(
                f"- [{v['impact']}] {v['id']}: {v['help']} "
                f"({', '.join(n['target'][0] for n in v['nodes'][:5])})"
                for v in serious
            )


@pytest.fixture(scope="session")
def page_checks():
    checks = PageChecks()
    yield checks
    if not checks.html:
        return
    if HTML_DIR.exists():
        shutil.rmtree(HTML_DIR)
    HTML_DIR.mkdir(parents=True)
    files = []
    for name, html in checks.html.items():
        path = HTML_DIR / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.html"
        path.write_text(html)
        files.append(path)
    errors = html_errors(files)
    assert not errors, "HTML errors:\n" + "\n".join(errors)


def html_errors(files: list[Path]) -> list[str]:
    """Check files with the Nu HTML Checker in one call; one line per error."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail(
            "HTML checker missing: run 'npm ci' in tools/node (needs Java); "
            f"java={java}, vnu.jar={VNU_JAR.exists()}"
        )
    result = subprocess.run(  # noqa: S603 (fixed command on our own files)
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"- {Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


def make_person(email: str, name: str, **extra):
    user = UserFactory(email=email, display_name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def world(transactional_db):
    """A small company: two people, an open group with a conversation, a private group."""
    ana = make_person("ana@example.com", "Ana López")
    ben = make_person("ben@example.com", "Ben Okafor")
    python = GroupFactory(name="Python Guild", slug="python-guild",
                          description="Everyone who writes **Python**.")  # fmt: skip
    MembershipFactory(group=python, user=ana, role="owner")
    MembershipFactory(group=python, user=ben)
    ThreadFactory(group=python, author=ben, title="Which linter do you use?")
    GroupFactory(name="Security Champions", slug="security", visibility="private")
    return {"ana": ana, "ben": ben, "group": python}


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base_url}/")
