from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import follows, selectors, services
from discussions.access import thread_access
from discussions.forms import CommentForm, ReplyForm, ThreadForm
from discussions.models import Post, Thread
from discussions.services import render_text
from discussions.templatetags.discussions_tags import (
    post_actions_renderer,
    render_accept_button,
    render_new_marker,
    render_reaction_bar,
)
from groups.shortcuts import group_or_private_page
from profiles.models import normalize_topic
from profiles.selectors import people_epoch
from socialearn.lib.pagination import paginate
from socialearn.lib.ratelimit import rate_limited
from socialearn.lib.text import query_param


def group_threads(request: HttpRequest, slug: str) -> HttpResponse:
    access, private = group_or_private_page(request, slug)
    if private:
        return private
    group, membership = access.group, access.membership
    threads = selectors.thread_list_for_group(
        group=group, reader=request.user, user=request.user, moderator=access.perms.moderate
    )
    kind = request.GET.get("kind", "")
    if kind in Thread.Kind.values:
        threads = threads.filter(kind=kind)
    state = request.GET.get("state", "")
    if state in Thread.State.values:
        threads = threads.in_state(state)
        if state == Thread.State.UNANSWERED:
            # The advocates' queue: whoever has waited longest first.
            threads = threads.order_by("created_at", "pk")
    tag = query_param(request.GET, "tag", max_length=50)
    if tag:
        threads = threads.filter(tags__key=normalize_topic(tag))
    return render(
        request,
        "discussions/group_threads.html",
        {
            "group": group,
            "membership": membership,
            "perms": access.perms,
            "page": paginate(request, threads),
            "kind": kind,
            "state": state,
            "tag": tag,
            "group_tags": selectors.group_tags(group=group),
        },
    )


@rate_limited("post")
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    access, private = group_or_private_page(request, slug)
    if private:
        return private
    group, membership = access.group, access.membership
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "GET" and (title := query_param(request.GET, "title", max_length=200)):
        # "Ask the community" from a search that found nothing: the question, prefilled.
        form = ThreadForm(initial={"title": title, "kind": Thread.Kind.QUESTION})
    status, preview = 200, None
    if request.method == "POST" and "preview" in request.POST:
        # Without JavaScript, "Preview" comes back here: the form, filled, and the preview.
        preview = render_text(request.POST.get("body", ""), author=request.user)[0]
        form = ThreadForm(initial=_without_files(request.POST))
    elif request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread = services.thread_create(
                    user=request.user,
                    group=group,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    tags=data["tags"],
                    images=data["images"],
                    client_token=data["token"],
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Your thread is live."))
                return redirect(thread)
        status = 422
    return render(
        request,
        "discussions/thread_form.html",
        {
            "group": group,
            "membership": membership,
            "perms": access.perms,
            "form": form,
            "preview": preview,
        },
        status=status,
    )


def comment_submitted(request: HttpRequest, subject, comment, *, thanks: str, rerender):
    """The POST of a comment on something outside discussions (a library item, a news
    post): `comment(body=..., client_token=...)` writes it, then back to the subject's
    page at the new comment; an invalid or refused one comes back through
    `rerender(form)` with its text and the reason."""
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            reply = comment(body=form.cleaned_data["body"], client_token=form.cleaned_data["token"])
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, thanks)
            return redirect(subject.get_absolute_url() + f"#post-{reply.pk}")
    return rerender(form)


def _without_files(data) -> dict:
    return {key: data.get(key) for key in data if key not in ("csrfmiddlewaretoken", "preview")}


@require_POST
@rate_limited("preview")
def preview(request: HttpRequest) -> HttpResponse:
    """The live preview (htmx): the Markdown in `body` as it will look once published."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    body = request.POST.get("body", "")[:50_000]
    html = render_text(body, author=request.user)[0]
    return render(request, "discussions/_preview.html", {"html": html})


POSTS_CACHE_SECONDS = 60 * 60
# Part of the cache key: change it when _posts.html changes, so a deploy shows at once.
POSTS_TEMPLATE_VERSION = 2


@rate_limited("post")
def thread_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    thread = selectors.thread_get_for_page(user=request.user, thread_id=pk)
    if request.method == "POST":
        return _reply(request, thread)
    if post_id := request.GET.get("post", ""):
        return _redirect_to_post(thread, post_id)
    if slug != thread.slug:
        return redirect(thread, permanent=True)
    initial = {}
    if quote := request.GET.get("quote", ""):
        initial["body"] = _quoted(thread, quote)
    return _render_thread(request, thread, ReplyForm(initial=initial))


def _quoted(thread: Thread, post_id: str) -> str:
    """A reply's text as a Markdown quote, to start a reply with."""
    post = (
        Post.objects.filter(pk=post_id if post_id.isdigit() else 0, thread=thread, is_hidden=False)
        .select_related("author")
        .first()
    )
    if post is None:
        return ""
    quote = "\n".join(f"> {line}" for line in post.body.splitlines())
    who = f"@{post.author.handle}" if post.author else _("someone")
    return _("%(who)s wrote:") % {"who": who} + "\n" + quote + "\n\n"


