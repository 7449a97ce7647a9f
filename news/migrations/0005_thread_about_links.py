"""Threads holding a news post's comments link to it from their own row."""

from django.db import migrations
from django.urls import reverse


def link(apps, schema_editor):
    Post = apps.get_model("news", "NewsPost")
    Thread = apps.get_model("discussions", "Thread")
    for post in Post.objects.exclude(discussion=None).select_related("discussion"):
        Thread.objects.filter(pk=post.discussion_id).update(
            about_kind="news", about_title=post.title[:200],
            about_url=reverse("news:detail", kwargs={"slug": post.slug}),
            about_group_id=post.discussion.group_id,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_news_editors_role"),
        ("discussions", "0008_thread_about"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
