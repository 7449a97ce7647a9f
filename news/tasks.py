"""What happens when a post goes live: must-read and important posts are announced to
their audience (in the app, and for important ones by email at once, as each person
chose), exactly once. Everything else waits for the digests.

A post goes live at its minute by a rule in the query (NewsPost.objects.published()), not
by a task; these tasks only do the side effects. `announce_due` runs every minute on beat
and picks up scheduled posts whose minute has come; `announce` claims a post with a
conditional update, so two runs never announce it twice.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from news.models import NewsEmail, NewsPost
from notifications import preferences
from notifications.models import Notification, Preference
from notifications.services import notify
from notifications.unsubscribe import unsubscribe_url
from profiles.models import User
from socialearn.lib.email import absolute_url, html_email, retry_delay

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


EMAILS_STUCK_AFTER = datetime.timedelta(minutes=10)


@shared_task(soft_time_limit=120, time_limit=150)
def announce_due() -> int:
    """Beat, every minute: announce what is due (posts whose minute has come, and posts
    marked important or must-read after they went out), and queue again the emails of
    any important post whose email run has not finished ten minutes after its claim
    (a worker that died, a broker that was down). Returns how many posts it announced."""
    live = NewsPost.objects.published()
    due = list(
        live.filter(
            Q(is_important=True, announced_at__isnull=True)
            | Q(is_must_read=True, must_read_announced_at__isnull=True)
        )
        .order_by("publish_at")
        .values_list("pk", flat=True)[:50]
    )
    done = sum(announce(pk) for pk in due)
    stuck = live.filter(
        is_important=True,
        emails_done_at__isnull=True,
        announced_at__lt=timezone.now() - EMAILS_STUCK_AFTER,
    ).values_list("pk", flat=True)[:50]
    for pk in stuck:
        send_important.delay(pk)
    if done:
        log.info("announced %d news posts", done)
    return done


def _claim(post_id: int, field: str, **flag) -> bool:
    """Set `field` on a live post where it is still empty: true for one caller only."""
    return bool(
        NewsPost.objects.published()
        .filter(pk=post_id, **flag, **{f"{field}__isnull": True})
        .update(**{field: timezone.now()})
    )


@shared_task(soft_time_limit=120, time_limit=150)
def announce(post_id: int) -> int:
    """Announce one post's due side effects, each claimed once: an important post is
    notified (and emailed, by send_important) to its audience; a must-read one asks them
    to read and confirm (unless the important notice just went: one is enough). Returns 1
    if it announced anything."""
    with transaction.atomic():
        important = _claim(post_id, "announced_at", is_important=True)
        must_read = _claim(post_id, "must_read_announced_at", is_must_read=True)
        if not important and not must_read:
            return 0
        post = NewsPost.objects.select_related("author").get(pk=post_id)
        kind = Notification.Kind.NEWS_IMPORTANT if important else Notification.Kind.MUST_READ
        notify(
            recipient_ids=audience_of(post).values_list("pk", flat=True),
            kind=kind,
            actor=post.author,
            target=(TARGET, post.pk),
            url=post.get_absolute_url(),
            title=post.title,
            excerpt=post.summary,
            email=not important,  # send_important emails important posts, in batches
        )
        if important:
            transaction.on_commit(lambda: send_important.delay(post_id), robust=True)
    return 1


def _still_important(post_id: int) -> bool:
    return NewsPost.objects.published().filter(pk=post_id, is_important=True).exists()


@shared_task(bind=True, max_retries=8, soft_time_limit=600, time_limit=660)
def send_important(self, post_id: int) -> int:
    """Email an important post to the people of its audience who want such news by
    email, one email each: every email is claimed (a NewsEmail row) in the transaction
    that sends it, so a retry or a repeated task sends only what was not sent. An address
    the server refuses is recorded and skipped; a server that fails (or a run that hits
    its time limit) makes the task try again later; a post unpublished meanwhile stops
    it between batches. One SMTP connection per run. Returns how many were sent."""
    post = NewsPost.objects.select_related("author__profile").filter(pk=post_id).first()
    if post is None or not _still_important(post_id):
        return 0  # unpublished, or no longer important: nobody gets it
    kind = Notification.Kind.NEWS_IMPORTANT
    wanted = preferences.split_by_channel(audience_of(post), kind)[Preference.Channel.EMAIL]
    wanted.discard(post.author_id)  # never for one's own post
    pending = (
        User.objects.filter(pk__in=wanted)
        .exclude(Exists(NewsEmail.objects.filter(post=post, user=OuterRef("pk"))))
        .select_related("profile")
        .order_by("pk")
    )
    link = absolute_url(post.get_absolute_url())
    settings_link = absolute_url(reverse("notifications:settings"))
    sent = 0
    try:
        with get_connection() as connection:
            for n, person in enumerate(pending.iterator(chunk_size=EMAIL_BATCH)):
                if n and n % EMAIL_BATCH == 0 and not _still_important(post_id):
                    log.info("important news %s unpublished after %d emails", post_id, sent)
                    return sent
                message = _important_email(post, person, link, settings_link, connection)
                try:
                    with transaction.atomic():
                        NewsEmail.objects.create(post=post, user=person)
                        message.send()
                except IntegrityError:
                    continue  # another run sent this one
                except smtplib.SMTPRecipientsRefused:
                    NewsEmail.objects.get_or_create(
                        post=post, user=person, defaults={"refused": True}
                    )
                    log.warning("important news %s: address of user %s refused", post_id, person.pk)
                    continue
                sent += 1
    except (OSError, SoftTimeLimitExceeded) as exc:  # the server failed, or time ran out
        log.warning("important news %s: %d sent, then %r; retrying", post_id, sent, exc)
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
    NewsPost.objects.filter(pk=post_id).update(emails_done_at=timezone.now())
    return sent


def _important_email(post, person, link, settings_link, connection) -> EmailMultiAlternatives:
    unsubscribe_link = unsubscribe_url(user_id=person.pk, kind=Notification.Kind.NEWS_IMPORTANT)
    context = {"post": post, "person": person, "link": link, "settings_link": settings_link,
               "unsubscribe_link": unsubscribe_link}  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("email/news/important.txt", context)
        html = render_to_string("email/news/important.html", context)
    subject, _, body = text.partition("\n")
    return html_email(
        subject=subject,
        text=body.strip() + "\n",
        html=html,
        to=person.email,
        unsubscribe_url=unsubscribe_link,
        connection=connection,
    )
