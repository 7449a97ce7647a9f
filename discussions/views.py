from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from discussions import selectors, services
from discussions.forms import ReplyForm, ThreadForm
from discussions.models import Thread
from groups.selectors import can_read, group_get_for_user, membership_for
from socialearn.lib.pagination import paginate


def group_threads(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_user(user=request.user, slug=slug)
    membership = membership_for(user=request.user, group=group)
    if not can_read(user=request.user, group=group, membership=membership):
        return render(request, "groups/private.html", {"group": group, "membership": membership})
    threads = selectors.thread_list_for_group(group=group)
    kind = request.GET.get("kind", "")
    if kind in Thread.Kind.values:
        threads = threads.filter(kind=kind)
    return render(
        request,
        "discussions/group_threads.html",
        {
            "group": group,
            "membership": membership,
            "page": paginate(request, threads),
            "kind": kind,
        },
    )


def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_get_for_user(user=request.user, slug=slug)
    membership = membership_for(user=request.user, group=group)
    if not can_read(user=request.user, group=group, membership=membership):
        return render(request, "groups/private.html", {"group": group, "membership": membership})
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = services.thread_create(user=request.user, group=group, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Your thread is live."))
                return redirect(thread)
        status = 422
    return render(
        request,
        "discussions/thread_form.html",
        {"group": group, "membership": membership, "form": form},
        status=status,
    )


def _page_of_last_post(thread: Thread) -> int:
    return max(1, math.ceil(thread.reply_count / settings.PAGE_SIZE))


def thread_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    if request.method == "POST":
        return _reply(request, thread)
    if slug != thread.slug:
        return redirect(thread, permanent=True)
    return _render_thread(request, thread, ReplyForm())


def _render_thread(
    request: HttpRequest, thread: Thread, form: ReplyForm, status: int = 200
) -> HttpResponse:
    page = paginate(request, selectors.post_list_for_thread(thread=thread))
    if status == 200 and request.method == "GET":
        # Counted without a read-modify-write race; the page shows the count it loaded.
        Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + 1)
    membership = membership_for(user=request.user, group=thread.group)
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": thread,
            "group": thread.group,
            "membership": membership,
            "page": page,
            "form": form,
            "first_number": (page.number - 1) * settings.PAGE_SIZE + 1,
        },
        status=status,
    )


def _reply(request: HttpRequest, thread: Thread) -> HttpResponse:
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_create(
                user=request.user, thread=thread, body=form.cleaned_data["body"]
            )
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            thread.refresh_from_db(fields=["reply_count"])
            url = reverse("discussions:thread", kwargs={"pk": thread.pk, "slug": thread.slug})
            return redirect(f"{url}?page={_page_of_last_post(thread)}#post-{post.pk}")
    # The reply comes back filled in, with the error, so nothing typed is lost.
    return _render_thread(request, thread, form, status=422)
