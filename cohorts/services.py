"""Writes on cohort sessions, and the follow-up threads that open when a session ends."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Session
from discussions.services import thread_create
from groups.models import Group, Membership
from groups.selectors import LEADER_ROLES
from groups.services import check_moderator
from profiles.models import User
from socialearn.lib.markdown import render_markdown


def _check_moderator(*, group: Group, user: User) -> None:
    check_moderator(group=group, user=user)
    if group.kind != Group.Kind.COHORT:
        raise ValidationError(_("Only cohorts have sessions."))


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(_("A session has to end after it starts."))


@transaction.atomic
def session_create(
    *,
    group: Group,
    user: User,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    online_url: str = "",
    description: str = "",
    materials=(),
) -> Session:
    _check_moderator(group=group, user=user)
    _check_times(starts_at, ends_at)
    session = Session.objects.create(
        group=group,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url,
        description=description,
        description_html=render_markdown(description),
        created_by=user,
    )
    session.materials.set(materials)
    return session


@transaction.atomic
def session_update(*, session: Session, user: User, materials=(), **fields) -> Session:
    """Change a session; calendar apps that imported it replace it (SEQUENCE goes up)."""
    _check_moderator(group=session.group, user=user)
    for name, value in fields.items():
        setattr(session, name, value)
    _check_times(session.starts_at, session.ends_at)
    session.description_html = render_markdown(session.description)
    session.sequence = F("sequence") + 1
    session.save()
    session.refresh_from_db(fields=["sequence"])
    session.materials.set(materials)
    return session


@transaction.atomic
def session_delete(*, session: Session, user: User) -> None:
    _check_moderator(group=session.group, user=user)
    session.delete()


FOLLOW_UP_BATCH = 100
log = logging.getLogger(__name__)


def follow_ups_open(*, now: datetime.datetime | None = None) -> int:
    """Open a follow-up thread for every session that has ended and has none yet.

    Idempotent and safe to run twice at once: each session is locked while its thread
    is made (rows another run holds are skipped, not waited for) and its one-to-one
    follow_up link is set in the same transaction, so no session ever gets two.
    """
    now = now or timezone.now()
    opened = 0
    skipped: set[int] = set()
    while True:
        with transaction.atomic():
            due = list(
                Session.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("group", "created_by")
                .filter(ends_at__lte=now, follow_up__isnull=True)
                .exclude(pk__in=skipped)
                .exclude(group__archived_at__isnull=False)
                .order_by("ends_at", "pk")[:FOLLOW_UP_BATCH]
            )
            for session in due:
                try:
                    with transaction.atomic():  # one bad session never blocks the others
                        session.follow_up = _follow_up_thread(session)
                        session.save(update_fields=["follow_up", "updated_at"])
                except (LookupError, PermissionDenied, ValidationError):
                    log.exception("no follow-up for session %s", session.pk)
                    skipped.add(session.pk)
                else:
                    opened += 1
        if len(due) < FOLLOW_UP_BATCH:
            return opened


def _follow_up_thread(session: Session):
    """The follow-up, posted in the name of whoever scheduled the session (or an owner,
    if they have left the cohort since)."""
    leaders = Membership.objects.filter(
        group=session.group,
        role__in=LEADER_ROLES,
        user__is_active=True,
    ).order_by("-role", "pk")  # owners ("owner" > "moderator") first
    author = session.created_by
    if author is None or not leaders.filter(user=author).exists():
        leader = leaders.select_related("user").first()
        if leader is None:
            raise LookupError(f"cohort {session.group_id} has no active owner or moderator")
        author = leader.user
    date = timezone.localtime(session.starts_at).date()
    return thread_create(
        user=author,
        group=session.group,
        title=_("Follow-up: %(title)s") % {"title": session.title},
        body=_(
            "The session “%(title)s” (%(date)s) is over. What did you take away, and what is "
            "still unclear? Ask your questions and share your reflections here."
        )
        % {"title": session.title, "date": date.isoformat()},
    )
