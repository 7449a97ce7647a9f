from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from profiles.models import Profile, Topic, User, normalize_topic
from socialearn.lib.admin import MarkdownAdminMixin
from socialearn.lib.markdown import render_markdown


class ProfileInline(admin.StackedInline):
    # (UserAdmin.save_formset renders the bio's HTML.)
    model = Profile
    can_delete = False
    fields = ["display_name", "job_title", "department", "location", "bio", "avatar"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [ProfileInline]
    ordering = ["email"]
    list_display = ["email", "handle", "display_name", "department", "is_active", "is_staff",
                    "last_login"]  # fmt: skip
    list_filter = ["is_active", "is_staff", "is_superuser", "profile__department"]
    search_fields = ["email", "handle", "profile__display_name"]
    list_select_related = ["profile"]
    fieldsets = [
        (None, {"fields": ["email", "handle", "password", "time_zone"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "handle", "password1", "password2"]}),
    ]

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
class ProfileAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    markdown_fields = {"bio": "bio_html"}
    list_display = ["display_name", "user", "job_title", "department", "location"]
    list_filter = ["department", "location"]
    search_fields = ["display_name", "user__email", "user__handle", "job_title"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "created_at"]
    search_fields = ["name", "key"]

    def save_model(self, request, obj, form, change):
        obj.key = normalize_topic(obj.name)
        super().save_model(request, obj, form, change)
