from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import preferences, selectors, services
from notifications.models import Notification, Preference
from socialearn.lib.pagination import paginate


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
    """One choice per kind of notification."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Preference.Channel.choices)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=[(c, labels[c]) for c in preferences.offered(kind)],
                initial=initial_choices[kind],
            )


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """How to hear about each kind of notification."""
    form = PreferencesForm(
        request.POST or None, initial_choices=preferences.choices_of(request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            preferences.choices_set(user=request.user, choices=form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
        return render(request, "notifications/settings.html", {"form": form}, status=422)
    return render(request, "notifications/settings.html", {"form": form})