def _redirect_to_post(thread: Thread, post_id: str) -> HttpResponse:
    """A permalink to a reply (`?post=<id>`) lands on the page that holds it."""
    post = Post.objects.filter(pk=post_id if post_id.isdigit() else 0, thread=thread).first()
    if post is None:
        return redirect(thread)
    before = Post.objects.filter(thread=thread, created_at__lt=post.created_at).count()
    before += Post.objects.filter(thread=thread, created_at=post.created_at, pk__lt=post.pk).count()
    page = before // settings.PAGE_SIZE + 1
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{thread.get_absolute_url()}{query}#post-{post.pk}")


def posts_fragment(
    request: HttpRequest, thread: Thread, page: Page, *, moderator: bool
) -> tuple[str, list[tuple[int, int | None, float, bool]]]:
    """One page of replies as HTML, with a marker where each reply's reader-specific
    parts go (reactions, actions, the "new" line), and (id, author id, created
    timestamp, hidden) of each reply.

    The HTML is the same for every reader of the thread (the caller has checked that the
    reader may see it) except for hidden replies, whose text only moderators see; so it
    is cached, keyed on what changes it: the thread's updated_at (bumped by every reply,
    reaction, edit and moderation), the page, moderator or not, the people epoch (names,
    photos, former colleagues), and the reader's time zone and language.
    """
    parts = (thread.pk, page.number, thread.updated_at.timestamp(), int(moderator),
             people_epoch(), timezone.get_current_timezone_name(), get_language())  # fmt: skip
    key = f"posts:{POSTS_TEMPLATE_VERSION}:" + ":".join(map(str, parts))
    cached = cache.get(key)
    if cached is None:
        posts = list(page.object_list)
        html = render_to_string(
            "discussions/_posts.html",
            {"posts": posts, "thread": thread, "moderator": moderator},
            request=request,
        )
        rows = [(p.pk, p.author_id, p.created_at.timestamp(), p.is_hidden) for p in posts]
        cached = (html, rows)
        cache.set(key, cached, timeout=POSTS_CACHE_SECONDS)
    return cached


def _render_thread(
    request: HttpRequest,
    thread: Thread,
    form: ReplyForm,
    status: int = 200,
    preview: str | None = None,
) -> HttpResponse:
    user = request.user
    access = thread_access(user=user, thread=thread)
    page = paginate(request, selectors.post_list_for_thread(thread=thread))
    html, rows = posts_fragment(request, thread, page, moderator=access.moderate)
    bars = selectors.reaction_bars(user=user, thread=thread, post_ids=[r[0] for r in rows])
    token = get_token(request)
    can_accept = services.may_accept(user=user, thread=thread)
    last_read = thread.my_last_read
    if status == 200 and (last_read is None or last_read < thread.last_activity_at):
        # Nothing new since the last visit: the read mark already covers everything.
        follows.thread_mark_read(user=user, thread=thread)
    new_marked = False
    post_actions = post_actions_renderer(access, thread, token)
    for pk, author_id, created, hidden in rows:
        parts = []
        if last_read and not new_marked and not hidden and created > last_read.timestamp():
            new_marked = True
            parts.append(render_new_marker())
        html = html.replace(f"<!--before:{pk}-->", "".join(parts), 1)
        bar = "" if hidden else render_reaction_bar(bars[("post", pk)], "post", pk, token)
        if can_accept and not hidden:
            bar += render_accept_button(thread.pk, pk, pk == thread.accepted_post_id, token)
        bar += post_actions(pk, author_id, hidden)
        html = html.replace(f"<!--reactions:{pk}-->", bar, 1)
    if status == 200 and request.method == "GET":
        # Counted without a read-modify-write race; the page shows the count it loaded.
        # (Views do not bump updated_at, so the cached replies stay valid.)
        Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + 1)
    first_unread = None
    if last_read and not new_marked and thread.last_activity_at > last_read:
        first_unread = follows.first_unread(thread=thread, last_read_at=last_read)
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": thread,
            "group": thread.group,
            "access": access,
            "page": page,
            "posts_html": mark_safe(html),  # noqa: S308 (our own rendered template)
            "thread_reactions": bars[("thread", thread.pk)],
            "form": form,
            "preview": preview,
            "following": bool(thread.my_following),
            "first_unread": first_unread,
            "attachments": list(thread.attachments.filter(post__isnull=True))
            if thread.opening_images
            else [],
            "pending_corrections": selectors.pending_corrections(
                thread=thread, user=user, moderator=access.moderate
            )
            if thread.my_pending
            else [],
            "move_targets": selectors.move_targets(user=user, thread=thread)
            if access.moderate
            else [],
        },
        status=status,
    )


