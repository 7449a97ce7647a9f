from __future__ import annotations

from django.urls import path

from discussions import views

app_name = "discussions"
urlpatterns = [
    path("reactions/", views.react, name="react"),
    path("questions/", views.questions, name="questions"),
    path("t/<int:pk>/accept/", views.accept, name="accept"),
    path("t/<int:pk>/", views.thread_detail, name="thread_short"),
    path("t/<int:pk>/<slug:slug>/", views.thread_detail, name="thread"),
    path("groups/<slug:slug>/discussions/", views.group_threads, name="group_threads"),
    path("groups/<slug:slug>/discussions/new/", views.thread_create, name="thread_create"),
]
