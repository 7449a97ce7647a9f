from __future__ import annotations

from django.contrib import admin

from content.models import LibraryItem
from socialearn.lib.admin import MarkdownAdminMixin


@admin.register(LibraryItem)
class LibraryItemAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "group", "provider", "level", "published_at"]
    list_filter = ["kind", "level", "provider"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["group", "author"]
    list_select_related = ["group"]
