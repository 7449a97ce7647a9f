"""Email to the members who asked to hear about every post in a group."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from discussions.models import Post, Thread
from groups.models import Membership


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_every_post(thread_id: int, post_id: int | None = None) -> int:
    """Tell the group's members whose notification level is "every post" about a new
    thread (post_id None) or reply; not its author, not people who left. One SMTP
    connection for all of them. Returns how many emails were sent."""
    thread = Thread.objects.select_related("group", "author__profile").filter(pk=thread_id).first()
    post = (
        Post.objects.select_related("author__profile").filter(pk=post_id).first()
        if post_id
        else None
    )
    if thread is None or (post_id and post is None):
        return 0
    author = post.author if post else thread.author
    emails = list(
        Membership.objects.filter(
            group=thread.group,
            notification_level=Membership.Notify.ALL,
            user__is_active=True,
        )
        .exclude(user=author)
        .values_list("user__email", flat=True)
    )
    if not emails:
        return 0
    link = settings.SITE_URL.rstrip("/") + (
        thread.get_absolute_url() + (f"#post-{post.pk}" if post else "")
    )
    context = {"thread": thread, "post": post, "author": author, "link": link}
    with translation.override(settings.LANGUAGE_CODE):
        subject, _, body = render_to_string("email/discussions/new_post.txt", context).partition(
            "\n"
        )
    with get_connection() as connection:
        messages = [
            EmailMessage(subject.strip(), body.strip() + "\n", to=[email], connection=connection)
            for email in emails
        ]
        return connection.send_messages(messages) or 0
