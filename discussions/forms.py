from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from discussions.models import Flag, Thread
from discussions.services import MAX_ATTACHMENTS
from profiles.forms import TopicListField, autocomplete_attrs
from socialearn.lib.images import attachment_image

IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"
# The @mention suggestions (static/js/compose.js): where they come from, and what a
# screen reader hears when they appear.
MENTIONS = {
    "data-mentions": reverse_lazy("profiles:people_options"),
    "data-mentions-found": _("%(n)s people match; use the arrow keys and Enter to choose."),
}
MARKDOWN_HELP = _("Markdown is supported: **bold**, _italic_, `code`, lists, links and @mentions.")


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    """Up to MAX_ATTACHMENTS images, each validated and re-encoded (clean returns the
    processed files, ready to store)."""

    widget = MultipleImageInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": IMAGE_TYPES})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Attach at most %(n)d images.") % {"n": MAX_ATTACHMENTS}, code="too_many"
            )
        processed = []
        for upload in files:
            super().clean(upload, initial)
            try:
                processed.append(attachment_image(upload))
            except ValidationError as exc:
                name = getattr(upload, "name", "")
                raise ValidationError(f"{name}: {' '.join(exc.messages)}", code=exc.code) from None
        return processed


class SubmissionForm(forms.Form):
    """A form that creates something: a hidden random token makes a double submit
    create it once (the services look the token up)."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class ThreadForm(SubmissionForm):
    kind = forms.ChoiceField(
        label=_("This is a"),
        choices=Thread.Kind.choices,
        initial=Thread.Kind.DISCUSSION,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For a question, ask it in one sentence."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10, **MENTIONS}),
        help_text=MARKDOWN_HELP,
    )
    tags = TopicListField(
        label=_("Topics"),
        required=False,
        max_length=300,
        help_text=_(
            "Up to five, separated by commas, e.g. Python, testing: people who know them "
            "see your question."
        ),
        widget=forms.TextInput(
            attrs=autocomplete_attrs("tags-options", reverse_lazy("profiles:topic_options"))
        ),
    )

    images = ImagesField(
        label=_("Images"),
        help_text=_("Up to four JPEG, PNG, WebP or GIF images, 5 MB each."),
    )
    field_order = ["kind", "title", "body", "tags", "images", "token"]

    def clean_tags(self) -> list[str]:
        tags = self.cleaned_data["tags"]
        if len(tags) > 5:
            raise forms.ValidationError(_("Five topics at most, please."))
        return tags

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise forms.ValidationError(_("Give the thread a title of at least 5 characters."))
        return title


class ReplyForm(SubmissionForm):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6, **MENTIONS}),
        help_text=MARKDOWN_HELP,
    )
    images = ImagesField(label=_("Images"), help_text=_("Up to four images, 5 MB each."))
    field_order = ["body", "images", "token"]

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something before you send the reply."))
        return body


class CommentForm(SubmissionForm):
    """A comment on something that keeps its conversation in a thread (a library item, a
    news post): a reply in that thread."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=50_000,
        error_messages={"required": _("Write something before you send the comment.")},
        widget=forms.Textarea(attrs={"rows": 4, **MENTIONS}),
        help_text=MARKDOWN_HELP,
    )


class EditForm(forms.Form):
    # A fingerprint of the text the editor started from (revisions.text_edit).
    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12, **MENTIONS}),
        help_text=MARKDOWN_HELP,
    )
    reason = forms.CharField(
        label=_("What did you change?"),
        max_length=500,
        required=False,
        help_text=_("Optional; shown in the history, e.g. “fixed the link”."),
    )

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class CorrectionForm(forms.Form):
    body = forms.CharField(
        label=_("Corrected text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Change what is wrong and leave the rest as it is; the author sees a diff."),
    )
    reason = forms.CharField(
        label=_("What was wrong?"),
        max_length=500,
        help_text=_("One sentence, e.g. “the flag was renamed in version 2.0”."),
    )
    source_url = forms.URLField(
        label=_("Source"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Optional: a link that shows the correct information."),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is the problem?"), choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Shown in place of the post, and to its author."),
    )
