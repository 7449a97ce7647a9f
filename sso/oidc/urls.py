"""The same URLs as allauth's openid_connect provider (/accounts/oidc/<id>/login/ and
…/login/callback/, under the same names), served by the views that check more."""

from __future__ import annotations

from allauth.socialaccount import app_settings
from django.urls import include, path

from sso.oidc import views

urlpatterns = [
    path(
        "<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
if app_settings.OPENID_CONNECT_URL_PREFIX:
    urlpatterns = [path(f"{app_settings.OPENID_CONNECT_URL_PREFIX}/", include(urlpatterns))]
