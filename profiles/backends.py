from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings

from profiles.models import User


class AuthenticationBackend(AllauthBackend):
    """allauth's email login, loading the profile with the user.

    Every page shows the signed-in person's name and photo in its header; fetching the
    profile in the same query as the session's user saves a query on every request.
    """

    def authenticate(self, request, **credentials):
        """Email and password. In SSO-only mode, for superusers only (break-glass): the
        one rule every password form goes through, the admin's and allauth's alike."""
        user = super().authenticate(request, **credentials)
        if user is not None and settings.SSO_ONLY and not user.is_superuser:
            return None
        return user

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
