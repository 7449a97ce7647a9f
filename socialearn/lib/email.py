"""Building the emails the site sends: absolute links, and a message with its HTML part
and, where people may stop it in one click, the unsubscribe headers of RFC 8058."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """A path on this site as a link that works from an email (SITE_URL + path)."""
    return settings.SITE_URL.rstrip("/") + path


def html_email(
    *, subject: str, text: str, html: str, to: str, unsubscribe_url: str = "", connection=None
) -> EmailMultiAlternatives:
    """A plain-text email with its HTML alternative. With `unsubscribe_url`, mail programs
    offer "unsubscribe" themselves: `List-Unsubscribe` names the address and
    `List-Unsubscribe-Post` says a POST there stops it, no page to read (RFC 8058);
    the address must accept that POST without sign-in or CSRF token."""
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, to=[to], headers=headers, connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def templated_email(
    template: str,
    context: dict,
    *,
    subject: str,
    to: str,
    unsubscribe_url: str = "",
    connection=None,
) -> EmailMultiAlternatives:
    """html_email() with its two parts rendered from `template`.txt and `template`.html
    (render it under the reader's language and time zone)."""
    return html_email(
        subject=subject,
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
        to=to,
        unsubscribe_url=unsubscribe_url,
        connection=connection,
    )


def person_zone(person) -> zoneinfo.ZoneInfo:
    """The time zone an email shows times in: the person's own, else the site's."""
    try:
        return zoneinfo.ZoneInfo(person.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def retry_delay(retries: int) -> int:
    """Seconds before an email task tries again: EMAIL_RETRY_SECONDS, doubled with every
    try, at most an hour."""
    return min(3600, settings.EMAIL_RETRY_SECONDS * 2**retries)


def refusal_code(exc) -> int:
    """The SMTP code of a refused recipient or message (the highest, when several
    recipients were refused): 4xx means "not now", 5xx "never"."""
    recipients = getattr(exc, "recipients", None)
    if recipients:
        return max(code for code, _message in recipients.values())
    return getattr(exc, "smtp_code", 500)
