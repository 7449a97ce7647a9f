from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from content.feeds import import_feed
from content.models import Feed, LibraryItem, Provider
from socialearn.lib.admin import MarkdownAdminMixin
from socialearn.lib.images import logo_image


@admin.register(LibraryItem)
class LibraryItemAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "group", "provider", "level", "is_featured", "review_by",
                    "published_at"]  # fmt: skip
    list_filter = ["kind", "level", "is_featured", "provider"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["group", "author", "feed"]
    list_select_related = ["group"]
    filter_horizontal = ["topics"]


HTTPS_URL = partial(forms.URLField, assume_scheme="https")


class FeedForm(forms.ModelForm):
    class Meta:
        model = Feed
        fields = ["provider", "url", "group", "is_active"]
        field_classes = {"url": HTTPS_URL}


class FeedInline(admin.TabularInline):
    model = Feed
    form = FeedForm
    extra = 1
    fields = ["url", "group", "is_active", "last_success_at", "last_error"]
    readonly_fields = ["last_success_at", "last_error"]
    raw_id_fields = ["group"]


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "site_url", "logo"]
        field_classes = {"site_url": HTTPS_URL}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new upload: checked and re-encoded
            return logo_image(logo)
        return logo


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    form = ProviderForm
    list_display = ["name", "site_url"]
    search_fields = ["name"]
    inlines = [FeedInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Partner feeds with their health: when they last worked and why they last failed."""

    form = FeedForm
    list_display = ["url", "provider", "group", "is_active", "last_success_at", "last_error_at",
                    "last_error", "imported_count"]  # fmt: skip
    list_filter = ["is_active", "provider"]
    list_select_related = ["provider", "group"]
    raw_id_fields = ["group"]
    readonly_fields = ["last_checked_at", "last_success_at", "last_error", "last_error_at",
                       "imported_count"]  # fmt: skip
    actions = ["import_now"]

    @admin.action(description=_("Import the selected feeds now"))
    def import_now(self, request, queryset):
        created = failed = 0
        for feed in queryset.select_related("provider", "group"):
            result = import_feed(feed)
            created += result.created
            failed += bool(result.error)
        self.message_user(
            request,
            ngettext("%(n)d new item imported.", "%(n)d new items imported.", created)
            % {"n": created},
            messages.WARNING if failed else messages.SUCCESS,
        )
