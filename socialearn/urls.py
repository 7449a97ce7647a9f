from __future__ import annotations

from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from allauth.socialaccount import views as socialaccount_views
from allauth.socialaccount.providers.saml import views as allauth_saml_views
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from groups import urls as group_urls
from profiles import urls as profile_urls
from socialearn import api, views
from sso import views as sso_views
from sso.saml import views as sso_saml_views

admin.site.site_header = settings.SITE_NAME
# The admin signs in through the site's own sign-in (single sign-on, allauth's rate limits,
# SSO-only mode), never through a password form of its own.
admin.site.login = secure_admin_login(admin.site.login)

api_v1 = [
    path("me/", api.MeView.as_view(), name="me"),
    path("groups/", api.GroupListView.as_view(), name="groups"),
    path("threads/", api.ThreadListView.as_view(), name="threads"),
    path("news/", api.NewsListView.as_view(), name="news"),
    path("news/<slug:slug>/", api.NewsDetailView.as_view(), name="news_detail"),
    path("people/", api.PersonListView.as_view(), name="people"),
    path("people/<str:handle>/", api.PersonDetailView.as_view(), name="person"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline style attributes; only its page allows them.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", views.feed, name="feed"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("search/experts/", views.search_experts, name="search_experts"),
    path("search/suggest/", views.search_suggest, name="search_suggest"),
    path("search/ask/", views.search_ask, name="search_ask"),
    path("saved/", views.saved, name="saved"),
    # Sign-in with single sign-on (sso.views) over allauth's own pages of the same URL.
    path("accounts/login/", sso_views.login),
    path("accounts/break-glass/", sso_views.break_glass, name="break_glass"),
    path("accounts/signed-out/", sso_views.signed_out, name="signed_out"),
    path("accounts/sso/logout/", sso_views.provider_logout, name="sso_provider_logout"),
    path("accounts/saml/<str:organization_slug>/sls/", sso_saml_views.sls),
    path(
        "accounts/saml/<str:organization_slug>/acs/finish/",
        sso_views.one_account_per_person(allauth_saml_views.finish_acs),
    ),
    path("accounts/password/reset/", sso_views.unless_sso_only(account_views.password_reset)),
    path("accounts/password/set/", sso_views.unless_sso_only(account_views.password_set)),
    path("accounts/password/change/", sso_views.unless_sso_only(account_views.password_change)),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        sso_views.unless_sso_only(account_views.password_reset_from_key),
    ),
    path("accounts/email/", sso_views.email_addresses),
    path(
        "accounts/3rdparty/",
        sso_views.forms_may_leave_for_providers(socialaccount_views.connections),
    ),
    path("accounts/", include("allauth.urls")),
    path(
        "people/",
        include(
            (
                [
                    path("", views.people_directory, name="directory"),
                    *profile_urls.urlpatterns,
                    path("<str:handle>/", views.person_detail, name="detail"),
                ],
                profile_urls.app_name,
            )
        ),
    ),
    path(
        "groups/",
        include(
            (
                [*group_urls.urlpatterns, path("<slug:slug>/", views.group_detail, name="detail")],
                group_urls.app_name,
            )
        ),
    ),
    path("", include("discussions.urls")),
    path("", include("content.urls")),
    path("", include("cohorts.urls")),
    path("news/", include("news.urls")),
    path("notifications/", include("notifications.urls")),
    path("digests/", include("digests.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Uploads (avatars, covers) for signed-in people; a deployment serves them elsewhere.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
