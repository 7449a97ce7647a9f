"""Group URLs. The group's home page composes discussions, library and news, so its
view lives in socialearn.views; socialearn/urls.py adds it to this namespace."""

from __future__ import annotations

from django.urls import path

from groups import views

app_name = "groups"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
]
