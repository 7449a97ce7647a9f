"""Atom feeds of the news (Django's syndication framework): /news/feed/ for the signed-in
reader (news for everyone), and /news/feed/<key>/, a private address per person for feed
readers that cannot sign in, which also carries the news of their groups. Resetting the
key (on the desk or the news page) makes the old address stop working."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from news.models import FeedKey, NewsPost

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("News")
    subtitle = _("Updates from the company and the learning team.")
    author_name = "SociaLearn"  # Atom needs an author for entries that have none

    def get_object(self, request, key: str | None = None):
        self.private, self.key = key is not None, key
        if key is None:
            return request.user
        found = FeedKey.objects.select_related("user").filter(key=key).first()
        if found is None or not found.user.is_active:
            raise Http404
        return found.user

    def link(self, user) -> str:
        return reverse("news:list")

    def feed_url(self, user) -> str:
        # Its own address: the private feed is a feed of its own (its id and self link).
        if self.private:
            return reverse("news:private_feed", args=[self.key])
        return reverse("news:feed")

    def feed_guid(self, user) -> str:
        """The feed's Atom id: its own address (not the news page both feeds link to)."""
        return settings.SITE_URL.rstrip("/") + self.feed_url(user)

    def items(self, user):
        posts = NewsPost.objects.visible_to(user)
        if not self.private:  # group news only ever goes to the private address
            posts = posts.filter(audience__isnull=True)
        return posts.select_related("author__profile", "audience").order_by("-publish_at", "-pk")[
            :FEED_SIZE
        ]

    def item_title(self, post: NewsPost) -> str:
        return post.title

    def item_description(self, post: NewsPost) -> str:
        return post.body_html

    def item_link(self, post: NewsPost) -> str:
        return post.get_absolute_url()

    def item_pubdate(self, post: NewsPost):
        return post.publish_at

    def item_updateddate(self, post: NewsPost):
        return max(post.publish_at, post.edited_at or post.publish_at)

    def item_author_name(self, post: NewsPost) -> str | None:
        return post.author.profile.display_name if post.author else None

    def item_categories(self, post: NewsPost) -> list[str]:
        return [str(post.get_category_display())]

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex"
        return response


news_feed = NewsFeed()
private_news_feed = login_not_required(NewsFeed())
