"""Writes on library items."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import LibraryItem
from groups.models import Group
from profiles.models import User
from socialearn.lib.markdown import render_markdown
from socialearn.lib.text import slug_for


@transaction.atomic
def item_create(
    *,
    user: User,
    title: str,
    kind: str = LibraryItem.Kind.ARTICLE,
    group: Group | None = None,
    summary: str = "",
    body: str = "",
    url: str = "",
    provider: str = "",
    level: str = LibraryItem.Level.BEGINNER,
    minutes: int = 5,
) -> LibraryItem:
    """Publish an item in a group's library (readers of the group) or the site-wide one."""
    if group is not None and not Group.objects.readable_by(user).filter(pk=group.pk).exists():
        raise PermissionDenied(_("Only members of this group can add to its library."))
    return LibraryItem.objects.create(
        group=group,
        author=user,
        kind=kind,
        title=title.strip(),
        slug=slug_for(title, fallback="item"),
        summary=summary.strip(),
        body=body,
        body_html=render_markdown(body),
        url=url,
        provider=provider,
        level=level,
        minutes=minutes,
        published_at=timezone.now(),
    )
