from __future__ import annotations

from django.urls import path

from cohorts import views

app_name = "cohorts"
urlpatterns = [
    path("groups/<slug:slug>/sessions/", views.session_list, name="sessions"),
    path("groups/<slug:slug>/sessions.ics", views.cohort_ics, name="cohort_ics"),
    path("groups/<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session"),
    path("groups/<slug:slug>/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(
        "groups/<slug:slug>/sessions/<int:pk>/cancel/", views.session_delete, name="session_delete"
    ),
    path("groups/<slug:slug>/sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
]
