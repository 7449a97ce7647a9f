from __future__ import annotations

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from discussions.models import Thread, register_about_rule
        from news import tasks
        from news.models import NewsPost
        from notifications import registry

        registry.register(tasks.TARGET, tasks.visible_post_ids)
        # The comments on a post are read by the post's readers only: a group's news by
        # its members (not every reader of an open group), nothing once unpublished.
        register_about_rule(
            Thread.About.NEWS,
            lambda user: Q(discussed_news__in=NewsPost.objects.visible_to(user)),
        )
