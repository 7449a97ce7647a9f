from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.core.validators import URLValidator
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.models import MAX_LINKS, TIME_ZONE_CHOICES, Profile
from profiles.selectors import person_by_handle
from socialearn.lib.images import MAX_UPLOAD_BYTES, avatar_thumbnails


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


def autocomplete_attrs(list_id: str, source: str) -> dict[str, str]:
    """A text input whose suggestions (a <datalist>) come from the server as you type.

    Without JavaScript it is a plain text field; with htmx the datalist fills in.
    """
    return {
        "list": list_id,
        "autocomplete": "off",
        "data-hx-get": source,
        "data-hx-trigger": "input changed delay:200ms",
        "data-hx-target": f"#{list_id}",
        "data-hx-swap": "innerHTML",
        "data-hx-sync": "this:replace",
    }


class ProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Upload a new photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=lazy(
            lambda: (
                gettext("A JPEG, PNG, WebP or GIF up to %(mb)d MB. We crop it to a square.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            ),
            str,
        )(),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    manager = forms.CharField(
        label=_("Manager"),
        required=False,
        max_length=254,
        help_text=_("Their handle or email, e.g. ana.lopez."),
        widget=forms.TextInput(
            attrs=autocomplete_attrs("people-options", reverse_lazy("profiles:people_options"))
        ),
    )
    skills = TopicListField(
        label=_("Ask me about"),
        required=False,
        max_length=1500,
        help_text=_("Skills colleagues can ask you about, separated by commas."),
        widget=forms.TextInput(
            attrs=autocomplete_attrs("skills-options", reverse_lazy("profiles:topic_options"))
        ),
    )
    interests = TopicListField(
        label=_("Interests"),
        required=False,
        max_length=1500,
        help_text=_("Hobbies and interests, for clubs and fun, separated by commas."),
        widget=forms.TextInput(
            attrs=autocomplete_attrs("interests-options", reverse_lazy("profiles:topic_options"))
        ),
    )

    class Meta:
        model = Profile
        fields = ["display_name", "pronouns", "job_title", "department", "team", "location",
                  "languages", "bio"]  # fmt: skip
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"display_name": {"required": _("Colleagues need a name to find you by.")}}

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        profile = self.instance
        for n in range(1, MAX_LINKS + 1):
            self.fields[f"link_{n}_label"] = forms.CharField(
                label=_("Label"), required=False, max_length=60
            )
            self.fields[f"link_{n}_url"] = forms.CharField(
                label=_("Web address"),
                required=False,
                max_length=500,
                widget=forms.URLInput(attrs={"placeholder": "https://"}),
            )
        if profile.pk and not self.is_bound:
            self.initial["time_zone"] = profile.user.time_zone
            self.initial["skills"] = ", ".join(t.name for t in profile.skills.all())
            self.initial["interests"] = ", ".join(t.name for t in profile.interests.all())
            self.initial["manager"] = profile.manager.handle if profile.manager else ""
            for n, link in enumerate(profile.links[:MAX_LINKS], start=1):
                self.initial[f"link_{n}_label"] = link.get("label", "")
                self.initial[f"link_{n}_url"] = link.get("url", "")
        # Fields the company directory owns are shown, not edited (the service ignores
        # them too, whatever a crafted request sends).
        for name in profile.sso_managed_fields:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Managed by your company directory.")

    @property
    def link_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"link_{n}_label"], self[f"link_{n}_url"]) for n in range(1, MAX_LINKS + 1)]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Colleagues need a name to find you by."))
        return name

    def clean_photo(self) -> dict | None:
        """Thumbnails of the upload, or a clear error (and the current photo stays)."""
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return avatar_thumbnails(upload)

    def clean_manager(self):
        if self.fields["manager"].disabled:  # The company directory's value stands.
            return self.instance.manager
        text = self.cleaned_data["manager"].strip()
        if not text:
            return None
        manager = person_by_handle(handle=text, viewer=self.instance.user)
        if manager is None:
            raise forms.ValidationError(
                _("Nobody here has the handle or email “%(text)s”."), params={"text": text[:80]}
            )
        if manager.pk == self.instance.user_id:
            raise forms.ValidationError(_("You cannot be your own manager."))
        return manager

    def clean(self) -> dict:
        data = super().clean()
        links = []
        validate = URLValidator(schemes=["http", "https"])
        for n in range(1, MAX_LINKS + 1):
            label = " ".join(data.get(f"link_{n}_label", "").split())
            url = data.get(f"link_{n}_url", "").strip()
            if not url:
                if label:
                    self.add_error(f"link_{n}_url", _("Add the address this link goes to."))
                continue
            if "://" not in url:
                url = "https://" + url
            try:
                validate(url)
            except forms.ValidationError:
                self.add_error(
                    f"link_{n}_url",
                    _(
                        "Enter a full web address starting with https://, e.g. https://wiki.example.com/me."
                    ),
                )
                continue
            links.append({"label": label or urlsplit(url).hostname, "url": url})
        data["links"] = links
        return data

    def service_kwargs(self) -> dict:
        """The cleaned data as profile_edit() takes it."""
        data = dict(self.cleaned_data)
        for n in range(1, MAX_LINKS + 1):
            data.pop(f"link_{n}_label", None)
            data.pop(f"link_{n}_url", None)
        return data
