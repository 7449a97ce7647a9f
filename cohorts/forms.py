from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import LibraryItem
from groups.models import Group

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A <input type="datetime-local">: typed in the editor's time zone, stored in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    location = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("A room, an office, or “Online”."),
    )
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https",
        help_text=_("The video call, if there is one."),
    )  # fmt: skip
    description = forms.CharField(
        label=_("What we will do"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown is supported."),
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials from the library"),
        queryset=LibraryItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, group: Group, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The cohort's own library, newest first.
        self.fields["materials"].queryset = LibraryItem.objects.filter(
            group=group, published_at__isnull=False
        ).order_by("-published_at")

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session has to end after it starts."))
        return data
