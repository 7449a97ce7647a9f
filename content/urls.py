from __future__ import annotations

from django.urls import path

from content import revision_views, views

app_name = "content"
urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/review/", views.review_queue, name="review_queue"),
    path("library/new/", views.share, name="share"),
    path("library/<int:pk>/file/", views.file, name="file"),
    path("library/<int:pk>/preview/", views.preview, name="preview"),
    path("library/<int:pk>/rate/", views.rate, name="rate"),
    path("library/<int:pk>/edit/", revision_views.edit, name="edit"),
    path("library/<int:pk>/correct/", revision_views.correct, name="correct"),
    path("library/<int:pk>/history/", revision_views.history, name="history"),
    path(
        "library/<int:pk>/corrections/<int:correction_id>/",
        revision_views.correction,
        name="correction",
    ),
    path(
        "library/<int:pk>/revisions/<int:revision_id>/revert/", revision_views.revert, name="revert"
    ),
    path("library/<int:pk>/review/", views.review, name="review"),
    path("library/<int:pk>/broken/", views.report_broken, name="report_broken"),
    path("library/<int:pk>/save/", views.bookmark, name="bookmark"),
    path("library/<int:pk>/comment/", views.comment, name="comment"),
    path("library/<int:pk>/<slug:slug>/", views.detail, name="detail"),
    path("groups/<slug:slug>/library/", views.group_library, name="group_library"),
    path("groups/<slug:slug>/library/new/", views.share, name="group_share"),
    path("library/from-thread/<int:pk>/", views.promote, name="promote"),
]
