"""Writes on library items."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from content import tasks
from content.models import Bookmark, LibraryItem, Rating
from content.selectors import MEAN_CACHE_KEY
from discussions import services as discussion_services
from discussions.access import thread_access
from discussions.models import Post, Thread
from groups.models import Group
from groups.selectors import LEADER_ROLES, role_of
from groups.services import system_group
from profiles.models import User
from profiles.services import topics_get_or_create
from socialearn.lib.files import NOT_EMBEDDABLE, sniff, video_embed
from socialearn.lib.markdown import escape_markdown, render_markdown
from socialearn.lib.text import slug_for

DEFAULT_REVIEW_MONTHS = 6  # a new item, or a reviewed one, is due again in six months
# /library/<id>/<slug>/ shares its shape with the item's action pages.
RESERVED_SLUGS = {"rate", "save", "file", "review", "broken", "edit", "correct", "history",
                  "corrections", "revisions", "comment", "preview"}  # fmt: skip


def item_slug(title: str) -> str:
    slug = slug_for(title, fallback="item")
    return f"{slug}-item" if slug in RESERVED_SLUGS else slug


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
        slug=item_slug(title),
        summary=summary.strip(),
        body=body,
        body_html=render_markdown(body),
        url=url,
        provider=provider,
        level=level,
        minutes=minutes,
        published_at=timezone.now(),
        review_by=timezone.localdate() + timedelta(days=30 * DEFAULT_REVIEW_MONTHS),
    )


@transaction.atomic
def rating_set(*, user: User, item: LibraryItem, stars: int, comment: str = "") -> Rating:
    """Rate an item 1 to 5 stars (again: the rating changes). The item's count and sum
    move in the same transaction, from the rating rows, so two people rating at once
    cannot leave them wrong. The caller fetched the item through visible_to()."""
    if not 1 <= int(stars) <= 5:
        raise ValidationError(_("Choose from one to five stars."))
    # The item's row is locked first: concurrent ratings are then counted one after the
    # other, each seeing the ratings committed before it.
    LibraryItem.objects.select_for_update().filter(pk=item.pk).values_list("pk").first()
    rating, _created = Rating.objects.update_or_create(
        user=user, item=item, defaults={"stars": int(stars), "comment": comment.strip()}
    )
    ratings = Rating.objects.filter(item=OuterRef("pk")).order_by().values("item")
    LibraryItem.objects.filter(pk=item.pk).update(
        rating_count=Coalesce(Subquery(ratings.annotate(n=Count("pk")).values("n")), 0),
        rating_sum=Coalesce(Subquery(ratings.annotate(s=Sum("stars")).values("s")), 0),
        updated_at=timezone.now(),
    )
    transaction.on_commit(lambda: cache.delete(MEAN_CACHE_KEY))
    return rating


def bookmark_set(*, user: User, item: LibraryItem, saved: bool) -> bool:
    """Save an item for later, or take it off the saved page; idempotent."""
    if saved:
        Bookmark.objects.get_or_create(user=user, item=item)
    else:
        Bookmark.objects.filter(user=user, item=item).delete()
    return saved


def may_review_item(*, user: User, item: LibraryItem) -> bool:
    """The item's owner (who shared it), or a moderator of its group; site-wide items
    nobody owns (imported from partners' feeds) are the learning team's (site staff)."""
    if user.pk == item.author_id:
        return True
    if item.author_id is None and item.group_id is None:
        return user.is_staff
    return item.group_id is not None and role_of(user=user, group=item.group_id) in LEADER_ROLES


@transaction.atomic
def item_review(*, user: User, item: LibraryItem, review_by: date | None = None) -> LibraryItem:
    """Mark an item as reviewed: it is still right (or was fixed), a broken-link report
    is cleared, and the next review is due on `review_by` (default: in six months)."""
    if not may_review_item(user=user, item=item):
        raise PermissionDenied(_("Only the person who shared it or a group moderator can."))
    today = timezone.localdate()
    review_by = review_by or today + timedelta(days=30 * DEFAULT_REVIEW_MONTHS)
    if review_by <= today:
        raise ValidationError(_("Choose a review date in the future."))
    LibraryItem.objects.filter(pk=item.pk).update(
        review_by=review_by,
        reviewed_at=timezone.now(),
        broken_reported_at=None,
        broken_reported_by=None,
        updated_at=timezone.now(),
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def broken_link_report(*, user: User, item: LibraryItem) -> bool:
    """A reader reports that a link no longer works; its owner is told once, until a
    review clears the report. Returns False when it was already reported."""
    if item.kind != LibraryItem.Kind.LINK:
        raise ValidationError(_("Only links can be reported as broken."))
    reported = LibraryItem.objects.filter(pk=item.pk, broken_reported_at__isnull=True).update(
        broken_reported_at=timezone.now(), broken_reported_by=user, updated_at=timezone.now()
    )
    if reported:
        transaction.on_commit(lambda: tasks.notify_broken_link.delay(item.pk, user.pk), robust=True)
    return bool(reported)


def promotion_draft(*, thread: Thread) -> dict[str, str]:
    """A library article prefilled from a conversation: the question, the accepted answer
    (or the opening text), and credit to the people who wrote them."""
    answer = thread.accepted_post if thread.accepted_post_id else None
    contributors = [p for p in (thread.author, answer.author if answer else None) if p]
    credits = ", ".join(
        dict.fromkeys(f"@{person.handle}" for person in contributors if person.is_active)
    )
    parts = [thread.body.strip()]
    if answer is not None:
        parts += ["", "## " + _("The accepted answer"), "", answer.body.strip()]
    if credits:
        parts += ["", _("From a conversation by %(names)s.") % {"names": credits}]
    return {
        "title": thread.title,
        "summary": Truncator(" ".join(thread.body.split())).chars(280),
        "body": "\n".join(parts),
    }


@transaction.atomic
def thread_promote(
    *, user: User, thread: Thread, title: str, summary: str, body: str
) -> LibraryItem:
    """A moderator or advocate turns a conversation into an article in its group's
    library, linked both ways (the item to the thread, the thread page to the item)."""
    if not thread_access(user=user, thread=thread).may_highlight:
        raise PermissionDenied(
            _("Only the group's moderators and advocates can add conversations to its library.")
        )
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError(_("The article needs a title and some text."))
    item = item_create(
        user=user,
        title=title,
        kind=LibraryItem.Kind.ARTICLE,
        group=thread.group,
        summary=summary,
        body=body,
    )
    item.source_thread = thread
    item.save(update_fields=["source_thread"])
    Thread.objects.filter(pk=thread.pk).update(
        about_kind=Thread.About.ARTICLE,
        about_title=item.title,
        about_url=item.get_absolute_url(),
        about_group=thread.group_id,
    )
    item.topics.set(thread.tags.all())
    return item


@transaction.atomic
def item_share(
    *,
    user: User,
    kind: str,
    title: str,
    group: Group | None = None,
    summary: str = "",
    body: str = "",
    url: str = "",
    upload=None,
    provider: str = "",
    level: str = LibraryItem.Level.BEGINNER,
    minutes: int = 5,
    topics: list[str] = (),
) -> LibraryItem:
    """Share an article, link, file or video (see content.forms.ItemForm for what each
    needs). Files are checked again by their bytes here, and stored privately."""
    if user.is_guest and group is None:
        raise PermissionDenied(_("External guests share in their groups' libraries only."))
    embed = ""
    if kind == LibraryItem.Kind.VIDEO and not upload:
        embed = video_embed(url) or ""
        if not embed:
            raise ValidationError(NOT_EMBEDDABLE)
    item = item_create(
        user=user, title=title, kind=kind, group=group, summary=summary, body=body,
        url=url if kind == LibraryItem.Kind.LINK or embed else "", provider=provider,
        level=level, minutes=minutes,
    )  # fmt: skip
    if topics:
        item.topics.set(topics_get_or_create(names=list(topics)[:5]))
    if upload is not None:
        mime, extension = sniff(upload)
        item.file_extension = extension
        item.file.save("upload", upload, save=False)
        item.file_name = Truncator(getattr(upload, "name", "") or f"file.{extension}").chars(200)
        item.file_type, item.file_size = mime, upload.size
        item.save(update_fields=["file", "file_name", "file_type", "file_size"])
    if embed:
        item.embed_url = embed
        item.save(update_fields=["embed_url"])
    if kind == LibraryItem.Kind.LINK:
        transaction.on_commit(lambda: tasks.fetch_link_preview.delay(item.pk), robust=True)
    return item


LIBRARY_GROUP_KEY = "library"  # the system group of site-wide items' conversations


def library_discussion_group() -> Group:
    """The open group that holds the conversations about site-wide items."""
    return system_group(
        key=LIBRARY_GROUP_KEY,
        name=_("Library"),
        description=_(
            "Conversations about the articles, links, files and videos of the site-wide library."
        ),
    )


def is_item_discussion_home(item: LibraryItem, thread: Thread) -> bool:
    """The item's conversation is in its group, or in the library group if site-wide."""
    if item.group_id is not None:
        return thread.group_id == item.group_id
    return thread.group.system_key == LIBRARY_GROUP_KEY


def item_comment(*, user: User, item: LibraryItem, body: str, client_token=None) -> Post:
    """Comment on an item the user may see: a reply in the item's discussion thread,
    which the first comment opens (in the item's group, or the library discussion group
    for site-wide items); the item's author follows it."""
    link = f"[{escape_markdown(item.title)}]({item.get_absolute_url()})"
    intro = _("Conversation about the library item %(link)s.") % {"link": link}
    if item.summary:
        intro += "\n\n> " + escape_markdown(item.summary)
    return discussion_services.comment_on(
        item,
        user=user,
        body=body,
        group_for=lambda: item.group or library_discussion_group(),
        about_kind=Thread.About.ITEM,
        is_home=lambda thread: is_item_discussion_home(item, thread),
        intro=intro,
        tags=[t.name for t in item.topics.all()],
        followers=[item.author],
        client_token=client_token,
    )
