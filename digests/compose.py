"""What goes in each person's digest, for a batch of digests at once.

Every kind of content is one query for the whole batch (the people's groups, skills and
topics first, then the rows that could concern any of them since the earliest of their
last digests), sorted out per person in Python with the site's reading rules: a group's
content for its readers (members; open groups too, except for external guests), group
news for the group's members, site-wide items and news for employees, nothing hidden by a
moderator, nothing unpublished. The number of queries does not grow with the batch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cohorts.models import Session
from content.models import LibraryItem
from digests.models import Digest, DigestSettings, Frequency
from digests.schedule import PERIOD
from discussions.models import Post, Thread
from discussions.notify import POST_TARGET
from discussions.notify import TARGET as THREAD_TARGET
from groups.models import Group, Membership
from news.models import NewsPost
from notifications.models import Notification
from profiles.models import Follow, Profile, User

EACH = 5  # at most this many entries per section
NOTICES = 10  # notifications kept for the digest, shown at most
UPCOMING = datetime.timedelta(days=7)  # cohort sessions shown ahead
MEET_PER_TOPIC = 10  # candidates per shared topic for "meet someone"


@dataclass
class Content:
    """One person's digest: its sections in the order the email shows them."""

    digest: Digest
    since: datetime.datetime
    highlights: list[Thread] = field(default_factory=list)
    answers: list[Post] = field(default_factory=list)
    questions: list[Thread] = field(default_factory=list)
    library: list[LibraryItem] = field(default_factory=list)
    news: list[NewsPost] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    follow_ups: list[Thread] = field(default_factory=list)
    meet: Profile | None = None
    # What the person chose to hear about in their digest only (notifications channel
    # "digest"), about discussions they may still read.
    notices: list[Notification] = field(default_factory=list)

    @property
    def count(self) -> int:
        """What is new for the person ("meet someone" alone is not a reason to write)."""
        return sum(
            len(x)
            for x in (
                self.highlights,
                self.answers,
                self.questions,
                self.library,
                self.news,
                self.sessions,
                self.follow_ups,
                self.notices,
            )
        )


@dataclass
class Reader:
    user: User
    since: datetime.datetime
    groups: set[int]  # member of
    readable: set[int]  # may read (member, or an open group for employees)
    skills: set[int]
    topics: set[int]  # skills and interests
    follows: set[int]


