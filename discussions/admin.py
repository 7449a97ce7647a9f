from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from discussions.models import Post, Thread
from socialearn.lib.admin import MarkdownAdminMixin


@admin.register(Thread)
class ThreadAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "kind", "author", "reply_count", "is_pinned", "is_locked",
                    "last_activity_at"]  # fmt: skip
    list_filter = ["kind", "is_pinned", "is_locked", "group"]
    search_fields = ["title", "body"]
    raw_id_fields = ["group", "author"]
    list_select_related = ["group", "author"]
    readonly_fields = ["reply_count", "view_count"]


@admin.register(Post)
class PostAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "thread", "author", "created_at"]
    search_fields = ["body", "thread__title"]
    raw_id_fields = ["thread", "author"]
    list_select_related = ["thread", "author"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Cached pages of replies key on the thread's updated_at.
        Thread.objects.filter(pk=obj.thread_id).update(updated_at=timezone.now())
