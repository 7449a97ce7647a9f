from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import selectors, services
from cohorts.calendar import sessions_ics
from cohorts.forms import SessionForm
from groups.models import Group
from groups.shortcuts import group_or_private_page


def _cohort(request: HttpRequest, slug: str):
    """The cohort as the reader may see it, or the private page; 404 for other kinds."""
    access, private = group_or_private_page(request, slug)
    if access.group.kind != Group.Kind.COHORT:
        raise Http404
    return access, private


def _context(access, **extra) -> dict:
    return {"group": access.group, "membership": access.membership, "perms": access.perms,
            **extra}  # fmt: skip


def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Upcoming and past sessions; moderators schedule new ones here."""
    access, private = _cohort(request, slug)
    if private:
        return private
    form = SessionForm(request.POST or None, group=access.group)
    status = 200
    if request.method == "POST":
        if not access.perms.moderate:
            raise PermissionDenied(_("Only the cohort's moderators can schedule sessions."))
        if form.is_valid():
            try:
                session = services.session_create(
                    group=access.group, user=request.user, **form.cleaned_data
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Session scheduled."))
                return redirect(session)
        status = 422
    now = timezone.now()
    sessions = list(selectors.session_list(group=access.group))
    return render(
        request,
        "cohorts/sessions.html",
        _context(
            access,
            upcoming=[s for s in sessions if s.ends_at >= now],
            past=[s for s in sessions if s.ends_at < now][::-1],
            form=form,
        ),
        status=status,
    )


def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, private = _cohort(request, slug)
    if private:
        return private
    session = selectors.session_get(group=access.group, pk=pk)
    return render(request, "cohorts/session.html", _context(access, session=session))


def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, private = _cohort(request, slug)
    if private:
        return private
    if not access.perms.moderate:
        raise PermissionDenied(_("Only the cohort's moderators can change sessions."))
    session = selectors.session_get(group=access.group, pk=pk)
    initial = {
        "title": session.title,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "location": session.location,
        "online_url": session.online_url,
        "description": session.description,
        "materials": list(session.materials.all()),
    }
    form = SessionForm(request.POST or None, group=access.group, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.session_update(session=session, user=request.user, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Session updated."))
                return redirect(session)
        return render(
            request, "cohorts/session_form.html", _context(access, session=session, form=form),
            status=422,
        )  # fmt: skip
    return render(
        request, "cohorts/session_form.html", _context(access, session=session, form=form)
    )


@require_POST
def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, _private = _cohort(request, slug)
    session = selectors.session_get(group=access.group, pk=pk)
    try:
        services.session_delete(session=session, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(session)
    messages.success(request, _("Session cancelled."))
    return redirect("cohorts:sessions", slug=slug)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cohort_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """Every session of the cohort, to import into a calendar."""
    access, private = _cohort(request, slug)
    if private:
        raise Http404
    sessions = selectors.session_list(group=access.group)
    return _ics_response(sessions_ics(sessions, name=access.group.name), f"{slug}.ics")


def session_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, private = _cohort(request, slug)
    if private:
        raise Http404
    session = selectors.session_get(group=access.group, pk=pk)
    body = sessions_ics([session], name=access.group.name)
    return _ics_response(body, f"{slug}-session-{pk}.ics")
