"""A small web browser for the single sign-on tests: a requests session that keeps
cookies, follows redirects and fills in and submits the HTML forms of the pages it gets
(our login page, the identity providers' sign-in pages, the SAML auto-post form), as a
person's browser would without JavaScript."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action", ""),
                    "method": attrs.get("method", "get"),
                    "fields": {},
                }
            )
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            if tag == "button":
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class Browser:
    def __init__(self) -> None:
        self.session = requests.Session()

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(url, timeout=30, **kwargs)

    def submit(
        self, page: requests.Response, *, action: str = "", data: dict | None = None, **kwargs
    ) -> requests.Response:
        """Submit the page's form whose action contains `action` (the first form when
        empty), with its own fields and `data` over them."""
        forms = [f for f in forms_of(page.text) if action in f["action"]]
        assert forms, f"no form with action {action!r} on {page.url}:\n{page.text[:2000]}"
        form = forms[0]
        target = urljoin(page.url, form["action"] or page.url)
        fields = {**form["fields"], **(data or {})}
        if form["method"].lower() == "post":
            return self.session.post(target, data=fields, timeout=30, **kwargs)
        return self.session.get(target, params=fields, timeout=30, **kwargs)
