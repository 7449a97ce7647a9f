"""The news pages: reading (list, post, reactions, comments, "I have read this"), the
desk (write, preview, publish or schedule, unpublish, history, reach) and the feeds."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions.forms import CommentForm
from discussions.selectors import REACTION_EMOJI, subject_discussion
from discussions.views import comment_submitted
from news import selectors, services
from news.forms import NewsForm, ReactionForm
from news.models import FeedKey, NewsPost, NewsReaction, new_feed_key
from news.permissions import news_desk
from socialearn.lib.diff import html_diff
from socialearn.lib.files import embed_origin
from socialearn.lib.pagination import paginate
from socialearn.lib.ratelimit import rate_limited


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


def news_list(request: HttpRequest) -> HttpResponse:
    posts = selectors.news_list(user=request.user)
    category = request.GET.get("category", "")
    if category in NewsPost.Category.values:
        posts = posts.filter(category=category)
    return render(
        request,
        "news/list.html",
        {
            "page": paginate(request, posts),
            "category": category,
            "categories": NewsPost.Category.choices,
            "desk": news_desk(request.user),
            "feed_key": FeedKey.objects.filter(user=request.user)
            .values_list("key", flat=True)
            .first(),
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )


def _render_post(request, post, *, preview=False, comment_form=None, status=200):
    discussion = subject_discussion(
        subject=post,
        user=request.user,
        group=post.audience,
        is_home=lambda thread: services.is_news_discussion_home(post, thread),
    )
    closed = preview or discussion.closed
    response = render(
        request,
        "news/detail.html",
        {
            "post": post,
            "preview": preview,
            "desk": news_desk(request.user),
            "related": [] if preview else selectors.related_posts(post=post, user=request.user),
            "reactions": [
                (
                    kind,
                    label,
                    REACTION_EMOJI[kind],
                    getattr(post, f"n_{kind}", 0),
                    getattr(post, f"my_{kind}", False),
                )
                for kind, label in NewsReaction.KINDS
            ],
            "discussion": None if preview else discussion.thread,
            "discussion_comments": [] if preview else discussion.latest,
            # A refused comment comes back with its text and the reason, even when closed.
            "comment_form": comment_form or (None if closed else CommentForm()),
        },
        status=status,
    )
    if post.embed_url:
        response._csp_replace = {"frame-src": [embed_origin(post.embed_url)]}
    return response


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.news_get_for_user(user=request.user, slug=slug)
    services.news_mark_read(user=request.user, post=post)
    return _render_post(request, post)


@require_POST
@rate_limited("react")
def react(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.news_get_for_user(user=request.user, slug=slug)
    form = ReactionForm(request.POST)
    if form.is_valid():
        services.news_react(user=request.user, post=post, kind=form.cleaned_data["kind"])
    return redirect(post.get_absolute_url() + "#reactions")


@require_POST
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.news_get_for_user(user=request.user, slug=slug)
    try:
        services.news_confirm(user=request.user, post=post)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Thank you for confirming you have read it."))
    return redirect((request.POST.get("next") == "home" and "home") or post)


@require_POST
@rate_limited("post")
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.news_get_for_user(user=request.user, slug=slug)
    return comment_submitted(
        request,
        post,
        partial(services.news_comment, user=request.user, post=post),
        thanks=_("Thank you: your comment is published."),
        rerender=lambda form: _render_post(request, post, comment_form=form, status=422),
    )


def _readable_or_editable(request: HttpRequest, slug: str) -> NewsPost:
    """For the post's files: its readers, and the people who may edit it (drafts)."""
    post = NewsPost.objects.visible_to(request.user).filter(slug=slug).first()
    if post is None:
        post = selectors.news_get_for_desk(desk=news_desk(request.user), slug=slug)
    return post


def hero(request: HttpRequest, slug: str, size: str) -> HttpResponse:
    post = _readable_or_editable(request, slug)
    image = {"large": post.hero, "small": post.hero_small}.get(size)
    if not image:
        raise Http404
    response = FileResponse(image.open("rb"), content_type="image/webp")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response


