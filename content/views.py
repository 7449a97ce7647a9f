from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from content import selectors
from content.models import LibraryItem
from groups.shortcuts import group_or_private_page
from socialearn.lib.pagination import paginate


def library(request: HttpRequest) -> HttpResponse:
    items = selectors.item_list(user=request.user)
    kind = request.GET.get("kind", "")
    if kind in LibraryItem.Kind.values:
        items = items.filter(kind=kind)
    return render(
        request,
        "content/library.html",
        {"page": paginate(request, items), "kind": kind, "kinds": LibraryItem.Kind.choices},
    )


def group_library(request: HttpRequest, slug: str) -> HttpResponse:
    access, private = group_or_private_page(request, slug)
    if private:
        return private
    group, membership = access.group, access.membership
    items = selectors.item_list(user=request.user, group=group)
    return render(
        request,
        "content/group_library.html",
        {
            "group": group,
            "membership": membership,
            "perms": access.perms,
            "page": paginate(request, items),
        },
    )


def detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    if slug != item.slug:
        return redirect(item, permanent=True)
    return render(request, "content/detail.html", {"item": item})
