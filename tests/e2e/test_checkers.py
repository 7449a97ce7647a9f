"""The page checks themselves must catch what they are there for."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AXE_OPTIONS, PageChecks, html_errors

pytestmark = pytest.mark.e2e

BROKEN = """<!DOCTYPE html><html><head><title>x</title></head><body>
<main><img src="a.png"><input type="text"><p style="color:#bbb">faint</p>
<span hx-post="/x">bad attribute</span></main></body></html>"""


def test_axe_reports_serious_problems(page):
    page.set_content(BROKEN)
    violations = PageChecks().axe.run(page, options=AXE_OPTIONS).response["violations"]
    found = {v["id"] for v in violations if v["impact"] in {"serious", "critical"}}
    assert {"image-alt", "label", "color-contrast"} <= found


def test_the_html_checker_reports_errors(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(BROKEN)
    errors = html_errors([path])
    assert any("hx-post" in e for e in errors)
