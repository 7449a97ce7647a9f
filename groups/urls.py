"""Group URLs. The group's home page composes discussions, library and news, so its
view lives in socialearn.views; socialearn/urls.py adds it to this namespace."""

from __future__ import annotations

from django.urls import path

from groups import views

app_name = "groups"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/about/", views.about, name="about"),
    path("<slug:slug>/settings/", views.group_settings, name="settings"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/request/", views.request_to_join, name="request"),
    path("<slug:slug>/invitation/", views.answer_invitation, name="invitation"),
    path("<slug:slug>/notifications/", views.notifications, name="notifications"),
    path("<slug:slug>/requests/", views.requests_queue, name="requests"),
    path("<slug:slug>/requests/<int:request_id>/", views.decide_request, name="decide"),
    path("<slug:slug>/members/<str:handle>/", views.manage_member, name="manage_member"),
]
