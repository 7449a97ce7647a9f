from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from news import selectors
from news.models import NewsPost
from socialearn.lib.pagination import paginate


def news_list(request: HttpRequest) -> HttpResponse:
    posts = selectors.news_list(user=request.user)
    category = request.GET.get("category", "")
    if category in NewsPost.Category.values:
        posts = posts.filter(category=category)
    return render(
        request,
        "news/list.html",
        {
            "page": paginate(request, posts),
            "category": category,
            "categories": NewsPost.Category.choices,
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.news_get_for_user(user=request.user, slug=slug)
    return render(request, "news/detail.html", {"post": post})
