from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import LibraryItem
from content.previews import placeholder_title
from profiles.forms import TopicListField
from socialearn.lib.files import NOT_EMBEDDABLE, VIDEO_TYPES, sniff, video_embed


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


class ItemForm(forms.Form):
    """Share something in a library. What is required depends on the kind: an article
    needs its text, a link its address, a file an upload, a video an upload or a YouTube
    or Vimeo address."""

    kind = forms.ChoiceField(
        label=_("What are you sharing?"),
        choices=LibraryItem.Kind.choices,
        initial=LibraryItem.Kind.ARTICLE,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False,
        help_text=_("For a link, leave it empty to use the page's own title."),
    )  # fmt: skip
    summary = forms.CharField(
        label=_("Summary"), max_length=300, required=False,
        help_text=_("One or two sentences: what people learn from it. For a link, leave it "
                    "empty to use the page's description."),
    )  # fmt: skip
    body = forms.CharField(
        label=_("Text"), required=False, max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("For an article (Markdown), or notes about a link, file or video."),
    )  # fmt: skip
    url = forms.URLField(
        label=_("Address"), required=False, max_length=500, assume_scheme="https",
        help_text=_("For a link, or a video on YouTube, Vimeo or Microsoft Stream (the "
                    "address in Stream's embed code)."),
    )  # fmt: skip
    upload = forms.FileField(
        label=_("File"), required=False,
        help_text=_("PDF, Office document, image, or an MP4/WebM video; 25 MB at most."),
    )  # fmt: skip
    provider = forms.CharField(
        label=_("Learning partner"), max_length=120, required=False,
        help_text=_("Who made it, if it is not ours."),
    )  # fmt: skip
    level = forms.ChoiceField(label=_("Level"), choices=LibraryItem.Level.choices)
    minutes = forms.IntegerField(
        label=_("Minutes to read or watch"), min_value=1, max_value=6000, initial=5
    )
    topics = TopicListField(
        label=_("Topics"), required=False, max_length=300,
        help_text=_("Up to five, separated by commas."),
    )  # fmt: skip

    def clean_topics(self) -> list[str]:
        topics = self.cleaned_data["topics"]
        if len(topics) > 5:
            raise forms.ValidationError(_("Five topics at most, please."))
        return topics

    def clean(self):
        data = super().clean()
        kind, url, upload = data.get("kind"), data.get("url"), data.get("upload")
        if kind == LibraryItem.Kind.ARTICLE and not data.get("body", "").strip():
            self.add_error("body", _("An article needs its text."))
        if kind == LibraryItem.Kind.LINK and not url:
            self.add_error("url", _("A link needs its address."))
        if not data.get("title"):
            if kind == LibraryItem.Kind.LINK and url:
                data["title"] = placeholder_title(url)  # until the page tells its own
            else:
                self.add_error("title", _("Give it a title."))
        if kind == LibraryItem.Kind.FILE and not upload:
            self.add_error("upload", _("Choose the file to share."))
        if kind == LibraryItem.Kind.VIDEO:
            if upload:
                pass
            elif not url:
                self.add_error(
                    "url", _("Upload the video, or give its YouTube, Vimeo or Stream address.")
                )
            elif not video_embed(url):
                self.add_error("url", NOT_EMBEDDABLE)
        if upload:
            try:
                mime, _ext = sniff(upload)
            except forms.ValidationError as exc:
                self.add_error("upload", exc)
            else:
                if kind == LibraryItem.Kind.VIDEO and mime not in VIDEO_TYPES:
                    self.add_error("upload", _("This file is not an MP4 or WebM video."))
        return data


class ArticleEditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 16})
    )
    reason = forms.CharField(label=_("What did you change?"), max_length=500,
                             required=False)  # fmt: skip
