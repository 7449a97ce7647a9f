"""What happens when a post goes live: must-read and important posts are announced to
their audience (in the app, and for important ones by email at once, as each person
chose), exactly once. Everything else waits for the digests.

A post goes live at its minute by a rule in the query (NewsPost.objects.published()), not
by a task; these tasks only do the side effects. `announce_due` runs every minute on beat
and picks up scheduled posts whose minute has come; `announce` claims a post with a
conditional update, so two runs never announce it twice.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from news.models import NewsEmail, NewsPost
from notifications import preferences
from notifications.models import Notification, Preference
from notifications.services import notify
from profiles.models import User

log = logging.getLogger(__name__)
TARGET = "news.post"
EMAIL_BATCH = 200


def audience_of(post: NewsPost) -> QuerySet[User]:
    """The people a post is addressed to: every active employee, or the active members of
    its group."""
    people = User.objects.filter(is_active=True)
    if post.audience_id is None:
        return people.filter(is_guest=False)
    return people.filter(memberships__group_id=post.audience_id)


def visible_post_ids(user, ids: set[int]) -> list[int]:
    """For notifications.registry: the posts among ids the user may read now."""
    return list(NewsPost.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


@shared_task(soft_time_limit=120, time_limit=150)
def announce_due() -> int:
    """Announce the posts whose minute has come (beat, every minute). Returns how many."""
    due = list(
        NewsPost.objects.published()
        .filter(announced_at__isnull=True)
        .order_by("publish_at")
        .values_list("pk", flat=True)[:50]
    )
    done = sum(announce(pk) for pk in due)
    if done:
        log.info("announced %d news posts", done)
    return done


@shared_task(soft_time_limit=120, time_limit=150)
def announce(post_id: int) -> int:
    """Announce one post once: claimed first, then must-read and important notifications,
    then the emails (their own task, which retries). Returns 1 if it announced it."""
    with transaction.atomic():
        claimed = (
            NewsPost.objects.published()
            .filter(pk=post_id, announced_at__isnull=True)
            .update(announced_at=timezone.now())
        )
        if not claimed:
            return 0
        post = NewsPost.objects.select_related("author").get(pk=post_id)
        kind = None
        if post.is_important:
            kind = Notification.Kind.NEWS_IMPORTANT
        elif post.is_must_read:
            kind = Notification.Kind.MUST_READ
        if kind is None:
            return 1
        channels = preferences.split_by_channel(audience_of(post), kind)
        told = channels[Preference.Channel.EMAIL] | channels[Preference.Channel.IN_APP]
        notify(
            recipient_ids=told,
            kind=kind,
            actor=post.author,
            target=(TARGET, post.pk),
            url=post.get_absolute_url(),
            title=post.title,
            excerpt=post.summary,
        )
        if post.is_important and channels[Preference.Channel.EMAIL]:
            transaction.on_commit(lambda: send_important.delay(post.pk))
    return 1


@shared_task(bind=True, max_retries=8, soft_time_limit=600, time_limit=660)
def send_important(self, post_id: int) -> int:
    """Email an important post to the people of its audience who want such news by
    email, one email each: every email is claimed (a NewsEmail row) in the same
    transaction that sends it, so a retry (after an SMTP failure, or a repeated task)
    sends only what was not sent. One SMTP connection per batch. Returns how many."""
    post = NewsPost.objects.select_related("author__profile").filter(pk=post_id).first()
    if post is None or not post.is_important or not post.is_live:
        return 0  # unpublished meanwhile: nobody gets it
    kind = Notification.Kind.NEWS_IMPORTANT
    wanted = preferences.split_by_channel(audience_of(post), kind)[Preference.Channel.EMAIL]
    wanted.discard(post.author_id)  # never for one's own post
    pending = (
        User.objects.filter(pk__in=wanted)
        .exclude(Exists(NewsEmail.objects.filter(post=post, user=OuterRef("pk"))))
        .select_related("profile")
        .order_by("pk")
    )
    link = settings.SITE_URL.rstrip("/") + post.get_absolute_url()
    settings_link = settings.SITE_URL.rstrip("/") + "/notifications/settings/"
    sent = 0
    try:
        with get_connection() as connection:
            for person in pending.iterator(chunk_size=EMAIL_BATCH):
                message = _important_email(post, person, link, settings_link, connection)
                try:
                    with transaction.atomic():
                        NewsEmail.objects.create(post=post, user=person)
                        message.send()
                except IntegrityError:
                    continue  # another run sent this one
                sent += 1
    except OSError as exc:  # the mail server is down or refused: try again later
        log.warning("important news %s: %d sent, then %s; retrying", post_id, sent, exc)
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc
    return sent


def _important_email(post, person, link, settings_link, connection) -> EmailMultiAlternatives:
    context = {"post": post, "person": person, "link": link, "settings_link": settings_link}
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("email/news/important.txt", context)
        html = render_to_string("email/news/important.html", context)
    subject, _, body = text.partition("\n")
    message = EmailMultiAlternatives(
        subject.strip(), body.strip() + "\n", to=[person.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message
