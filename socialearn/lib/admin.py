"""Admin helpers shared by the apps."""

from __future__ import annotations

from socialearn.lib.markdown import render_markdown


class MarkdownAdminMixin:
    """Admins edit the Markdown source; its stored HTML is rendered again on save."""

    markdown_fields: dict[str, str] = {"body": "body_html"}

    def save_model(self, request, obj, form, change):
        for source, html in self.markdown_fields.items():
            setattr(obj, html, render_markdown(getattr(obj, source)))
        super().save_model(request, obj, form, change)
