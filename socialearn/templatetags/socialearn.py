"""Template helpers used across the site. Kept as simple tags: they run inside long loops."""

from __future__ import annotations

import html
import re

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()

AVATAR_SIZES = {"xs": 24, "sm": 32, "md": 40, "lg": 96, "xl": 160}
AVATAR_COLOURS = 8  # .avatar-c0 … .avatar-c7 in site.css; white initials stay above 4.5:1.


@register.simple_tag
def avatar(user, size: str = "md"):
    """A person's photo, or their initials on a colour derived from their id (no inline style,
    so the Content-Security-Policy can forbid inline styles)."""
    pixels = AVATAR_SIZES.get(size, 40)
    if user is None:
        return format_html('<span class="avatar avatar-{}" aria-hidden="true">?</span>', size)
    profile = user.profile
    # Two square thumbnails (profiles.images): 96 px up to "md", 320 px above (2x screens).
    image = profile.avatar_small if pixels <= 48 else profile.avatar
    if image:
        return format_html(
            '<img class="avatar avatar-{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            size,
            image.url,
            pixels,
            pixels,
        )
    return format_html(
        '<span class="avatar avatar-{} avatar-c{}" aria-hidden="true">{}</span>',
        size,
        user.pk % AVATAR_COLOURS,
        profile.initials,
    )


@register.simple_tag
def page_url(request, number: int) -> str:
    """The current URL with ?page= replaced, keeping the other filters."""
    query = request.GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def person_name(user) -> str:
    return user.profile.display_name if user is not None else _("Former member")


@register.simple_tag
def person_flag(user):
    """The label after a name: external guests and former colleagues are always marked."""
    if user is None:
        return ""
    if not user.is_active:
        return format_html(
            '<span class="person-flag person-flag-former">{}</span>', _("former colleague")
        )
    if user.is_guest:
        return format_html('<span class="person-flag person-flag-guest">{}</span>', _("external"))
    return ""


@register.filter
def ago(value) -> str:
    """ "3 hours ago": one unit is enough in lists (timesince gives two)."""
    if not value:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value, depth=1)}


@register.filter
def duration(minutes: int) -> str:
    """Minutes to read or watch, as people say it: "12 min", "2 h", "1 h 30 min"."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)d min") % {"m": rest}
    if not rest or hours >= 10:
        return _("%(h)d h") % {"h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}


@register.filter
def excerpt(rendered: str, words: int = 32) -> str:
    """The first words of rendered user text as plain text (escaped again by the page):
    tags dropped, entities decoded, so "&amp;" does not show as such."""
    text = " ".join(html.unescape(strip_tags(rendered or "")).split())
    return Truncator(text).words(int(words))


@register.filter
def iso(value) -> str:
    """A machine-readable time for <time datetime>, in the reader's zone, whole seconds."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag
def snippet(text: str, q: str, length: int = 200):
    """A piece of plain `text` around the first word of `q` it contains, the words marked
    with <mark> (word starts: "onboard" marks "onboarding"); everything else escaped."""
    text = " ".join((text or "").split())
    words = [re.escape(w) for w in (q or "").split() if w.strip('"-')]
    if not words:
        return escape(text[:length])
    pattern = re.compile(r"\b(" + "|".join(w.strip('"') for w in words) + r")\w*", re.I)
    found = pattern.search(text)
    start = max(0, found.start() - length // 3) if found else 0
    piece = text[start : start + length]
    out, last = [], 0
    for match in pattern.finditer(piece):
        out.append(escape(piece[last : match.start()]))
        out.append(format_html("<mark>{}</mark>", match.group(0)))
        last = match.end()
    out.append(escape(piece[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 (every piece escaped)
