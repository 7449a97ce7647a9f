"""Helpers for the views of every app that shows something inside a group."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groups.selectors import GroupAccess, group_access


def group_or_private_page(
    request: HttpRequest, slug: str
) -> tuple[GroupAccess, HttpResponse | None]:
    """The user's access to the group, and, when they may not read inside it, the page
    that says the group is private (to return instead of the content)."""
    access = group_access(user=request.user, slug=slug)
    if access.readable:
        return access, None
    return access, render(
        request,
        "groups/private.html",
        {"group": access.group, "membership": access.membership, "perms": access.perms},
    )
