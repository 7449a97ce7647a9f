from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from discussions import notify
        from notifications import registry

        registry.register(notify.TARGET, notify.visible_thread_ids)
        registry.register(notify.POST_TARGET, notify.visible_post_ids)
        registry.register(notify.GROUP_TARGET, notify.visible_group_ids)