def compose(digests: list[Digest], *, now: datetime.datetime | None = None) -> list[Content]:
    """The content of each digest (loaded with its user and profile)."""
    if not digests:
        return []
    now = now or timezone.now()
    readers = _readers(digests)
    all_groups = set().union(*(r.groups for r in readers.values()))
    all_readable = set().union(*(r.readable for r in readers.values()))
    all_skills = set().union(*(r.skills for r in readers.values()))
    all_topics = set().union(*(r.topics for r in readers.values()))
    earliest = min(r.since for r in readers.values())
    user_ids = list(readers)

    highlights = list(
        Thread.objects.filter(
            is_highlighted=True,
            is_hidden=False,
            about_kind="",
            group_id__in=all_groups,
            last_activity_at__gte=earliest,
        )
        .select_related("group")
        .order_by("-is_great", "-hot_score", "-pk")[:500]
    )
    answers = list(
        Post.objects.filter(
            thread__author_id__in=user_ids,
            thread__kind=Thread.Kind.QUESTION,
            thread__is_hidden=False,
            thread__about_kind="",
            is_hidden=False,
            created_at__gte=earliest,
        )
        .exclude(author_id=F("thread__author_id"))
        .select_related("thread__group", "author__profile")
        .order_by("-created_at", "-pk")[:2000]
    )
    questions = list(
        Thread.objects.filter(
            kind=Thread.Kind.QUESTION,
            first_reply_at__isnull=True,
            is_hidden=False,
            about_kind="",
            group_id__in=all_readable,
            created_at__gte=earliest,
            tags__in=all_skills,
        )
        .distinct()
        .select_related("group")
        .order_by("created_at", "pk")[:2000]
    )
    question_tags = defaultdict(set)
    for thread_id, topic_id in Thread.tags.through.objects.filter(
        thread__in=[t.pk for t in questions], topic_id__in=all_skills
    ).values_list("thread_id", "topic_id"):
        question_tags[thread_id].add(topic_id)
    library = list(
        LibraryItem.objects.filter(published_at__gte=earliest, published_at__lte=now)
        .filter(Q(group_id__in=all_readable) | Q(group__isnull=True, topics__in=all_topics))
        .distinct()
        .select_related("group")
        .defer("body", "body_html", "search_vector")
        .order_by("-published_at", "-pk")[:2000]
    )
    item_topics = defaultdict(set)
    for item_id, topic_id in LibraryItem.topics.through.objects.filter(
        libraryitem__in=[i.pk for i in library if i.group_id is None], topic_id__in=all_topics
    ).values_list("libraryitem_id", "topic_id"):
        item_topics[item_id].add(topic_id)
    news = list(
        NewsPost.objects.published()
        .filter(Q(audience__isnull=True) | Q(audience_id__in=all_groups))
        .filter(publish_at__gte=earliest)
        .select_related("audience")
        .defer("body", "body_html", "search_vector")
        .order_by("-publish_at", "-pk")[:500]
    )
    sessions = list(
        Session.objects.filter(
            group_id__in=all_groups, starts_at__gte=now, starts_at__lt=now + UPCOMING
        )
        .select_related("group")
        .order_by("starts_at", "pk")[:2000]
    )
    follow_ups = list(
        Thread.objects.filter(
            session__isnull=False,
            is_hidden=False,
            group_id__in=all_groups,
            created_at__gte=earliest,
        )
        .select_related("group")
        .order_by("-created_at", "-pk")[:500]
    )
    candidates = _meet_candidates(all_skills)
    notices, where = _digest_notices(user_ids, earliest)

    contents = []
    for digest in digests:
        reader = readers[digest.user_id]
        since = reader.since
        content = Content(digest=digest, since=since)
        content.highlights = [
            t for t in highlights if t.group_id in reader.groups and t.last_activity_at >= since
        ][:EACH]
        seen = set()
        for post in answers:
            thread = post.thread
            if (
                thread.author_id == reader.user.pk
                and post.created_at >= since
                and thread.group_id in reader.readable
                and thread.pk not in seen
            ):
                seen.add(thread.pk)
                content.answers.append(post)
        content.answers = content.answers[:EACH]
        content.questions = [
            t
            for t in questions
            if t.group_id in reader.readable
            and t.created_at >= since
            and t.author_id != reader.user.pk
            and question_tags[t.pk] & reader.skills
        ][:EACH]
        content.library = [
            i
            for i in library
            if i.published_at >= since
            and i.author_id != reader.user.pk
            and (
                (i.group_id is not None and i.group_id in reader.readable)
                or (
                    i.group_id is None
                    and not reader.user.is_guest
                    and item_topics[i.pk] & reader.topics
                )
            )
        ][:EACH]
        readable_news = [
            n
            for n in news
            if (n.audience_id is None and not reader.user.is_guest)
            or n.audience_id in reader.groups
        ]
        content.news = sorted(
            (n for n in readable_news if n.publish_at >= since),
            key=lambda n: (not n.is_pinned, -n.publish_at.timestamp()),
        )[:EACH]
        content.sessions = [s for s in sessions if s.group_id in reader.groups][:EACH]
        content.follow_ups = [
            t for t in follow_ups if t.group_id in reader.groups and t.created_at >= since
        ][:EACH]
        content.meet = _meet(reader, candidates)
        content.notices = [
            n
            for n in notices
            if n.recipient_id == reader.user.pk
            and n.created_at >= since
            and _still_readable(n, where, reader, now)
        ][:NOTICES]
        contents.append(content)
    return contents


def _digest_notices(user_ids: list[int], earliest) -> tuple[list[Notification], dict]:
    """The batch's notifications kept for their digest, about discussions, and where each
    thread or reply they name is now (group, hidden or not): three queries."""
    notices = list(
        Notification.objects.filter(
            recipient_id__in=user_ids,
            for_digest=True,
            created_at__gte=earliest,
            target_type__in=[THREAD_TARGET, POST_TARGET],
        )
        .select_related("actor__profile")
        .order_by("-created_at", "-pk")[:5000]
    )
    thread_ids = {n.target_id for n in notices if n.target_type == THREAD_TARGET}
    post_ids = {n.target_id for n in notices if n.target_type == POST_TARGET}
    where = {}
    # A thread about something (news comments) is read under that thing's rule too
    # (discussions.models.ABOUT_RULES): here the news post's, set-based. A thread about
    # anything with another rule is left out rather than guessed at.
    about = {
        "about_kind": F("about_kind"),
        "news_status": F("discussed_news__status"),
        "news_at": F("discussed_news__publish_at"),
        "news_audience": F("discussed_news__audience_id"),
    }
    for pk, group_id, hidden, *rule in Thread.objects.filter(pk__in=thread_ids).values_list(
        "pk", "group_id", "is_hidden", *about.values()
    ):
        where[THREAD_TARGET, pk] = (group_id, hidden, *rule)
    post_about = {key: F(f"thread__{value.name}") for key, value in about.items()}
    rows = Post.objects.filter(pk__in=post_ids).values_list(
        "pk", "thread__group_id", "is_hidden", "thread__is_hidden", *post_about.values()
    )
    for pk, group_id, hidden, thread_hidden, *rule in rows:
        where[POST_TARGET, pk] = (group_id, hidden or thread_hidden, *rule)
    return notices, where


