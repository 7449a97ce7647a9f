"""Threads that discuss a library item, or were turned into an article, link to it from
their own row (discussions.Thread.about_*), so the thread page needs no query for it."""

from django.db import migrations
from django.urls import reverse


def link(apps, schema_editor):
    Item = apps.get_model("content", "LibraryItem")
    Thread = apps.get_model("discussions", "Thread")
    for item in Item.objects.exclude(discussion=None).select_related("discussion"):
        url = reverse("content:detail", kwargs={"pk": item.pk, "slug": item.slug})
        Thread.objects.filter(pk=item.discussion_id).update(
            about_kind="item", about_title=item.title[:200], about_url=url,
            about_group_id=item.discussion.group_id,
        )  # fmt: skip
    for item in Item.objects.exclude(source_thread=None).select_related("source_thread"):
        url = reverse("content:detail", kwargs={"pk": item.pk, "slug": item.slug})
        Thread.objects.filter(pk=item.source_thread_id).update(
            about_kind="article", about_title=item.title[:200], about_url=url,
            about_group_id=item.source_thread.group_id,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0009_item_discussion_preview_partner_logo"),
        ("discussions", "0008_thread_about"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
