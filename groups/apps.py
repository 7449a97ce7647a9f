from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        from groups import notify
        from notifications import registry

        registry.register(notify.REQUEST_TARGET, notify.visible_request_ids)
        registry.register(notify.INVITATION_TARGET, notify.visible_invitation_group_ids)
