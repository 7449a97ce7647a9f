"""Rendering of reaction bars, shared by the thread page and the htmx reaction endpoint."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def render_reaction_bar(bar: Iterable, target: str, target_id: int, csrf_token) -> SafeString:
    """The reaction buttons of one thread or reply, as one small form.

    Built with plain string joins rather than a template: a thread page shows up to 21 of
    them. Every value is escaped; kinds, labels and emoji come from Reaction.Kind.
    """
    buttons = "".join(
        f'<button type="submit" name="kind" value="{escape(b.kind)}" '
        f'class="reaction{" is-mine" if b.mine else ""}" '
        f'aria-pressed="{"true" if b.mine else "false"}" title="{escape(b.label)}">'
        f'<span aria-hidden="true">{escape(b.emoji)}</span>'
        f'<span class="visually-hidden">{escape(b.label)}</span>'
        f"{_count(b.count)}"
        "</button>"
        for b in bar
    )
    url = _react_url()
    target, target_id, token = escape(target), int(target_id), escape(csrf_token or "")
    return mark_safe(  # noqa: S308 (every value above is escaped or an int)
        f'<form class="reactions" id="reactions-{target}-{target_id}" method="post" '
        f'action="{url}" data-hx-post="{url}" data-hx-target="this" data-hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<input type="hidden" name="target" value="{target}">'
        f'<input type="hidden" name="id" value="{target_id}">{buttons}</form>'
    )


def _count(n: int) -> str:
    return f' <span class="reaction-count">{int(n)}</span>' if n else ""


@functools.cache
def _react_url() -> str:
    return escape(reverse("discussions:react"))


@register.simple_tag(takes_context=True)
def reaction_bar(context, bar, target: str, target_id: int) -> SafeString:
    return render_reaction_bar(bar, target, target_id, context.get("csrf_token"))


def render_accept_button(thread_id: int, post_id: int, accepted: bool, csrf_token) -> SafeString:
    """ "Accept this answer" (or "Unaccept") under a reply, for the asker and moderators
    only: filled into the shared page of replies after the cache read."""
    url = reverse("discussions:accept", kwargs={"pk": int(thread_id)})
    token = escape(csrf_token or "")
    value = "" if accepted else str(int(post_id))
    label = escape(_("Unaccept this answer") if accepted else _("Accept this answer"))
    return mark_safe(  # noqa: S308 (every value above is escaped or an int)
        f'<form class="accept-form" method="post" action="{url}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<input type="hidden" name="post" value="{value}">'
        f'<button type="submit" class="btn btn-secondary btn-small">{label}</button></form>'
    )


def render_new_marker() -> SafeString:
    """The line above the first reply posted since the reader's last visit."""
    return format_html('<p class="new-marker" id="new">{}</p>', _("New since your last visit"))


def post_actions_renderer(access, thread, csrf_token):
    """A function (post id, author id, hidden) -> the links under a reply that this reader
    may use: quote, edit, suggest a correction, report, hide or show again (filled into
    the shared page of replies after the cache read). Addresses and labels are built once
    per page, not once per reply; every value is escaped or an int."""
    tid = int(thread.pk)
    thread_url = escape(thread.get_absolute_url())
    urls = {name: escape(reverse(f"discussions:{name}", kwargs={"pk": tid}))
            for name in ("edit", "correct", "flag", "hide")}  # fmt: skip
    labels = {key: escape(text) for key, text in (
        ("quote", _("Quote")), ("edit", _("Edit")), ("correct", _("Suggest a correction")),
        ("flag", _("Report")), ("hide", _("Hide")), ("show", _("Show again")),
    )}  # fmt: skip
    token = escape(csrf_token or "")
    locked, moderate = thread.is_locked, access.moderate
    can_quote = access.post and not locked

    def render(post_id: int, author_id, hidden: bool) -> str:
        pk = int(post_id)
        links = []
        if not hidden and can_quote:
            links.append(f'<a href="{thread_url}?quote={pk}#reply-title">{labels["quote"]}</a>')
        if access.may_edit(author_id=author_id) and (not locked or moderate):
            links.append(f'<a href="{urls["edit"]}?post={pk}">{labels["edit"]}</a>')
        if not hidden and access.may_correct(author_id=author_id):
            links.append(f'<a href="{urls["correct"]}?post={pk}">{labels["correct"]}</a>')
        if not hidden and access.may_flag(author_id=author_id):
            links.append(f'<a href="{urls["flag"]}?post={pk}">{labels["flag"]}</a>')
        if moderate and not hidden:
            links.append(f'<a href="{urls["hide"]}?post={pk}">{labels["hide"]}</a>')
        if moderate and hidden:
            links.append(
                f'<form method="post" action="{urls["hide"]}?post={pk}" class="inline-form">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                '<input type="hidden" name="show" value="1">'
                f'<button type="submit" class="link-button">{labels["show"]}</button></form>'
            )
        return f'<div class="post-actions">{" ".join(links)}</div>' if links else ""

    return render


@register.simple_tag
def thread_actions(access, thread) -> SafeString:
    """Edit, suggest a correction, report, history: for the thread's opening text."""
    tid = int(thread.pk)
    links = []
    if access.may_edit(author_id=thread.author_id) and (not thread.is_locked or access.moderate):
        links.append((reverse("discussions:edit", kwargs={"pk": tid}), _("Edit")))
    if access.may_correct(author_id=thread.author_id):
        links.append(
            (reverse("discussions:correct", kwargs={"pk": tid}), _("Suggest a correction"))
        )
    if access.may_flag(author_id=thread.author_id):
        links.append((reverse("discussions:flag", kwargs={"pk": tid}), _("Report")))
    return format_html_join(" ", '<a href="{}">{}</a>', links)
