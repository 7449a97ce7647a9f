"""Pages that change a thread's texts or its standing: edit, history and revert,
suggested corrections, reports, hiding, the moderators' thread actions and queue,
following, and attached images."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import follows, moderation, revisions, selectors
from discussions.access import thread_access
from discussions.forms import CorrectionForm, EditForm, FlagForm, HideForm
from discussions.models import Attachment, Correction, Flag, Post, Revision, Thread
from discussions.notify import post_url
from discussions.services import render_text
from groups.models import Group
from groups.shortcuts import group_or_private_page
from socialearn.lib.diff import html_diff
from socialearn.lib.pagination import paginate
from socialearn.lib.ratelimit import rate_limited


def _errors(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


def _thread_and_post(request: HttpRequest, pk: int) -> tuple[Thread, Post | None]:
    """The thread (through visible_to) and the reply named by ?post= (or the POSTed
    post), else the thread's opening text. A hidden reply only for moderators."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    post_id = request.POST.get("post") or request.GET.get("post") or ""
    if not post_id:
        return thread, None
    post = Post.objects.filter(pk=post_id if post_id.isdigit() else 0, thread=thread).first()
    if post is None:
        raise Http404
    if post.is_hidden and not thread_access(user=request.user, thread=thread).moderate:
        raise Http404
    return thread, post


def _context(thread: Thread, post: Post | None, **extra) -> dict:
    target = post if post is not None else thread
    return {"thread": thread, "group": thread.group, "post": post, "target": target,
            "back": post_url(thread, post), **extra}  # fmt: skip


@rate_limited("post")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    thread, post = _thread_and_post(request, pk)
    target = post if post is not None else thread
    access = thread_access(user=request.user, thread=thread)
    if not access.may_edit(author_id=target.author_id):
        raise PermissionDenied
    with_title = post is None
    current = revisions.text_fingerprint(target.body)
    initial = {"body": target.body, "title": thread.title, "base": current}
    form = EditForm(request.POST or None, initial=initial, with_title=with_title)
    status, preview = 200, None
    if request.method == "POST" and "preview" in request.POST:
        preview = render_text(request.POST.get("body", ""), author=request.user)[0]
    elif request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                revision = revisions.text_edit(
                    user=request.user,
                    thread=thread,
                    post=post,
                    body=data["body"],
                    title=data.get("title"),
                    reason=data["reason"],
                    base=data["base"],
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, _errors(exc))
                if getattr(exc, "code", None) == "stale":
                    # Saving again, having seen the message, is a deliberate overwrite.
                    form.data = form.data.copy()
                    form.data["base"] = current
            else:
                if revision is None:
                    messages.info(request, _("Nothing changed."))
                else:
                    messages.success(request, _("Saved. The history keeps the earlier text."))
                return redirect(post_url(thread, post) + (f"#post-{post.pk}" if post else ""))
        status = 422
    return render(
        request,
        "discussions/edit.html",
        _context(thread, post, form=form, preview=preview),
        status=status,
    )


def history(request: HttpRequest, pk: int) -> HttpResponse:
    thread, post = _thread_and_post(request, pk)
    page = paginate(request, selectors.revision_list(thread=thread, post=post))
    diffs = [(r, html_diff(r.body_before, r.body_after)) for r in page.object_list]
    access = thread_access(user=request.user, thread=thread)
    return render(
        request,
        "discussions/history.html",
        _context(thread, post, page=page, diffs=diffs, can_revert=access.moderate),
    )


