from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Library")

    def ready(self) -> None:
        from content import tasks
        from notifications import registry

        registry.register(tasks.TARGET, tasks.visible_item_ids)
