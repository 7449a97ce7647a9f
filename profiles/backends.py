from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from profiles.models import User


class AuthenticationBackend(AllauthBackend):
    """allauth's email login, loading the profile with the user.

    Every page shows the signed-in person's name and photo in its header; fetching the
    profile in the same query as the session's user saves a query on every request.
    """

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
