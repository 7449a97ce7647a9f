"""Pages for correcting and editing library articles, and their history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content import revisions, selectors
from content.forms import ArticleEditForm
from content.models import ItemCorrection, ItemRevision, LibraryItem
from content.services import may_review_item
from discussions.forms import CorrectionForm
from socialearn.lib.diff import html_diff
from socialearn.lib.ratelimit import rate_limited


def _article(request: HttpRequest, pk: int) -> LibraryItem:
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    if item.kind != LibraryItem.Kind.ARTICLE:
        raise Http404
    return item


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


@rate_limited("post")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _article(request, pk)
    if not may_review_item(user=request.user, item=item):
        raise PermissionDenied
    form = ArticleEditForm(request.POST or None, initial={"body": item.body})
    if request.method == "POST" and form.is_valid():
        try:
            revisions.item_edit(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Saved. The history keeps the earlier text."))
            return redirect(item)
    status = 422 if request.method == "POST" else 200
    return render(request, "content/article_form.html",
                  {"item": item, "form": form, "heading": _("Edit the article")},
                  status=status)  # fmt: skip


@rate_limited("post")
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    item = _article(request, pk)
    if request.user.pk == item.author_id:
        return redirect("content:edit", pk=item.pk)
    form = CorrectionForm(request.POST or None, initial={"body": item.body})
    if request.method == "POST" and form.is_valid():
        try:
            revisions.item_correction_suggest(user=request.user, item=item, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Thank you. Whoever looks after it will review it."))
            return redirect(item)
    status = 422 if request.method == "POST" else 200
    return render(request, "content/article_form.html",
                  {"item": item, "form": form, "heading": _("Suggest a correction")},
                  status=status)  # fmt: skip


def correction(request: HttpRequest, pk: int, correction_id: int) -> HttpResponse:
    item = _article(request, pk)
    suggestion = get_object_or_404(
        ItemCorrection.objects.select_related("proposer__profile", "decided_by__profile"),
        pk=correction_id, item=item,
    )  # fmt: skip
    may_review = may_review_item(user=request.user, item=item)
    if not (may_review or suggestion.proposer_id == request.user.pk):
        raise Http404
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        try:
            if request.POST.get("decision") == "accept":
                revisions.item_correction_accept(user=request.user, correction=suggestion)
                messages.success(request, _("Correction accepted, with credit to its author."))
            else:
                revisions.item_correction_decline(user=request.user, correction=suggestion)
                messages.info(request, _("Suggestion declined."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("content:correction", pk=item.pk, correction_id=suggestion.pk)
    return render(request, "content/correction.html", {
        "item": item, "correction": suggestion, "may_review": may_review,
        "diff": html_diff(suggestion.base_body, suggestion.body),
        "stale": item.body != suggestion.base_body,
    })  # fmt: skip


def history(request: HttpRequest, pk: int) -> HttpResponse:
    item = _article(request, pk)
    rows = (
        ItemRevision.objects.filter(item=item)
        .select_related("editor__profile", "credited__profile")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(request, "content/history.html", {
        "item": item, "diffs": [(r, html_diff(r.body_before, r.body_after)) for r in rows],
        "can_revert": may_review_item(user=request.user, item=item),
    })  # fmt: skip


@require_POST
def revert(request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
    item = _article(request, pk)
    revision = get_object_or_404(ItemRevision, pk=revision_id, item=item)
    revisions.item_revert(user=request.user, revision=revision)
    messages.success(request, _("Reverted. The history keeps both versions."))
    return redirect(item)
