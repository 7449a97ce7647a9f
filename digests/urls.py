from __future__ import annotations

from django.urls import path

from digests import views

app_name = "digests"
urlpatterns = [
    path("settings/", views.digest_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