def video(request: HttpRequest, slug: str) -> HttpResponse:
    post = _readable_or_editable(request, slug)
    if not post.video:
        raise Http404
    response = FileResponse(post.video.open("rb"), content_type=post.video_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# The desk


def _desk_or_403(request: HttpRequest):
    desk = news_desk(request.user)
    if not desk.may_write:
        raise PermissionDenied
    return desk


def desk(request: HttpRequest) -> HttpResponse:
    """Everything the person may edit: drafts, scheduled and published posts, with how
    many opened and confirmed each."""
    desk = _desk_or_403(request)
    return render(
        request, "news/desk.html", {"page": paginate(request, selectors.desk_list(desk=desk))}
    )


def _initial(post: NewsPost) -> dict:
    return {
        "title": post.title, "summary": post.summary, "body": post.body,
        "category": post.category, "audience": post.audience_id, "hero_alt": post.hero_alt,
        "video_url": post.video_url,
        "co_authors": ", ".join(u.handle for u in post.co_authors.all()),
        # The stored minute, except a draft's that has passed ("as soon as published").
        "publish_at": timezone.localtime(post.publish_at)
        if post.status != NewsPost.Status.DRAFT or post.publish_at > timezone.now()
        else None,
        "pinned_until": timezone.localtime(post.pinned_until) if post.pinned_until else None,
        "is_important": post.is_important, "is_must_read": post.is_must_read,
    }  # fmt: skip


@rate_limited("post")
def write(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Write a new post (no slug) or change one; then save the draft, preview it, or
    publish it (now, or at its minute)."""
    desk = _desk_or_403(request)
    post = selectors.news_get_for_desk(desk=desk, slug=slug) if slug else None
    form = NewsForm(
        request.POST or None,
        request.FILES or None,
        desk=desk,
        initial=_initial(post) if post else {"category": NewsPost.Category.COMPANY},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action = request.POST.get("action", "save")
        try:
            post = services.news_save(user=request.user, post=post, **data)
            if action == "publish":
                post = services.news_schedule(
                    user=request.user, post=post, publish_at=_minute(post, data["publish_at"])
                )
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, _errors(exc))
        else:
            return _after_save(request, post, action)
    status = 422 if request.method == "POST" else 200
    return render(request, "news/form.html", {"form": form, "post": post}, status=status)


def _minute(post: NewsPost, chosen):
    """The minute to publish at: the form shows minutes, so a post left at its stored
    minute keeps its exact time (a typo fix never re-dates a live post)."""
    if chosen and abs((chosen - post.publish_at).total_seconds()) < 60:
        return post.publish_at
    return chosen


def _after_save(request: HttpRequest, post: NewsPost, action: str) -> HttpResponse:
    if action == "preview":
        return redirect("news:preview", slug=post.slug)
    if action == "publish" and post.is_scheduled:
        when = formats.date_format(timezone.localtime(post.publish_at), "DATETIME_FORMAT")
        messages.success(request, _("Scheduled: it appears on %(when)s.") % {"when": when})
        return redirect("news:desk")
    if action == "publish":
        messages.success(request, _("Published."))
        return redirect(post)
    messages.success(request, _("Draft saved."))
    return redirect("news:edit", slug=post.slug)


def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The post exactly as readers will see it, whatever its status (the desk only)."""
    desk = _desk_or_403(request)
    post = selectors.news_get_for_desk(desk=desk, slug=slug)
    return _render_post(request, post, preview=True)


@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    desk = _desk_or_403(request)
    post = selectors.news_get_for_desk(desk=desk, slug=slug)
    if post.is_live:  # already out: publishing again would only change its date
        return redirect(post)
    # A post dated in the future keeps its minute; one dated in the past goes out now.
    later = post.publish_at if post.publish_at > timezone.now() else None
    post = services.news_schedule(user=request.user, post=post, publish_at=later)
    return _after_save(request, post, "publish")


@require_POST
def unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    desk = _desk_or_403(request)
    post = selectors.news_get_for_desk(desk=desk, slug=slug)
    services.news_unpublish(user=request.user, post=post)
    messages.success(request, _("Unpublished: it is a draft again, seen by editors only."))
    return redirect("news:edit", slug=post.slug)


def history(request: HttpRequest, slug: str) -> HttpResponse:
    desk = _desk_or_403(request)
    post = selectors.news_get_for_desk(desk=desk, slug=slug)
    revisions = list(post.revisions.select_related("editor__profile")[:50])
    after = [post.body, *[r.body for r in revisions]]
    diffs = [(r, html_diff(r.body, newer)) for r, newer in zip(revisions, after, strict=False)]
    return render(request, "news/history.html", {"post": post, "diffs": diffs})


def reach(request: HttpRequest, slug: str) -> HttpResponse:
    """How many of the audience opened the post on the site, confirmed it (must-read),
    and who has not confirmed yet."""
    desk = _desk_or_403(request)
    post = selectors.news_get_for_desk(desk=desk, slug=slug)
    counts = selectors.reach(post=post)
    page = paginate(request, selectors.unconfirmed(post=post)) if post.is_must_read else None
    return render(request, "news/reach.html", {"post": post, "counts": counts, "page": page})


@require_POST
def feed_key_reset(request: HttpRequest) -> HttpResponse:
    """Make (or change) the person's private feed address; the old one stops working."""
    FeedKey.objects.update_or_create(user=request.user, defaults={"key": new_feed_key()})
    messages.success(request, _("Your private news feed has a new address."))
    return redirect("news:list")
