from __future__ import annotations

from django.contrib import admin

from digests.models import Digest, DigestSettings


@admin.register(DigestSettings)
class DigestSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "weekday", "hour"]
    list_filter = ["frequency"]
    raw_id_fields = ["user"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "due_at", "status", "items", "done_at"]
    list_filter = ["status"]
    date_hierarchy = "due_at"
    raw_id_fields = ["user"]
    readonly_fields = ["user", "due_at", "status", "items", "created_at", "done_at"]