@require_POST
def revert(request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    revision = get_object_or_404(Revision, pk=revision_id, thread=thread)
    try:
        revisions.revision_revert(user=request.user, revision=revision)
    except (PermissionDenied, ValidationError) as exc:
        if isinstance(exc, PermissionDenied):
            raise
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Reverted. The history keeps both versions."))
    post = revision.post if revision.post_id else None
    return redirect(post_url(thread, post) + (f"#post-{post.pk}" if post else ""))


@rate_limited("post")
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Suggest a correction to someone else's text: the proposed text and why."""
    thread, post = _thread_and_post(request, pk)
    target = post if post is not None else thread
    access = thread_access(user=request.user, thread=thread)
    if not access.may_correct(author_id=target.author_id):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None, initial={"body": target.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                revisions.correction_suggest(
                    user=request.user, thread=thread, post=post, **form.cleaned_data
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(
                    request, _("Thank you. The author or a moderator will review your suggestion.")
                )
                return redirect(post_url(thread, post) + (f"#post-{post.pk}" if post else ""))
        status = 422
    return render(
        request, "discussions/correct.html", _context(thread, post, form=form), status=status
    )


def correction(request: HttpRequest, pk: int, correction_id: int) -> HttpResponse:
    """A suggested correction as a diff; its reviewers accept or decline it here."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    item = get_object_or_404(
        Correction.objects.select_related("proposer__profile", "decided_by__profile", "post"),
        pk=correction_id,
        thread=thread,
    )
    post = item.post
    may_review = revisions.may_review(user=request.user, correction=item)
    hidden = post is not None and post.is_hidden
    # A suggestion is between its proposer and its reviewers (the history shows the
    # accepted ones to every reader).
    if (hidden and not thread_access(user=request.user, thread=thread).moderate) or not (
        may_review or item.proposer_id == request.user.pk
    ):
        raise Http404
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        try:
            if request.POST.get("decision") == "accept":
                revisions.correction_accept(user=request.user, correction=item)
                messages.success(request, _("Correction accepted, with credit to its author."))
            else:
                revisions.correction_decline(user=request.user, correction=item)
                messages.info(request, _("Suggestion declined."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect(item.get_absolute_url())
    current = (post if post is not None else thread).body
    return render(
        request,
        "discussions/correction.html",
        _context(
            thread,
            post,
            correction=item,
            may_review=may_review,
            diff=html_diff(item.base_body, item.body),
            stale=current != item.base_body,
        ),
    )


@rate_limited("post")
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    thread, post = _thread_and_post(request, pk)
    target = post if post is not None else thread
    if not thread_access(user=request.user, thread=thread).may_flag(author_id=target.author_id):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation.flag_create(
                    user=request.user, thread=thread, post=post, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Thank you. The group's moderators will take a look."))
                return redirect(post_url(thread, post) + (f"#post-{post.pk}" if post else ""))
        status = 422
    return render(
        request, "discussions/flag.html", _context(thread, post, form=form), status=status
    )


def hide(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide a reply (or, without ?post=, the whole thread) with a reason; POST show=1
    shows it again."""
    thread, post = _thread_and_post(request, pk)
    if not thread_access(user=request.user, thread=thread).moderate:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("show"):
        moderation.text_hide(user=request.user, thread=thread, post=post, hide=False)
        messages.success(request, _("Visible again."))
        return redirect(post_url(thread, post) + (f"#post-{post.pk}" if post else ""))
    form = HideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            moderation.text_hide(
                user=request.user, thread=thread, post=post, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Hidden. The author has been told why."))
            if post is None:
                return redirect("discussions:flags", slug=thread.group.slug)
            return redirect(post_url(thread, post) + f"#post-{post.pk}")
        status = 422
    return render(
        request, "discussions/hide.html", _context(thread, post, form=form), status=status
    )


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """lock, unlock, pin, unpin, move (to=<group id>), great, not-great."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    action = request.POST.get("action", "")
    to_group = None
    if action == "move":
        to = request.POST.get("to", "")
        to_group = Group.objects.filter(pk=to if to.isdigit() else 0).first()
    try:
        moderation.thread_moderate(
            user=request.user, thread=thread, action=action, to_group=to_group
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        done = {
            "lock": _("Locked: no new replies."),
            "unlock": _("Unlocked."),
            "pin": _("Pinned to the top of the group."),
            "unpin": _("Unpinned."),
            "move": _("Moved."),
            "great": _("Marked as a great conversation: it is highlighted."),
            "not-great": _("No longer marked as a great conversation."),
        }
        messages.success(request, done.get(action, _("Done.")))
    return redirect(thread.get_absolute_url())


@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    if follows.bookmark_set(
        user=request.user, thread=thread, saved=request.POST.get("save") == "1"
    ):
        messages.success(request, _("Saved for later: find it under Saved."))
    return redirect(thread.get_absolute_url())


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    following = request.POST.get("follow") == "1"
    follows.follow_set(user=request.user, thread=thread, following=following)
    if following:
        messages.success(request, _("You will be told about new replies."))
    else:
        messages.info(request, _("You will no longer be told about new replies."))
    return redirect(thread.get_absolute_url())


def flags(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's moderation queue: open reports, oldest first."""
    access, private = group_or_private_page(request, slug)
    if private:
        return private
    if not access.perms.moderate:
        raise PermissionDenied
    group = access.group
    if request.method == "POST":
        flag_id = request.POST.get("flag", "")
        item = get_object_or_404(
            Flag.objects.select_related("thread__group"),
            pk=flag_id if flag_id.isdigit() else 0,
            thread__group=group,
        )
        moderation.flag_dismiss(user=request.user, flag=item)
        messages.info(request, _("Report dismissed."))
        return redirect("discussions:flags", slug=group.slug)
    hidden_threads = Thread.objects.filter(group=group, is_hidden=True).order_by("-updated_at")
    return render(
        request,
        "discussions/flags.html",
        {
            "group": group,
            "membership": access.membership,
            "perms": access.perms,
            "page": paginate(request, selectors.flag_queue(group=group)),
            "hidden_threads": hidden_threads[:20],
        },
    )


def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """An attached image, only for people who may see the thread (and the reply)."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=pk)
    item = get_object_or_404(
        Attachment.objects.select_related("post"), pk=attachment_id, thread=thread
    )
    hidden = item.post is not None and item.post.is_hidden
    if hidden and not thread_access(user=request.user, thread=thread).moderate:
        raise Http404
    response = FileResponse(item.image.open("rb"), content_type="image/webp")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
