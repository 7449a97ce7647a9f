from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, _("%(n)d of 5 stars") % {"n": n}) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=280,
        help_text=_("Optional: what made it useful, or what was missing."),
    )


class ReviewForm(forms.Form):
    review_by = forms.DateField(
        label=_("Review again by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When it should be checked again."),
    )


class PromoteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Article"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown. Edit it into something a newcomer can read on its own."),
    )
