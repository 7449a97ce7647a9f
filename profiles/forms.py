from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.models import TIME_ZONE_CHOICES, Profile


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


MAX_TOPICS = 20


class TopicListField(forms.CharField):
    """Comma-separated names, e.g. "Python, public speaking, SQL"."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        names = [" ".join(part.split()) for part in text.split(",")]
        return [n for n in names if n]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_TOPICS:
            raise forms.ValidationError(
                _("At most %(n)d, please: pick the ones colleagues should ask you about."),
                params={"n": MAX_TOPICS},
            )
        if too_long := [n for n in value if len(n) > 50]:
            raise forms.ValidationError(
                _("Keep each one under 50 characters: “%(name)s” is longer."),
                params={"name": too_long[0][:60]},
            )


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    skills = TopicListField(
        label=_("Ask me about"),
        required=False,
        max_length=1500,
        help_text=_("Skills colleagues can ask you about, separated by commas."),
    )
    interests = TopicListField(
        label=_("Interests"),
        required=False,
        max_length=1500,
        help_text=_("Hobbies and interests, for clubs and fun, separated by commas."),
    )

    class Meta:
        model = Profile
        fields = ["display_name", "pronouns", "job_title", "department", "location", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"display_name": {"required": _("Colleagues need a name to find you by.")}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["time_zone"] = self.instance.user.time_zone
            self.initial["skills"] = ", ".join(t.name for t in self.instance.skills.all())
            self.initial["interests"] = ", ".join(t.name for t in self.instance.interests.all())

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Colleagues need a name to find you by."))
        return name
