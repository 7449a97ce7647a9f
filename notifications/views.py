from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import preferences, selectors, services
from notifications.models import Notification, Preference
from notifications.unsubscribe import read_token
from socialearn.lib.pagination import paginate
from socialearn.lib.ratelimit import allow, too_many


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notification_list(user=request.user))
    # Items whose thread the reader can no longer see (left a private group, hidden by a
    # moderator) are left out of the page rather than shown with their titles.
    page.object_list = selectors.grouped(
        selectors.still_visible(user=request.user, notifications=list(page))
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to the exact place, marking it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    # A grouped row ("3 new replies in ...") opens at the oldest unread one: reading
    # starts there; the whole group is read.
    first = (
        selectors.same_group_unread(notification, user=request.user)
        .order_by("created_at", "pk")
        .first()
    ) or notification
    services.mark_group_read(user=request.user, notification=notification)
    notification = first
    if not selectors.still_visible(user=request.user, notifications=[notification]):
        messages.info(request, _("That is no longer available to you."))
        return redirect("notifications:list")
    url = notification.url
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = "/"
    return redirect(url)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


class PreferencesForm(forms.Form):
    """One choice per kind of notification, each a group of radio buttons."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Preference.Channel.choices)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=[(c, labels[c]) for c in preferences.offered(kind)],
                initial=initial_choices[kind],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how to hear about this."),
                    "invalid_choice": _(
                        "Choose one of the four: by email at once, here only, in your digest, "
                        "or off."
                    ),
                },
            )

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(label, [self[kind] for kind in kinds]) for label, kinds in preferences.SECTIONS]


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """How to hear about each kind of notification."""
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,  # an empty POST is refused too
        initial_choices=preferences.choices_of(request.user),
    )
    if request.method == "POST":
        if form.is_valid():
            preferences.choices_set(user=request.user, choices=form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
        return render(request, "notifications/settings.html", {"form": form}, status=422)
    return render(request, "notifications/settings.html", {"form": form})


@login_not_required  # from an email, maybe on another device; the token is the proof
@csrf_exempt  # mail providers POST "List-Unsubscribe=One-Click" with no token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop one kind of email. GET only shows what will stop, with a button (link
    scanners open links in emails); POST stops it: that kind becomes "here only".

    The rate limit counts per person named by a valid token, not per address: forged
    links must not use up the budget of everyone behind the same proxy."""
    try:
        user, kind = read_token(token)
    except BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"kind_label": Notification.Kind(kind).label, "token": token}
    if request.method == "POST":
        if not allow(action="unsubscribe", key=f"person:{user.pk}"):
            return too_many(request, "unsubscribe")
        preferences.email_stop(user=user, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe.html", context)
