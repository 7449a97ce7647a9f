from __future__ import annotations

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from profiles.forms import TopicListField, autocomplete_attrs
from profiles.models import Profile, User
from socialearn.lib.images import cover_images

MAX_INVITES = 200


class InviteForm(forms.Form):
    """Invite people by handle or email, or everyone in a department."""

    people = forms.CharField(
        label=_("People"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Handles or email addresses, separated by commas or new lines."),
    )
    department = forms.ChoiceField(
        label=_("Or everyone in a department"),
        required=False,
        help_text=_("Members and people already invited are skipped."),
    )

    def __init__(self, *args, group: Group, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        departments = (
            Profile.objects.filter(user__is_active=True)
            .exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        )
        self.fields["department"].choices = [
            ("", _("No department")),
            *((d, d) for d in departments),
        ]

    def clean(self) -> dict:
        data = super().clean()
        names = [n.strip().lstrip("@") for n in re.split(r"[,\s]+", data.get("people", ""))]
        names = [n for n in names if n]
        department = data.get("department", "")
        if not names and not department:
            raise forms.ValidationError(_("Name at least one person, or choose a department."))
        found = list(
            User.objects.active().filter(handle__in=[n.lower() for n in names if "@" not in n])
        ) + list(User.objects.active().filter(email__in=[n for n in names if "@" in n]))
        known = {u.handle for u in found} | {u.email.lower() for u in found}
        unknown = [n for n in names if n.lower() not in known]
        if unknown:
            self.add_error(
                "people",
                _("Nobody here is called %(names)s. Check the spelling.")
                % {"names": ", ".join(f"“{n}”" for n in unknown[:5])},
            )
        if department:
            found += list(
                User.objects.active().filter(profile__department=department, is_guest=False)
            )
        people = {u.pk: u for u in found}
        if len(people) > MAX_INVITES:
            raise forms.ValidationError(
                _("That is %(n)d people: invite at most %(max)d at once.")
                % {"n": len(people), "max": MAX_INVITES}
            )
        data["people"] = list(people.values())
        return data


class GroupForm(forms.Form):
    """Create a group, or change its settings (owners)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Group.Kind.choices, widget=forms.RadioSelect, initial="topic"
    )
    visibility = forms.ChoiceField(
        label=_("Who can find and join it"),
        choices=[
            (Group.Visibility.OPEN, _("Open: anyone here can see it and join in one click")),
            (Group.Visibility.PRIVATE, _("Private: listed, but people ask to join")),
            (Group.Visibility.HIDDEN, _("Hidden: only members know it exists; by invitation")),
        ],
        widget=forms.RadioSelect,
        initial=Group.Visibility.OPEN,
    )
    description = forms.CharField(
        label=_("What is it about?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown is supported."),
    )
    rules = forms.CharField(
        label=_("Rules"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How we talk to each other here. Markdown is supported."),
    )
    topics = TopicListField(
        label=_("Topics"),
        required=False,
        max_length=1500,
        help_text=_(
            "What it covers, separated by commas: people with these skills and "
            "interests will see it suggested."
        ),
        widget=forms.TextInput(
            attrs=autocomplete_attrs("topics-options", reverse_lazy("profiles:topic_options"))
        ),
    )
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("A wide picture, cropped to 3:1. JPEG, PNG, WebP or GIF up to 5 MB."),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def __init__(self, *args, group: Group | None = None, user=None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.group = group
        self.user = user
        if group is not None and not self.is_bound:
            self.initial.update(
                name=group.name,
                kind=group.kind,
                visibility=group.visibility,
                description=group.description,
                rules=group.rules,
                topics=", ".join(t.name for t in group.topics.all()),
            )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("A group needs a name."))
        # Only groups the person may see: a hidden group's name is not for them to learn.
        clash = Group.objects.visible_to(self.user).filter(name__iexact=name)
        if self.group is not None:
            clash = clash.exclude(pk=self.group.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("There is already a group called “%(name)s”. Join it, or pick another name."),
                params={"name": name},
            )
        return name

    def clean_cover(self) -> dict | None:
        upload = self.cleaned_data.get("cover")
        return cover_images(upload) if upload else None
