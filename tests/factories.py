"""factory_boy factories for every model; related rows are created as needed."""

from __future__ import annotations

import factory
from django.db.models import F
from django.utils import timezone

from content.models import LibraryItem
from discussions.models import Post, Reaction, Thread
from groups.models import Group, Membership
from news.models import NewsPost
from profiles.models import Endorsement, Follow, User
from profiles.services import topics_get_or_create
from socialearn.lib.markdown import render_markdown

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    handle = factory.Sequence(lambda n: f"person{n}")
    display_name = factory.Sequence(lambda n: f"Person {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The manager creates the profile in the same transaction.
        password = kwargs.pop("password", PASSWORD)
        return model_class.objects.create_user(*args, password=password, **kwargs)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    description = "A place to learn together."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    kind = Group.Kind.TOPIC
    visibility = Group.Visibility.OPEN


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membership = super()._create(model_class, *args, **kwargs)
        Group.objects.filter(pk=membership.group_id).update(member_count=F("member_count") + 1)
        return membership


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    group = factory.SubFactory(GroupFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do we do thing number {n}?")
    slug = factory.Sequence(lambda n: f"how-do-we-do-thing-number-{n}")
    body = "Some **context** for the thread."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    last_activity_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "I think the answer is *this*."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As discussions.services.post_create does: the thread's counters and its
        # updated_at (which cached pages of replies key on) move with every reply.
        post = super()._create(model_class, *args, **kwargs)
        Thread.objects.filter(pk=post.thread_id).update(
            reply_count=F("reply_count") + 1,
            last_activity_at=post.created_at,
            updated_at=post.created_at,
        )
        return post


class LibraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LibraryItem

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Guide number {n}")
    slug = factory.Sequence(lambda n: f"guide-number-{n}")
    summary = "A short guide."
    body = "Read *this*."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    published_at = factory.LazyFunction(timezone.now)


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"News number {n}")
    slug = factory.Sequence(lambda n: f"news-number-{n}")
    summary = "Something happened."
    body = "The *details*."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    status = NewsPost.Status.PUBLISHED
    publish_at = factory.LazyFunction(timezone.now)


class ReactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reaction

    user = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)
    kind = Reaction.Kind.HELPFUL


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    followed = factory.SubFactory(UserFactory)


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    endorser = factory.SubFactory(UserFactory)
    person = factory.SubFactory(UserFactory)
    topic = factory.LazyAttribute(lambda o: topics_get_or_create(names=["Python"])[0])


def give_topics(user: User, *, skills=(), interests=()) -> None:
    """Declare skills and interests on a user's profile (names are normalised)."""
    if skills:
        user.profile.skills.add(*topics_get_or_create(names=list(skills)))
    if interests:
        user.profile.interests.add(*topics_get_or_create(names=list(interests)))
