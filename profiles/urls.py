"""People URLs. The profile page composes groups and activity, so its view lives in
socialearn.views (the layer above every app); see socialearn/urls.py."""

from __future__ import annotations

from django.urls import path

from profiles import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/edit/", views.edit, name="edit"),
]
