from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content import selectors, services
from content.forms import ItemForm, PromoteForm, RatingForm, ReviewForm
from content.models import LibraryItem
from discussions.access import thread_access
from discussions.forms import CommentForm
from discussions.selectors import subject_discussion, thread_get_for_user
from discussions.views import comment_submitted
from groups.shortcuts import group_or_private_page
from socialearn.lib.files import INLINE_TYPES, embed_origin
from socialearn.lib.pagination import paginate
from socialearn.lib.ratelimit import rate_limited
from socialearn.lib.text import query_param


def _filters(request: HttpRequest) -> dict[str, str]:
    sort = request.GET.get("sort", "newest")
    return {
        "kind": request.GET.get("kind", ""),
        "level": request.GET.get("level", ""),
        "topic": query_param(request.GET, "topic", max_length=50),
        "provider": query_param(request.GET, "provider", max_length=120),
        "sort": sort if sort in selectors.SORTS else "newest",
    }


def library(request: HttpRequest) -> HttpResponse:
    """The site-wide library (and every group library the reader may see): filter by
    kind, level, topic and provider; sort by newest, best rated or most viewed."""
    filters = _filters(request)
    items = selectors.item_list(user=request.user, **filters)
    unfiltered = not any(filters[k] for k in ("kind", "level", "topic", "provider"))
    featured = selectors.featured_list(user=request.user)[:3] if unfiltered else []
    return render(
        request,
        "content/library.html",
        {
            "page": paginate(request, items),
            "filters": filters,
            "featured": featured,
            "partners": selectors.partner_list(user=request.user) if unfiltered else [],
            "kinds": LibraryItem.Kind.choices,
            "levels": LibraryItem.Level.choices,
            "topics": selectors.topic_choices(user=request.user),
            "providers": selectors.provider_choices(user=request.user),
        },
    )


def group_library(request: HttpRequest, slug: str) -> HttpResponse:
    access, private = group_or_private_page(request, slug)
    if private:
        return private
    group, membership = access.group, access.membership
    filters = _filters(request)
    items = selectors.item_list(user=request.user, group=group, **filters)
    return render(
        request,
        "content/group_library.html",
        {
            "group": group,
            "membership": membership,
            "perms": access.perms,
            "page": paginate(request, items),
            "filters": filters,
        },
    )


def detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    if slug != item.slug:
        return redirect(item, permanent=True)
    # Counted without a read-modify-write race; the page shows the count it loaded.
    LibraryItem.objects.filter(pk=item.pk).update(view_count=F("view_count") + 1)
    form = RatingForm(initial={"stars": item.my_stars, "comment": item.my_comment or ""})
    return _render_detail(request, item, form)


def _render_detail(
    request, item, form, status=200, review_form=None, comment_form=None
) -> HttpResponse:
    may_review = services.may_review_item(user=request.user, item=item)
    if may_review and review_form is None:
        next_date = timezone.localdate() + timedelta(days=30 * services.DEFAULT_REVIEW_MONTHS)
        review_form = ReviewForm(initial={"review_by": next_date})
    discussion = subject_discussion(
        subject=item,
        user=request.user,
        group=item.group,
        is_home=lambda thread: services.is_item_discussion_home(item, thread),
    )
    response = render(
        request,
        "content/detail.html",
        {
            "item": item,
            "form": form,
            "review_form": review_form if may_review else None,
            "pending": selectors.pending_item_corrections(item=item) if may_review else [],
            "related": selectors.related_items(item=item, user=request.user),
            "comments": selectors.recent_comments(item=item),
            "discussion": discussion.thread,
            "discussion_comments": discussion.latest,
            # A refused comment comes back with its text and the reason, even when closed.
            "comment_form": comment_form or (None if discussion.closed else CommentForm()),
        },
        status=status,
    )
    if item.embed_url:
        # Frames from this one video's origin, on this page only (django-csp reads it).
        response._csp_replace = {"frame-src": [embed_origin(item.embed_url)]}
    return response


