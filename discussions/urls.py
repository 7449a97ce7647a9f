from __future__ import annotations

from django.urls import path

from discussions import editing_views, views

app_name = "discussions"
urlpatterns = [
    path("reactions/", views.react, name="react"),
    path("questions/", views.questions, name="questions"),
    path("preview/", views.preview, name="preview"),
    path("t/<int:pk>/accept/", views.accept, name="accept"),
    path("t/<int:pk>/edit/", editing_views.edit, name="edit"),
    path("t/<int:pk>/history/", editing_views.history, name="history"),
    path("t/<int:pk>/revisions/<int:revision_id>/revert/", editing_views.revert, name="revert"),
    path("t/<int:pk>/correct/", editing_views.correct, name="correct"),
    path(
        "t/<int:pk>/corrections/<int:correction_id>/",
        editing_views.correction,
        name="correction",
    ),
    path("t/<int:pk>/flag/", editing_views.flag, name="flag"),
    path("t/<int:pk>/hide/", editing_views.hide, name="hide"),
    path("t/<int:pk>/moderate/", editing_views.moderate, name="moderate"),
    path("t/<int:pk>/follow/", editing_views.follow, name="follow"),
    path("t/<int:pk>/save/", editing_views.bookmark, name="bookmark"),
    path(
        "t/<int:pk>/attachments/<int:attachment_id>/",
        editing_views.attachment,
        name="attachment",
    ),
    path("t/<int:pk>/", views.thread_detail, name="thread_short"),
    path("t/<int:pk>/<slug:slug>/", views.thread_detail, name="thread"),
    path("groups/<slug:slug>/discussions/", views.group_threads, name="group_threads"),
    path("groups/<slug:slug>/discussions/new/", views.thread_create, name="thread_create"),
    path("groups/<slug:slug>/reports/", editing_views.flags, name="flags"),
]
