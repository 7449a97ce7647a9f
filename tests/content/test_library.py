"""The library: ratings (one per person, changeable, Bayesian "best rated"), saving for
later (items and threads, a saved page), filters and sorts, featured items, related
items, and constant query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import Bookmark, LibraryItem, Rating
from content.services import rating_set
from discussions.models import ThreadBookmark
from discussions.revisions import correction_accept, correction_suggest
from discussions.services import post_create, thread_create
from notifications.models import Notification
from profiles.services import topics_get_or_create
from tests.factories import LibraryItemFactory, MembershipFactory, UserFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def rate(client, item, stars, comment=""):
    return client.post(
        reverse("content:rate", args=[item.pk]), {"stars": stars, "comment": comment}
    )


class TestRatings:
    def test_rating_twice_changes_the_one_rating(self, client_for, member):
        item = LibraryItemFactory()
        client = client_for(member)
        assert rate(client, item, 2).status_code == 302
        assert rate(client, item, 5, "Clear and short").status_code == 302
        rating = Rating.objects.get()
        assert (rating.stars, rating.comment) == (5, "Clear and short")
        item.refresh_from_db()
        assert (item.rating_count, item.rating_sum) == (1, 5)
        page = client.get(item.get_absolute_url()).content.decode()
        assert "Clear and short" in page
        assert "Update my rating" in page

    @pytest.mark.parametrize("stars", ["0", "6", "", "three"])
    def test_bad_stars_are_refused_and_nothing_is_written(self, client_for, member, stars):
        item = LibraryItemFactory()
        response = rate(client_for(member), item, stars, "keep this comment")
        assert response.status_code == 422
        assert "keep this comment" in response.content.decode()
        assert not Rating.objects.exists()
        item.refresh_from_db()
        assert item.rating_count == 0

    def test_items_of_a_private_group_cannot_be_rated_by_outsiders(
        self, client_for, outsider, private_group
    ):
        item = LibraryItemFactory(group=private_group)
        assert rate(client_for(outsider), item, 5).status_code == 404
        assert not Rating.objects.exists()

    def test_best_rated_uses_a_bayesian_average(self, client_for, member):
        one_vote = LibraryItemFactory(title="One perfect vote")
        many = LibraryItemFactory(title="Many good votes")
        rating_set(user=UserFactory(), item=one_vote, stars=5)
        for stars in [5, 5, 5, 4, 5, 4, 5, 5, 4, 4]:
            rating_set(user=UserFactory(), item=many, stars=stars)
        rating_set(user=UserFactory(), item=LibraryItemFactory(title="Poor"), stars=1)
        page = client_for(member).get(reverse("content:library"), {"sort": "rated"})
        html = page.content.decode()
        assert html.index("Many good votes") < html.index("One perfect vote") < html.index("Poor")


class TestSaving:
    def test_saving_is_idempotent_and_shows_on_the_saved_page(self, client_for, member, owner,
                                                              private_group):  # fmt: skip
        item = LibraryItemFactory(title="Threat modelling 101")
        thread = thread_create(user=owner, group=private_group, title="Keys rotation", body="?")
        client = client_for(member)
        for _ in range(2):
            client.post(reverse("content:bookmark", args=[item.pk]), {"save": "1"})
            client.post(reverse("discussions:bookmark", args=[thread.pk]), {"save": "1"})
        assert Bookmark.objects.count() == 1
        assert ThreadBookmark.objects.count() == 1
        page = client.get(reverse("saved")).content.decode()
        assert "Threat modelling 101" in page
        assert "Keys rotation" in page
        client.post(reverse("content:bookmark", args=[item.pk]), {"save": "0"})
        assert not Bookmark.objects.exists()

    def test_what_one_can_no_longer_see_leaves_the_saved_page(
        self, client_for, member, owner, private_group
    ):
        thread = thread_create(user=owner, group=private_group, title="Secret plans", body="?")
        item = LibraryItemFactory(group=private_group, title="Private guide")
        client = client_for(member)
        client.post(reverse("discussions:bookmark", args=[thread.pk]), {"save": "1"})
        client.post(reverse("content:bookmark", args=[item.pk]), {"save": "1"})
        member.memberships.all().delete()
        page = client.get(reverse("saved")).content.decode()
        assert "Secret plans" not in page
        assert "Private guide" not in page

    def test_people_who_saved_a_thread_hear_of_its_corrections(
        self, member, owner, private_group, client_for, django_capture_on_commit_callbacks
    ):
        thread = thread_create(user=owner, group=private_group, title="Versions", body="Use v1.")
        saver = MembershipFactory(group=private_group).user
        client_for(saver).post(reverse("discussions:bookmark", args=[thread.pk]), {"save": "1"})
        with django_capture_on_commit_callbacks(execute=True):
            correction = correction_suggest(user=member, thread=thread, body="Use v2.",
                                            reason="v2 is out")  # fmt: skip
            correction_accept(user=owner, correction=correction)
        assert Notification.objects.filter(recipient=saver, kind="corrected").exists()

    def test_the_saved_page_keeps_a_constant_number_of_queries(
        self, client_for, member, owner, private_group
    ):
        client = client_for(member)

        def add(n):
            for i in range(n):
                item = LibraryItemFactory()
                Bookmark.objects.create(user=member, item=item)
                thread = thread_create(user=owner, group=private_group, title=f"T {i}", body="x")
                post_create(user=owner, thread=thread, body="reply")
                ThreadBookmark.objects.create(user=member, thread=thread)

        # session, user, two counts, items with groups and authors, threads with groups
        # and authors
        assert_constant_queries(lambda: client.get(reverse("saved")), add)


class TestBrowsing:
    def test_filters_by_kind_level_topic_and_provider(self, client_for, member):
        python = LibraryItemFactory(title="Python video", kind="video", level="advanced",
                                    provider="Cloud Academy")  # fmt: skip
        python.topics.set(topics_get_or_create(names=["Python"]))
        LibraryItemFactory(title="Sales article", kind="article", level="beginner")
        client = client_for(member)
        for query in ({"kind": "video"}, {"level": "advanced"}, {"topic": "python"},
                      {"provider": "Cloud Academy"}):  # fmt: skip
            html = client.get(reverse("content:library"), query).content.decode()
            assert "Python video" in html, query
            assert "Sales article" not in html, query

    def test_featured_items_lead_the_library_and_most_viewed_sorts(self, client_for, member):
        LibraryItemFactory(title="Curated guide", is_featured=True)
        popular = LibraryItemFactory(title="Popular guide")
        LibraryItemFactory(title="Quiet guide")
        client = client_for(member)
        for _ in range(3):
            client.get(popular.get_absolute_url())
        popular.refresh_from_db()
        assert popular.view_count == 3
        html = client.get(reverse("content:library")).content.decode()
        assert "Featured by the learning team" in html
        viewed = client.get(reverse("content:library"), {"sort": "viewed"}).content.decode()
        assert viewed.index("Popular guide") < viewed.index("Quiet guide")

    def test_related_items_share_a_topic_and_respect_visibility(
        self, client_for, outsider, private_group
    ):
        topic = topics_get_or_create(names=["Negotiation"])
        item = LibraryItemFactory(title="Negotiation basics")
        item.topics.set(topic)
        public = LibraryItemFactory(title="Negotiation advanced")
        public.topics.set(topic)
        private = LibraryItemFactory(title="Negotiation for the board", group=private_group)
        private.topics.set(topic)
        html = client_for(outsider).get(item.get_absolute_url()).content.decode()
        assert "Negotiation advanced" in html
        assert "Negotiation for the board" not in html

    def test_the_library_keeps_a_constant_number_of_queries_sorted_by_rating(
        self, client_for, member, open_group
    ):
        client = client_for(member)

        def add(n):
            for _ in range(n):
                item = LibraryItemFactory(group=open_group, is_featured=True)
                item.topics.set(topics_get_or_create(names=["Python"]))
                rating_set(user=UserFactory(), item=item, stars=4)

        assert_constant_queries(
            lambda: client.get(reverse("content:library"), {"sort": "rated"}), add
        )

    def test_an_item_page_keeps_a_constant_number_of_queries(self, client_for, member):
        item = LibraryItemFactory()
        topic = topics_get_or_create(names=["Python"])
        item.topics.set(topic)
        client = client_for(member)

        def add(n):
            for _ in range(n):
                other = LibraryItemFactory()
                other.topics.set(topic)
                rating_set(user=UserFactory(), item=item, stars=3, comment="Fine")

        assert_constant_queries(lambda: client.get(item.get_absolute_url()), add)
        assert LibraryItem.objects.get(pk=item.pk).rating_count == 30