def _reply(request: HttpRequest, thread: Thread) -> HttpResponse:
    if "preview" in request.POST:
        form = ReplyForm(initial=_without_files(request.POST))
        preview = render_text(request.POST.get("body", ""), author=request.user)[0]
        return _render_thread(request, thread, form, preview=preview)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_create(
                user=request.user,
                thread=thread,
                body=data["body"],
                images=data["images"],
                client_token=data["token"],
            )
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return _redirect_to_post(thread, str(post.pk))
    # The reply comes back filled in, with the error, so nothing typed is lost.
    return _render_thread(request, thread, form, status=422)


@require_POST
@rate_limited("react")
def react(request: HttpRequest) -> HttpResponse:
    """Toggle a reaction on a thread's opening text or on a reply (htmx swaps the bar)."""
    target = request.POST.get("target")
    try:
        target_id = int(request.POST.get("id", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Which post is this reaction for?"))
    if target == "thread":
        thread = selectors.thread_get_for_user(user=request.user, thread_id=target_id)
        post = None
    elif target == "post":
        post = selectors.post_get_for_user(user=request.user, post_id=target_id)
        thread = post.thread
    else:
        return HttpResponseBadRequest(_("Which post is this reaction for?"))
    try:
        services.reaction_toggle(
            user=request.user,
            kind=request.POST.get("kind", ""),
            thread=thread if post is None else None,
            post=post,
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    if not request.htmx:
        anchor = f"#post-{post.pk}" if post else ""
        return redirect(thread.get_absolute_url() + anchor)
    key = ("post", post.pk) if post else ("thread", thread.pk)
    bars = selectors.reaction_bars(
        user=request.user, thread=None if post else thread, post_ids=[post.pk] if post else []
    )
    return render(
        request,
        "discussions/_reactions.html",
        {"bar": bars[key], "target": key[0], "target_id": key[1]},
    )


@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The asker (or a moderator) accepts a reply as the answer; an empty `post` takes the
    acceptance back."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    post_id = request.POST.get("post", "")
    post = None
    if post_id:
        post = Post.objects.filter(
            pk=post_id if post_id.isdigit() else 0, thread=thread, is_hidden=False
        ).first()
        if post is None:
            raise Http404
    try:
        services.answer_accept(user=request.user, thread=thread, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if post is None:
            messages.info(request, _("The answer is no longer marked as accepted."))
        else:
            messages.success(request, _("Answer accepted. Thank you for closing the loop."))
    target = thread.get_absolute_url() + (f"#post-{post.pk}" if post else "")
    return redirect(target)


def questions(request: HttpRequest) -> HttpResponse:
    """Questions across the groups one may read: unanswered (the advocates' queue, oldest
    first), answered or accepted; by topic."""
    state = request.GET.get("state", Thread.State.UNANSWERED)
    state = state if state in Thread.State.values else Thread.State.UNANSWERED
    tag = query_param(request.GET, "tag", max_length=50)
    threads = selectors.question_list(user=request.user, state=state, tag=tag)
    return render(
        request,
        "discussions/questions.html",
        {
            "page": paginate(request, threads),
            "state": state,
            "states": Thread.State.choices,
            "tag": tag,
            "mine": selectors.questions_for(user=request.user)[:5],
        },
    )
