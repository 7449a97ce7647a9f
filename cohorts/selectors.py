"""Reads on sessions; every one goes through the cohort's readers (Group.readable_by)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cohorts.models import Session
from groups.models import Group
from profiles.models import User


def session_list(*, group: Group) -> QuerySet[Session]:
    """A cohort's sessions in time order; the caller has checked the reader's access."""
    return Session.objects.filter(group=group).prefetch_related("materials")


def upcoming_for(*, user: User, limit: int = 5) -> QuerySet[Session]:
    """The next sessions of the cohorts the user is in (their home page)."""
    return (
        Session.objects.filter(group__memberships__user=user, ends_at__gte=timezone.now())
        .select_related("group")
        .order_by("starts_at", "pk")[:limit]
    )


def upcoming_in(*, group: Group, limit: int = 3) -> QuerySet[Session]:
    """A cohort's next sessions (its home page)."""
    return Session.objects.filter(group=group, ends_at__gte=timezone.now()).order_by(
        "starts_at", "pk"
    )[:limit]


def session_get(*, group: Group, pk: int) -> Session:
    session = Session.objects.filter(group=group, pk=pk).prefetch_related("materials").first()
    if session is None:
        raise Http404
    return session
