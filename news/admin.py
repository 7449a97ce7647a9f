from __future__ import annotations

from django.contrib import admin

from news.models import NewsPost
from socialearn.lib.admin import MarkdownAdminMixin


@admin.register(NewsPost)
class NewsPostAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["title", "category", "status", "publish_at", "pinned_until", "audience"]
    list_filter = ["status", "category"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["audience", "author"]
    date_hierarchy = "publish_at"
    list_select_related = ["audience"]
