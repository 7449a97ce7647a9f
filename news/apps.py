from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from news import tasks
        from notifications import registry

        registry.register(tasks.TARGET, tasks.visible_post_ids)