def _still_readable(notice: Notification, where: dict, reader: Reader, now) -> bool:
    found = where.get((notice.target_type, notice.target_id))
    if found is None:
        return False
    group_id, hidden, about_kind, news_status, news_at, news_audience = found
    if hidden or group_id not in reader.readable:
        return False
    if not about_kind:
        return True
    if about_kind != Thread.About.NEWS:
        return False
    published = news_status in (NewsPost.Status.SCHEDULED, NewsPost.Status.PUBLISHED)
    if not published or news_at is None or news_at > now:
        return False
    if news_audience is None:
        return not reader.user.is_guest
    return news_audience in reader.groups


def _readers(digests: list[Digest]) -> dict[int, Reader]:
    """Who the batch is for: their groups, skills, topics, follows and since when."""
    user_ids = [d.user_id for d in digests]
    due = {d.user_id: d.due_at for d in digests}
    frequency = dict(
        DigestSettings.objects.filter(user_id__in=user_ids).values_list("user_id", "frequency")
    )
    # Each digest covers since the person's latest earlier one (a re-queued older digest
    # sent after a newer one covers its own time, not the newer one's).
    previous: dict[int, datetime.datetime] = {}
    earlier = Digest.objects.filter(
        user_id__in=user_ids,
        due_at__lt=max(due.values()),
        due_at__gte=min(due.values()) - PERIOD[Frequency.WEEKLY] * 2,
    ).exclude(pk__in=[d.pk for d in digests])
    for user_id, due_at in earlier.values_list("user_id", "due_at"):
        if due_at < due[user_id] and (user_id not in previous or due_at > previous[user_id]):
            previous[user_id] = due_at
    groups = defaultdict(set)
    for user_id, group_id in Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group_id"
    ):
        groups[user_id].add(group_id)
    open_groups = set(
        Group.objects.filter(visibility=Group.Visibility.OPEN).values_list("pk", flat=True)
    )
    skills, topics = defaultdict(set), defaultdict(set)
    for user_id, topic_id in Profile.skills.through.objects.filter(
        profile__user_id__in=user_ids
    ).values_list("profile__user_id", "topic_id"):
        skills[user_id].add(topic_id)
        topics[user_id].add(topic_id)
    for user_id, topic_id in Profile.interests.through.objects.filter(
        profile__user_id__in=user_ids
    ).values_list("profile__user_id", "topic_id"):
        topics[user_id].add(topic_id)
    follows = defaultdict(set)
    for follower, followed in Follow.objects.filter(follower_id__in=user_ids).values_list(
        "follower_id", "followed_id"
    ):
        follows[follower].add(followed)
    readers = {}
    for digest in digests:
        user = digest.user
        pk = user.pk
        period = PERIOD.get(frequency.get(pk, Frequency.WEEKLY), PERIOD[Frequency.WEEKLY])
        since = previous.get(pk) or due[pk] - period
        mine = groups[pk]
        readers[pk] = Reader(
            user=user,
            since=since,
            groups=mine,
            readable=set(mine) if user.is_guest else mine | open_groups,
            skills=skills[pk],
            topics=topics[pk],
            follows=follows[pk],
        )
    return readers


def _meet_candidates(topic_ids: set[int]) -> dict[int, list[Profile]]:
    """A few colleagues per topic (the first ten who list it as a skill), for "meet
    someone": one query, bounded by the batch's topics."""
    if not topic_ids:
        return {}
    rows = (
        Profile.skills.through.objects.filter(
            topic_id__in=topic_ids,
            profile__user__is_active=True,
            profile__user__is_guest=False,
        )
        .annotate(
            n=Window(RowNumber(), partition_by=[F("topic_id")], order_by=F("profile_id").asc())
        )
        .filter(n__lte=MEET_PER_TOPIC)
        .select_related("profile__user", "topic")
    )
    by_topic = defaultdict(list)
    for row in rows:
        row.profile.shared_topic = row.topic
        by_topic[row.topic_id].append(row.profile)
    return by_topic


def _meet(reader: Reader, candidates: dict[int, list[Profile]]) -> Profile | None:
    """Someone from another department who shares one of the reader's skills, whom they
    do not follow yet."""
    if reader.user.is_guest:
        return None
    department = reader.user.profile.department
    for topic_id in sorted(reader.skills):
        for profile in candidates.get(topic_id, ()):
            if (
                profile.user_id != reader.user.pk
                and profile.user_id not in reader.follows
                and profile.department
                and profile.department != department
            ):
                return profile
    return None
