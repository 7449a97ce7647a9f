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