@require_POST
@rate_limited("post")
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment on the item: a reply in its discussion, opened by the first one."""
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    return comment_submitted(
        request,
        item,
        partial(services.item_comment, user=request.user, item=item),
        thanks=_("Thank you: your comment is in the discussion."),
        rerender=lambda form: _render_detail(
            request, item, RatingForm(), status=422, comment_form=form
        ),
    )


@require_POST
@rate_limited("react")
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_set(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you for rating it."))
            return redirect(item.get_absolute_url() + "#rate")
    return _render_detail(request, item, form, status=422)


@require_POST
@rate_limited("react")
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    saved = services.bookmark_set(
        user=request.user, item=item, saved=request.POST.get("save") == "1"
    )
    if request.htmx:
        item.saved = saved
        return render(request, "content/_bookmark.html", {"item": item})
    if saved:
        messages.success(request, _("Saved for later: find it under Saved."))
    return redirect(item)


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner (or a group moderator) confirms the item is still right."""
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    if not services.may_review_item(user=request.user, item=item):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.item_review(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("review_by", " ".join(exc.messages))
        else:
            messages.success(request, _("Reviewed. Thank you for keeping the library fresh."))
            return redirect(
                (request.POST.get("next") == "queue" and "content:review_queue") or item
            )
    return _render_detail(request, item, RatingForm(), status=422, review_form=form)


@require_POST
@rate_limited("react")
def report_broken(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    try:
        services.broken_link_report(user=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: whoever shared it will check the link."))
    return redirect(item)


def review_queue(request: HttpRequest) -> HttpResponse:
    """Items waiting for the reader's review: theirs, or in groups they moderate."""
    return render(
        request,
        "content/review_queue.html",
        {
            "page": paginate(request, selectors.review_queue(user=request.user)),
            "next_date": timezone.localdate() + timedelta(days=30 * services.DEFAULT_REVIEW_MONTHS),
        },
    )


@rate_limited("post")
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a conversation into an article in its group's library (moderators and
    advocates), prefilled from the question and its accepted answer."""
    thread = thread_get_for_user(user=request.user, thread_id=pk)
    form = PromoteForm(request.POST or None, initial=services.promotion_draft(thread=thread))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.thread_promote(
                    user=request.user, thread=thread, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(request, _("The conversation is now in the group's library."))
                return redirect(item)
        status = 422
    elif not thread_access(user=request.user, thread=thread).may_highlight:
        raise PermissionDenied
    return render(request, "content/promote.html", {"thread": thread, "form": form}, status=status)


@rate_limited("post")
def share(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Share an article, link, file or video in the site-wide library, or (with a slug)
    in a group's library."""
    group = membership = perms = None
    if slug is not None:
        access, private = group_or_private_page(request, slug)
        if private:
            return private
        if not access.perms.post:
            raise PermissionDenied
        group, membership, perms = access.group, access.membership, access.perms
    form = ItemForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.item_share(user=request.user, group=group, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Shared. Thank you for teaching others."))
                return redirect(item)
        status = 422
    return render(
        request,
        "content/share.html",
        {"form": form, "group": group, "membership": membership, "perms": perms},
        status=status,
    )


def file(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's file, for people who may see the item: images and videos shown in the
    browser, everything else downloaded; never sniffed into something active."""
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    if not item.file:
        raise Http404
    inline = item.file_type in INLINE_TYPES
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.file_type or "application/octet-stream",
        as_attachment=not inline,
        filename=item.file_name or None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A link's preview picture (content.previews), for people who may see the item."""
    item = (
        LibraryItem.objects.visible_to(request.user)
        .published()
        .filter(pk=pk)
        .exclude(preview_image="")
        .only("pk", "preview_image")
        .first()
    )
    if item is None:
        raise Http404
    response = FileResponse(item.preview_image.open("rb"), content_type="image/webp")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response
