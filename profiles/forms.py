from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra fields of allauth's signup form."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As colleagues know you, e.g. Ana López."),
    )

    field_order = ["display_name"]

    def signup(self, request, user) -> None:
        # The profile was created by the adapter with this name; nothing else to do.
        pass
