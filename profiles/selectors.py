"""Reads on people."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from profiles.models import Profile, User, normalize_topic


def person_get(*, handle: str) -> User:
    try:
        return (
            User.objects.active()
            .select_related("profile")
            .prefetch_related("profile__skills", "profile__interests")
            .get(handle=handle)
        )
    except User.DoesNotExist:
        raise Http404 from None


def person_list(*, q: str = "", department: str = "", skill: str = "") -> QuerySet[Profile]:
    """Active people as profiles (with their accounts), by name.

    Queried from the profile side so that the name index serves the ordering: the
    directory reads 20 rows in index order instead of sorting every person.
    """
    profiles = (
        Profile.objects.filter(user__is_active=True)
        .select_related("user")
        .prefetch_related("skills")
    )
    if q := q.strip():
        profiles = profiles.filter(
            Q(display_name__icontains=q)
            | Q(user__handle__icontains=q)
            | Q(job_title__icontains=q)
            | Q(department__icontains=q)
            | Exists(
                Profile.skills.through.objects.filter(
                    profile_id=OuterRef("pk"), topic__key__contains=normalize_topic(q)
                )
            )
        )
    if skill:
        profiles = profiles.filter(skills__key=normalize_topic(skill))
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
