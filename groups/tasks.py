"""Emails about memberships: a join request to its group's moderators, the decision to the
requester, an invitation to the invitee. Tasks take ids and load the rows: a retried task
sends the same email, a row deleted in between sends none."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from groups.models import Invitation, JoinRequest, Membership


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _recipients(kind: str, pk: int) -> tuple[list[str], dict] | None:
    if kind == "request_received":
        request = JoinRequest.objects.select_related("group", "user__profile").filter(pk=pk).first()
        if request is None or request.status != JoinRequest.Status.PENDING:
            return None
        moderators = Membership.objects.filter(
            group=request.group,
            role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR],
            user__is_active=True,
        ).exclude(notification_level=Membership.Notify.MUTED)
        emails = list(moderators.values_list("user__email", flat=True))
        link = _site_url(reverse("groups:requests", args=[request.group.slug]))
        return emails, {"request": request, "group": request.group, "link": link}
    if kind == "request_decided":
        request = JoinRequest.objects.select_related("group", "user").filter(pk=pk).first()
        if request is None or request.status == JoinRequest.Status.PENDING:
            return None
        if not request.user.is_active:
            return None
        approved = request.status == JoinRequest.Status.APPROVED
        link = _site_url(
            request.group.get_absolute_url() if approved else reverse("groups:directory")
        )
        return [request.user.email], {"request": request, "group": request.group, "link": link}
    if kind == "invited":
        invitation = (
            Invitation.objects.select_related("group", "invited_by__profile", "user")
            .filter(pk=pk, status=Invitation.Status.PENDING)
            .first()
        )
        if invitation is None or not invitation.user.is_active:
            return None
        link = _site_url(invitation.group.get_absolute_url())
        return [invitation.user.email], {
            "invitation": invitation,
            "group": invitation.group,
            "link": link,
        }
    raise ValueError(f"unknown membership email {kind!r}")


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def membership_email(kind: str, pk: int) -> int:
    """Send one membership email (see the module); returns how many were sent."""
    found = _recipients(kind, pk)
    if not found or not found[0]:
        return 0
    emails, context = found
    with translation.override(settings.LANGUAGE_CODE):
        subject, _, body = render_to_string(f"email/groups/{kind}.txt", context).partition("\n")
    with get_connection() as connection:
        messages = [
            EmailMessage(subject.strip(), body.strip() + "\n", to=[email], connection=connection)
            for email in emails
        ]
        return connection.send_messages(messages) or 0
