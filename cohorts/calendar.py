"""iCalendar (RFC 5545) export of sessions, so they land in Outlook, Google or Apple
calendars. Times are written in UTC ("Z"): every calendar shows them in its own zone."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cohorts.models import Session

PRODID = "-//SociaLearn//Cohort sessions//EN"


def sessions_ics(sessions: Iterable[Session], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    host = urlsplit(settings.SITE_URL).hostname or "socialearn"
    now = timezone.now()
    for session in sessions:
        url = settings.SITE_URL.rstrip("/") + session.get_absolute_url()
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        event.add("sequence", session.sequence)
        where = session.location or session.online_url
        if where:
            event.add("location", where)
        details = [strip_tags(session.description_html).strip()]
        if session.online_url:
            details.append(_("Join online: %(url)s") % {"url": session.online_url})
        details.append(url)
        event.add("description", "\n\n".join(d for d in details if d))
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
