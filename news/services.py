"""Writes on news: drafting and editing (with history), scheduling, publishing and
unpublishing, reading and confirming, reactions and comments."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions import services as discussion_services
from discussions.models import Post, Thread
from groups.models import Group
from groups.services import system_group
from news import tasks
from news.models import NewsPost, NewsReaction, NewsRead, NewsRevision
from news.permissions import news_desk
from profiles.models import User
from socialearn.lib.files import NOT_EMBEDDABLE, VIDEO_TYPES, sniff, video_embed
from socialearn.lib.images import hero_images
from socialearn.lib.markdown import escape_markdown, render_markdown
from socialearn.lib.models import images_replace
from socialearn.lib.text import slug_for

NEWS_VIDEO_MAX_BYTES = 200 * 1024 * 1024


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slug_for(title, max_length=90, fallback="news")
    taken = set(
        NewsPost.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


# /news/<slug>/ shares its shape with the desk's pages.
RESERVED_SLUGS = {"new", "desk", "feed", "drafts"}


def _video(post: NewsPost, *, upload, url: str) -> list[str]:
    """Attach an uploaded video or an embed address; returns the fields changed."""
    if upload is not None:
        mime, extension = sniff(upload, max_bytes=NEWS_VIDEO_MAX_BYTES)
        if mime not in VIDEO_TYPES:
            raise ValidationError(_("This file is not an MP4 or WebM video."))
        post.video.save(f"video.{extension}", upload, save=False)
        post.video_type, post.video_url, post.embed_url = mime, "", ""
        return ["video", "video_type", "video_url", "embed_url"]
    if url != post.video_url:
        embed = video_embed(url) if url else ""
        if url and not embed:
            raise ValidationError(NOT_EMBEDDABLE)
        post.video_url, post.embed_url = url, embed
        if url:
            post.video, post.video_type = "", ""
        return ["video_url", "embed_url", "video", "video_type"]
    return []


@transaction.atomic
def news_save(
    *,
    user: User,
    post: NewsPost | None = None,
    title: str,
    body: str,
    summary: str = "",
    category: str = NewsPost.Category.COMPANY,
    audience: Group | None = None,
    publish_at: datetime.datetime | None = None,
    pinned_until: datetime.datetime | None = None,
    hero=None,
    remove_hero: bool = False,
    hero_alt: str = "",
    video=None,
    video_url: str = "",
    remove_video: bool = False,
    co_authors: list[User] = (),
    is_important: bool = False,
    is_must_read: bool = False,
) -> NewsPost:
    """Write a new draft (post=None) or change a post. Editing keeps the text it replaces
    as a revision; the status, and a scheduled or live post's minute, do not change here
    (see news_schedule). The hero
    image and the video are checked by their bytes before anything is written."""
    desk = news_desk(user)
    if post is None and not desk.may_write:
        raise PermissionDenied(_("Only news editors and group moderators write news."))
    if post is not None and not desk.may_edit(post):
        raise PermissionDenied(_("You cannot edit this post."))
    if not desk.may_address(audience):
        raise PermissionDenied(_("You can write news only for the groups you moderate."))
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError(_("A post needs a title and some text."))
    keeps_image = hero is not None or (post is not None and post.hero and not remove_hero)
    if keeps_image and not hero_alt.strip():
        raise ValidationError(_("Describe the image for people who cannot see it."))
    images = hero_images(hero) if hero is not None else None
    now = timezone.now()
    creating = post is None
    if creating:
        post = NewsPost(author=user, status=NewsPost.Status.DRAFT)
    elif (post.title, post.summary, post.body) != (title, summary.strip(), body):
        NewsRevision.objects.create(
            post=post, editor=user, title=post.title, summary=post.summary, body=post.body
        )
        if post.is_live:
            post.edited_at = now
    post.title, post.summary, post.body = title, summary.strip(), body
    post.body_html = render_markdown(body)
    post.category, post.audience = category, audience
    if post.status == NewsPost.Status.DRAFT:
        # A draft keeps the minute chosen for it; a scheduled or live post's minute
        # changes only through news_schedule (so saving or previewing never publishes).
        post.publish_at = publish_at or now
    post.pinned_until = pinned_until
    post.hero_alt = hero_alt.strip()
    post.is_important, post.is_must_read = is_important, is_must_read
    if creating or post.slug == "":
        post.slug = _unique_slug(title)
    if remove_video:
        post.video, post.video_type, post.video_url, post.embed_url = "", "", "", ""
    else:
        _video(post, upload=video, url=video_url.strip())
    post.save()
    if images or (remove_hero and post.hero):
        images_replace(post, {"large": "hero", "small": "hero_small"}, images)
    post.co_authors.set([u for u in co_authors if u.pk != post.author_id])
    return post


@transaction.atomic
def news_schedule(
    *, user: User, post: NewsPost, publish_at: datetime.datetime | None = None
) -> NewsPost:
    """Publish now, or schedule for `publish_at`: the post appears at that minute with
    nobody acting (NewsPost.objects.published() is a rule on the time). Its side effects
    (emails for important posts, notifications for must-read ones) are sent once, by
    news.tasks, when it is due."""
    if not news_desk(user).may_publish(post):
        raise PermissionDenied(_("Only news editors publish news."))
    post = NewsPost.objects.select_for_update().get(pk=post.pk)
    now = timezone.now()
    post.publish_at = publish_at or now
    post.status = NewsPost.Status.SCHEDULED if post.publish_at > now else NewsPost.Status.PUBLISHED
    post.save(update_fields=["publish_at", "status", "updated_at"])
    if post.publish_at <= now:
        transaction.on_commit(lambda: tasks.announce.delay(post.pk), robust=True)
    return post


@transaction.atomic
def news_unpublish(*, user: User, post: NewsPost) -> NewsPost:
    """Back to a draft: gone from readers' pages, feeds and the API at once."""
    if not news_desk(user).may_publish(post):
        raise PermissionDenied(_("Only news editors unpublish news."))
    NewsPost.objects.filter(pk=post.pk).update(
        status=NewsPost.Status.DRAFT, updated_at=timezone.now()
    )
    post.refresh_from_db()
    return post


