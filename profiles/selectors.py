"""Reads on people."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from profiles.models import Profile, User


def person_get(*, handle: str) -> User:
    try:
        return User.objects.active().select_related("profile").get(handle=handle)
    except User.DoesNotExist:
        raise Http404 from None


def person_list(*, q: str = "", department: str = "") -> QuerySet[User]:
    people = User.objects.active().search(q).select_related("profile")
    if department:
        people = people.filter(profile__department=department)
    return people.order_by("profile__display_name", "pk")


def department_list() -> list[str]:
    return list(
        Profile.objects.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )
