from __future__ import annotations

from django.contrib import admin

from groups.models import Group, Membership
from groups.services import member_counts_refresh
from socialearn.lib.admin import MarkdownAdminMixin


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Group)
class GroupAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "visibility", "created_at", "archived_at"]
    list_filter = ["kind", "visibility", "archived_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["created_by"]
    inlines = [MembershipInline]
    markdown_fields = {"description": "description_html"}
    readonly_fields = ["member_count"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        member_counts_refresh(group_ids=[form.instance.pk])


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "created_at"]
    list_filter = ["role", "group__kind"]
    search_fields = ["user__email", "user__handle", "group__name"]
    raw_id_fields = ["user", "group"]
    list_select_related = ["user", "group"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        member_counts_refresh(group_ids=[obj.group_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        member_counts_refresh(group_ids=[obj.group_id])

    def delete_queryset(self, request, queryset):
        group_ids = list(queryset.values_list("group_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        member_counts_refresh(group_ids=group_ids)
