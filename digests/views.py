"""A person's digest settings, and one-click unsubscribe from an email."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from digests import services
from digests.models import DigestSettings, Frequency, Weekday
from digests.unsubscribe import read_token
from socialearn.lib.ratelimit import allow, too_many

HOURS = [(h, f"{h:02d}:00") for h in range(24)]


class SettingsForm(forms.ModelForm):
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day (weekly digests)"), choices=Weekday.choices, coerce=int
    )
    hour = forms.TypedChoiceField(
        label=gettext_lazy("Time, in your time zone"), choices=HOURS, coerce=int
    )

    class Meta:
        model = DigestSettings
        fields = ["frequency", "weekday", "hour"]


@require_http_methods(["GET", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    current = services.settings_of(request.user)
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            services.settings_set(user=request.user, settings=form.save(commit=False))
            messages.success(request, _("Your digest settings are saved."))
            return redirect("digests:settings")
        return render(request, "digests/settings.html", _context(request, form), status=422)
    return render(request, "digests/settings.html", _context(request, form))


def _context(request: HttpRequest, form: SettingsForm) -> dict:
    return {
        "form": form,
        "next_at": services.next_due(request.user, now=timezone.now()),
        "time_zone": request.user.time_zone,
    }


@login_not_required  # from an email, maybe on another device; the token is the proof
@csrf_exempt  # mail providers POST "List-Unsubscribe=One-Click" with no token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop digests. GET only asks (link scanners open links in emails); POST stops
    them. Rate-limited per person named by a valid link, never per address."""
    try:
        user = read_token(token)
    except BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        if not allow(action="unsubscribe", key=f"person:{user.pk}"):
            return too_many(request, "unsubscribe")
        services.digests_stop(user=user)
        return render(request, "digests/unsubscribe_done.html")
    return render(request, "digests/unsubscribe.html", {"token": token})
