from __future__ import annotations

from django.apps import AppConfig


class SocialearnConfig(AppConfig):
    name = "socialearn"
    verbose_name = "SociaLearn"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from content.models import Bookmark, LibraryItem
        from groups.models import Group, Membership
        from socialearn.discover import epoch_bump

        # What suggestions may offer (socialearn.discover) follows these at once.
        for model in (Group, Membership, LibraryItem, Bookmark):
            for signal in (post_save, post_delete):
                signal.connect(epoch_bump, sender=model, dispatch_uid=f"suggest-{model.__name__}")
