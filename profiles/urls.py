"""People URLs. The directory and the profile page compose groups, discussions and
activity, so their views live in socialearn.views (the layer above every app); see
socialearn/urls.py."""

from __future__ import annotations

from django.urls import path

from profiles import views

app_name = "profiles"
urlpatterns = [
    path("me/edit/", views.edit, name="edit"),
    path("options/topics/", views.topic_options, name="topic_options"),
    path("options/people/", views.people_options, name="people_options"),
    path("<str:handle>/follow/", views.follow, name="follow"),
    path("<str:handle>/endorse/<int:topic_id>/", views.endorse, name="endorse"),
]
