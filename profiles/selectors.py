"""Reads on people."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from profiles.models import Profile, User


def person_get(*, handle: str) -> User:
    try:
        return User.objects.active().select_related("profile").get(handle=handle)
    except User.DoesNotExist:
        raise Http404 from None


def person_list(*, q: str = "", department: str = "") -> QuerySet[Profile]:
    """Active people as profiles (with their accounts), by name.

    Queried from the profile side so that the name index serves the ordering: the
    directory reads 20 rows in index order instead of sorting every person.
    """
    profiles = Profile.objects.filter(user__is_active=True).select_related("user")
    if q := q.strip():
        profiles = profiles.filter(
            Q(display_name__icontains=q)
            | Q(user__handle__icontains=q)
            | Q(job_title__icontains=q)
            | Q(department__icontains=q)
        )
    if department:
        profiles = profiles.filter(department=department)
    return profiles.order_by("display_name", "pk")


def department_list() -> list[str]:
    return list(
        Profile.objects.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )
