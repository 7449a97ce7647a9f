from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from profiles.models import (
    SSO_MANAGEABLE_FIELDS,
    Endorsement,
    Follow,
    Profile,
    Topic,
    User,
    normalize_topic,
)
from profiles.services import accounts_deactivate, people_changed
from socialearn.lib.admin import MarkdownAdminMixin
from socialearn.lib.markdown import render_markdown


class ProfileAdminForm(forms.ModelForm):
    sso_managed_fields = forms.MultipleChoiceField(
        label=_("Managed by the company directory"),
        choices=[
            (name, (User if name == "email" else Profile)._meta.get_field(name).verbose_name)
            for name in SSO_MANAGEABLE_FIELDS
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Single sign-on fills these; the person sees them read-only."),
    )

    class Meta:
        model = Profile
        fields = ["sso_managed_fields"]  # The admins below list the rest.


class PeopleChangedMixin:
    """Names, photos, "former colleague" and "external" labels are in cached pages: any
    admin change to people bumps the people epoch, once all of it (inlines included) is
    committed."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        transaction.on_commit(people_changed)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(people_changed)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(people_changed)


class ProfileInline(admin.StackedInline):
    # (UserAdmin.save_formset renders the bio's HTML.) Photos are uploaded by the person
    # (profiles.images makes the thumbnails), not here.
    model = Profile
    fk_name = "user"
    form = ProfileAdminForm
    can_delete = False
    fields = ["display_name", "job_title", "department", "team", "location", "manager",
              "languages", "bio", "sso_managed_fields"]  # fmt: skip
    raw_id_fields = ["manager"]


@admin.register(User)
class UserAdmin(PeopleChangedMixin, DjangoUserAdmin):
    inlines = [ProfileInline]
    ordering = ["email"]
    list_display = ["email", "handle", "display_name", "department", "is_active", "is_staff",
                    "last_login"]  # fmt: skip
    list_filter = ["is_active", "is_guest", "is_staff", "is_superuser", "profile__department"]
    search_fields = ["email", "handle", "profile__display_name"]
    list_select_related = ["profile"]
    fieldsets = [
        (None, {"fields": ["email", "handle", "password", "time_zone"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_guest",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ],
                "description": _(
                    "Untick “active” to deactivate someone who left: they can no longer sign "
                    "in and leave the directory; what they wrote stays, under their name."
                ),
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "handle", "is_guest", "password1", "password2"],
            },
        ),
    ]

    actions = ["deactivate"]

    @admin.action(description=_("Deactivate selected people (they left the company)"))
    def deactivate(self, request, queryset):
        n = accounts_deactivate(users=list(queryset))
        self.message_user(request, _("%(n)d people deactivated.") % {"n": n})

    def save_formset(self, request, form, formset, change):
        for profile in formset.save(commit=False):
            profile.bio_html = render_markdown(profile.bio)
            profile.save()
        formset.save_m2m()

    @admin.display(description=_("name"), ordering="profile__display_name")
    def display_name(self, user: User) -> str:
        return user.profile.display_name

    @admin.display(description=_("department"), ordering="profile__department")
    def department(self, user: User) -> str:
        return user.profile.department


@admin.register(Profile)
class ProfileAdmin(PeopleChangedMixin, MarkdownAdminMixin, admin.ModelAdmin):
    form = ProfileAdminForm
    markdown_fields = {"bio": "bio_html"}
    fields = ["user", "display_name", "pronouns", "job_title", "department", "team",
              "location", "manager", "languages", "bio", "skills", "interests",
              "sso_managed_fields"]  # fmt: skip
    list_display = ["display_name", "user", "job_title", "department", "location"]
    list_filter = ["department", "location"]
    search_fields = ["display_name", "user__email", "user__handle", "job_title"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "manager"]
    filter_horizontal = ["skills", "interests"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "created_at"]
    search_fields = ["name", "key"]

    def save_model(self, request, obj, form, change):
        obj.key = normalize_topic(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["person", "topic", "endorser", "created_at"]
    search_fields = ["person__handle", "endorser__handle", "topic__name"]
    list_select_related = ["person", "endorser", "topic"]
    raw_id_fields = ["person", "endorser", "topic"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "followed", "created_at"]
    search_fields = ["follower__handle", "followed__handle"]
    list_select_related = ["follower", "followed"]
    raw_id_fields = ["follower", "followed"]
