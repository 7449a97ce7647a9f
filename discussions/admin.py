from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
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

    def get_readonly_fields(self, request, obj=None):
        # A reply stays in its thread: moving it would carry it across groups.
        return ["thread"] if obj else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _touch_threads([obj.thread_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _touch_threads([obj.thread_id])

    def delete_queryset(self, request, queryset):
        thread_ids = list(queryset.values_list("thread_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        _touch_threads(thread_ids)


def _touch_threads(thread_ids: list[int]) -> None:
    """Cached pages of replies key on the thread's updated_at; counts follow the rows."""
    replies = Post.objects.filter(thread=OuterRef("pk")).order_by().values("thread")
    Thread.objects.filter(pk__in=thread_ids).update(
        updated_at=timezone.now(),
        reply_count=Coalesce(Subquery(replies.annotate(n=Count("pk")).values("n")), 0),
    )
