from __future__ import annotations

from django.urls import path

from news import views

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path("<slug:slug>/", views.detail, name="detail"),
]
