from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from profiles import selectors, services
from profiles.forms import ProfileForm
from profiles.models import Topic, normalize_topic
from socialearn.lib.ratelimit import rate_limited
from socialearn.lib.text import query_param


@rate_limited("profile")
def edit(request: HttpRequest) -> HttpResponse:
    """Edit my own profile. Invalid input comes back with every field as typed (422) and
    nothing saved, the current photo included."""
    profile = request.user.profile
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            services.profile_edit(profile=profile, **form.service_kwargs())
            messages.success(request, _("Your profile is saved."))
            return redirect(request.user)
        return render(request, "profiles/edit.html", {"form": form}, status=422)
    return render(request, "profiles/edit.html", {"form": form})


@require_POST
@rate_limited("react")
def follow(request: HttpRequest, handle: str) -> HttpResponse:
    """Follow or unfollow (`follow=0`). htmx gets the button back; others the profile."""
    person = selectors.person_get(handle=handle, viewer=request.user)
    wanted = request.POST.get("follow", "1") != "0"
    try:
        following = services.follow_set(follower=request.user, followed=person, follow=wanted)
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse(" ".join(exc.messages), status=422)
        messages.error(request, " ".join(exc.messages))
        return redirect(person)
    if request.htmx:
        return render(
            request, "profiles/_follow_button.html", {"person": person, "following": following}
        )
    if following:
        messages.success(request, _("You follow %(name)s.") % {"name": person.name})
    else:
        messages.success(request, _("You no longer follow %(name)s.") % {"name": person.name})
    return redirect(person)


@require_POST
@rate_limited("react")
def endorse(request: HttpRequest, handle: str, topic_id: int) -> HttpResponse:
    """Endorse one of a person's skills (`endorse=0` withdraws)."""
    person = selectors.person_get(handle=handle, viewer=request.user)
    topic = get_object_or_404(Topic, pk=topic_id)
    wanted = request.POST.get("endorse", "1") != "0"
    try:
        services.endorsement_set(endorser=request.user, person=person, topic=topic, endorse=wanted)
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(getattr(exc, "messages", [str(exc)]))
        if request.htmx:
            return HttpResponse(text, status=422)
        messages.error(request, text)
        return redirect(person)
    if request.htmx:
        skill = (
            selectors.skills_with_endorsements(person=person, viewer=request.user)
            .filter(pk=topic.pk)
            .first()
        )
        if skill is None:  # No longer one of their skills: the chip goes.
            return HttpResponse("")
        return render(
            request,
            "profiles/_skill_chip.html",
            {"person": person, "skill": skill, "can_endorse": True},
        )
    return redirect(person)


def _last_item(text: str) -> tuple[str, str]:
    """ "Python, SQL, kub" → ("Python, SQL, ", "kub")."""
    head, _sep, last = text.rpartition(",")
    return (head + ", " if head else ""), last.strip()


@require_GET
def topic_options(request: HttpRequest) -> HttpResponse:
    """<option>s for a comma-separated topic field: what is typed so far plus a known topic
    for the last item, so the browser's own suggestion list completes the list."""
    # htmx sends the input's own name=value: skills=…, interests=…, or the directory's skill=…
    names = ("skills", "interests", "skill", "interest", "q")
    name = next((k for k in names if k in request.GET), "q")
    head, last = _last_item(query_param(request.GET, name, max_length=1500))
    typed = {normalize_topic(part) for part in head.split(",")}
    topics = (
        [
            t
            for t in selectors.topic_suggestions(text=last[:50], viewer=request.user)
            if t.key not in typed
        ]
        if len(last) >= 1
        else []
    )
    return render(request, "profiles/_options.html", {"options": [head + t.name for t in topics]})


@require_GET
def people_options(request: HttpRequest) -> HttpResponse:
    """<option>s of people by name or handle (the manager field)."""
    text = query_param(request.GET, "manager" if "manager" in request.GET else "q")
    people = selectors.person_list(viewer=request.user, q=text)[:8] if len(text) >= 2 else []
    return render(
        request,
        "profiles/_options.html",
        {"options": [(p.user.handle, p.display_name) for p in people], "labelled": True},
    )
