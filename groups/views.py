from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import selectors, services
from groups.models import Group
from groups.shortcuts import group_or_private_page
from socialearn.lib.pagination import paginate
from socialearn.lib.ratelimit import rate_limited
from socialearn.lib.text import query_param


def directory(request: HttpRequest) -> HttpResponse:
    groups = selectors.group_list(user=request.user)
    kind = request.GET.get("kind", "")
    if kind in Group.Kind.values:
        groups = groups.filter(kind=kind)
    q = query_param(request.GET, "q")
    if q:
        groups = groups.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return render(
        request,
        "groups/directory.html",
        {"page": paginate(request, groups), "kind": kind, "kinds": Group.Kind.choices, "q": q},
    )


def _membership_response(request: HttpRequest, group: Group) -> HttpResponse:
    if request.htmx:
        membership = selectors.membership_for(user=request.user, group=group)
        return render(
            request,
            "groups/_membership_button.html",
            {"group": group, "membership": membership},
        )
    return redirect(group)


@require_POST
@rate_limited("join")
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, slug=slug)
    try:
        services.membership_join(group=group, user=request.user)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
    return _membership_response(request, group)


@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get_for_user(user=request.user, slug=slug)
    try:
        services.membership_leave(group=group, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You left %(group)s.") % {"group": group.name})
    return _membership_response(request, group)


def members(request: HttpRequest, slug: str) -> HttpResponse:
    access, private = group_or_private_page(request, slug)
    if private:
        return private
    group, membership = access.group, access.membership
    return render(
        request,
        "groups/members.html",
        {
            "group": group,
            "membership": membership,
            "page": paginate(request, selectors.member_list(group=group), per_page=48),
        },
    )
