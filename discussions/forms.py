from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from discussions.models import Thread
from profiles.forms import TopicListField, autocomplete_attrs


class ThreadForm(forms.Form):
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
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown is supported: **bold**, _italic_, `code`, lists and links."),
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


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown is supported."),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something before you send the reply."))
        return body
