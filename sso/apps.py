from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from django.contrib.auth.signals import user_logged_in as django_user_logged_in

        from sso import services

        user_logged_in.connect(services.on_user_logged_in, dispatch_uid="sso-profile-sync")
        django_user_logged_in.connect(
            services.forget_logout_offer, dispatch_uid="sso-forget-logout-offer"
        )
