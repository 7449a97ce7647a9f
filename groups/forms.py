from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from profiles.models import Profile, User

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