def news_mark_read(*, user: User, post: NewsPost) -> None:
    """Record that the reader opened the post on the site (once): one INSERT that does
    nothing if the row exists, and no query at all when the page already knows."""
    if getattr(post, "is_read", False):
        return
    NewsRead.objects.bulk_create([NewsRead(user=user, post=post)], ignore_conflicts=True)


def news_confirm(*, user: User, post: NewsPost) -> None:
    """ "I have read this", for a must-read post."""
    if not post.is_must_read:
        raise ValidationError(_("This post does not ask for a confirmation."))
    news_mark_read(user=user, post=post)
    NewsRead.objects.filter(user=user, post=post, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )


@transaction.atomic
def news_react(*, user: User, post: NewsPost, kind: str) -> bool:
    """Toggle a reaction; True when it is now on."""
    if kind not in dict(NewsReaction.KINDS):
        raise ValidationError(_("Unknown reaction."))
    deleted, _rows = NewsReaction.objects.filter(user=user, post=post, kind=kind).delete()
    if deleted:
        return False
    NewsReaction.objects.get_or_create(user=user, post=post, kind=kind)
    return True


NEWS_GROUP_KEY = "news"  # the system group of the comments on news for everyone


def news_discussion_group() -> Group:
    """The open group that holds the comments on news addressed to everyone."""
    return system_group(
        key=NEWS_GROUP_KEY, name=_("News"), description=_("Comments on the company's news.")
    )


def is_news_discussion_home(post: NewsPost, thread) -> bool:
    if post.audience_id is not None:
        return thread.group_id == post.audience_id
    return thread.group.system_key == NEWS_GROUP_KEY


def news_comment(*, user: User, post: NewsPost, body: str, client_token=None) -> Post:
    """Comment on a post the user may read: a reply in its discussion, which the first
    comment opens (in the audience group, or the news discussion group); the author and
    co-authors follow it."""
    link = f"[{escape_markdown(post.title)}]({post.get_absolute_url()})"
    intro = _("Comments on the news post %(link)s.") % {"link": link}
    return discussion_services.comment_on(
        post,
        user=user,
        body=body,
        group_for=lambda: post.audience or news_discussion_group(),
        about_kind=Thread.About.NEWS,
        is_home=lambda thread: is_news_discussion_home(post, thread),
        intro=intro,
        followers=[post.author, *post.co_authors.all()],
        client_token=client_token,
    )
