from __future__ import annotations

from django.urls import path

from news import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed/", feeds.news_feed, name="feed"),
    path("feed/reset/", views.feed_key_reset, name="feed_reset"),
    path("feed/<str:key>/", feeds.private_news_feed, name="private_feed"),
    path("desk/", views.desk, name="desk"),
    path("new/", views.write, name="new"),
    path("<slug:slug>/edit/", views.write, name="edit"),
    path("<slug:slug>/preview/", views.preview, name="preview"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/unpublish/", views.unpublish, name="unpublish"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/reach/", views.reach, name="reach"),
    path("<slug:slug>/react/", views.react, name="react"),
    path("<slug:slug>/confirm/", views.confirm, name="confirm"),
    path("<slug:slug>/comment/", views.comment, name="comment"),
    path("<slug:slug>/image/<str:size>/", views.hero, name="hero"),
    path("<slug:slug>/video/", views.video, name="video"),
    path("<slug:slug>/", views.detail, name="detail"),
]
