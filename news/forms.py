from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.forms import MARKDOWN_HELP, MENTIONS
from groups.models import Group
from news.models import NewsPost, NewsReaction
from news.permissions import NewsDesk
from profiles.models import User

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HandleListField(forms.CharField):
    """Comma-separated handles of active colleagues ("ana.lopez, ben.okafor")."""

    def clean(self, value) -> list[User]:
        text = super().clean(value) or ""
        handles = [h.strip().lstrip("@").lower() for h in text.split(",") if h.strip()]
        if len(handles) > 5:
            raise forms.ValidationError(_("Five co-authors at most, please."))
        people = list(User.objects.filter(handle__in=handles, is_active=True, is_guest=False))
        unknown = sorted(set(handles) - {p.handle for p in people})
        if unknown:
            raise forms.ValidationError(
                _("Nobody here has the handle %(handles)s.") % {"handles": ", ".join(unknown)}
            )
        return people


class NewsForm(forms.Form):
    """Write or change a post; the button pressed decides what happens next: save the
    draft, preview it, or publish (now, or at the chosen minute)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, required=False,
        help_text=_("One or two sentences shown on lists, the home page and in emails."),
    )  # fmt: skip
    body = forms.CharField(
        label=_("Text"), max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16, **MENTIONS}), help_text=MARKDOWN_HELP,
    )  # fmt: skip
    category = forms.ChoiceField(label=_("Category"), choices=NewsPost.Category.choices)
    audience = forms.ModelChoiceField(
        label=_("Audience"), queryset=Group.objects.none(), required=False,
        help_text=_("Group news is shown in the group and to its members only."),
    )  # fmt: skip
    hero = forms.FileField(
        label=_("Image"), required=False,
        help_text=_("JPEG, PNG or WebP, 5 MB at most; cropped to 16:9."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )  # fmt: skip
    hero_alt = forms.CharField(
        label=_("Image description"), max_length=200, required=False,
        help_text=_("What the image shows, for people who cannot see it."),
    )  # fmt: skip
    remove_hero = forms.BooleanField(label=_("Remove the image"), required=False)
    video = forms.FileField(
        label=_("Video file"), required=False, help_text=_("MP4 or WebM, 200 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )  # fmt: skip
    video_url = forms.URLField(
        label=_("Or a video address"), required=False, max_length=500, assume_scheme="https",
        help_text=_("YouTube, Vimeo or Microsoft Stream."),
    )  # fmt: skip
    remove_video = forms.BooleanField(label=_("Remove the video"), required=False)
    co_authors = HandleListField(
        label=_("Co-authors"), required=False, max_length=300,
        help_text=_("Handles, separated by commas, e.g. ana.lopez, ben.okafor."),
    )  # fmt: skip
    publish_at = forms.DateTimeField(
        label=_("Publish at"), required=False, widget=LOCAL_DATETIME,
        help_text=_("In your time zone. Empty: as soon as you publish."),
    )  # fmt: skip
    pinned_until = forms.DateTimeField(
        label=_("Pinned until"), required=False, widget=LOCAL_DATETIME,
        help_text=_("Keep it at the top of the news until then."),
    )  # fmt: skip
    is_important = forms.BooleanField(
        label=_("Important: email it to its audience when it is published"), required=False
    )
    is_must_read = forms.BooleanField(
        label=_("Must read: readers confirm they have read it"), required=False
    )

    def __init__(self, *args, desk: NewsDesk, **kwargs):
        super().__init__(*args, **kwargs)
        groups = Group.objects.filter(archived_at__isnull=True).order_by("name")
        field = self.fields["audience"]
        if desk.create:
            field.queryset = groups
            field.empty_label = _("Everyone")
        else:
            field.queryset = groups.filter(pk__in=desk.moderated)
            field.required = True
            field.empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("hero") and not data.get("hero_alt", "").strip():
            self.add_error("hero_alt", _("Describe the image for people who cannot see it."))
        if data.get("video") and data.get("video_url"):
            self.add_error("video_url", _("Upload a video or give its address, not both."))
        return data


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=NewsReaction.KINDS)
