"""Reads on threads and replies; every one goes through Thread.objects.visible_to()."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404

from discussions.access import with_my_membership
from discussions.models import (
    ABOUT_RULES,
    Attachment,
    Correction,
    Flag,
    Post,
    Reaction,
    Revision,
    Thread,
    ThreadBookmark,
    ThreadFollow,
)
from groups.models import Group, Membership
from profiles.models import Topic, User, normalize_topic
from socialearn.lib.models import EpochSeconds, SubqueryCount


def thread_get_for_user(*, user: User, thread_id: int) -> Thread:
    """The thread if the user may read it, else 404 (existence does not leak)."""
    try:
        return (
            Thread.objects.visible_to(user)
            .select_related(
                "group",
                "author__profile",
                "corrected_by__profile",
                "accepted_post__author__profile",
            )
            .get(pk=thread_id)
        )
    except Thread.DoesNotExist:
        raise Http404 from None


def thread_get_for_page(*, user: User, thread_id: int) -> Thread:
    """thread_get_for_user for the thread page, in one plain query by primary key with
    what the page shows this reader: `my_membership` (discussions.access), `my_following`
    and `my_last_read` (their follow row), `pending_all` and `pending_mine` (suggested
    corrections waiting, to any text or to theirs: listed only when there are some) and
    `opening_images` (attachments of the opening text, loaded only when there are some).

    The page is the busiest in the product, so who may read is decided here from the
    reader's membership rather than with visible_to()'s subqueries (which cost more to
    plan than to run): the same rules as Group.objects.readable_by (a member, or an
    employee in an open group) and ThreadQuerySet.visible_to (a hidden thread only for
    the group's moderators); tests/discussions/test_permission_matrix.py holds both.
    """
    if not user.is_authenticated:
        raise Http404
    mine = ThreadFollow.objects.filter(thread=OuterRef("pk"), user=user)
    pending = Correction.objects.filter(thread=OuterRef("pk"), status=Correction.Status.PENDING)
    threads = with_my_membership(Thread.objects.filter(pk=thread_id), user=user).annotate(
        my_following=Subquery(mine.values("following")[:1]),
        my_last_read=Subquery(mine.values("last_read_at")[:1]),
        my_saved=Exists(ThreadBookmark.objects.filter(thread=OuterRef("pk"), user=user)),
        pending_all=SubqueryCount(pending),
        pending_mine=SubqueryCount(
            pending.filter(Q(post__author=user) | Q(post__isnull=True, thread__author=user))
        ),
        opening_images=SubqueryCount(
            Attachment.objects.filter(thread=OuterRef("pk"), post__isnull=True)
        ),
    )
    # Few joins, too: the accepted answer is fetched only when there is one.
    thread = threads.select_related("group", "author__profile").first()
    if thread is None:
        raise Http404
    role = thread.my_membership.split(",")[0] if thread.my_membership else None
    open_group = thread.group.visibility == Group.Visibility.OPEN
    if role is None and (user.is_guest or not open_group):
        raise Http404
    if thread.is_hidden and role not in (Membership.Role.OWNER, Membership.Role.MODERATOR):
        raise Http404
    rule = ABOUT_RULES.get(thread.about_kind)
    if rule and not Thread.objects.filter(rule(user), pk=thread.pk).exists():
        raise Http404  # about something the reader may not see (a group's news)
    leader = role in (Membership.Role.OWNER, Membership.Role.MODERATOR)
    thread.my_pending = thread.pending_all if leader else thread.pending_mine
    if thread.accepted_post_id:
        thread.accepted_post = (
            Post.objects.select_related("author__profile")
            .filter(pk=thread.accepted_post_id)
            .first()
        )
    return thread


def with_about_rules(threads: QuerySet[Thread], *, user: User) -> QuerySet[Thread]:
    """Leave out threads about something the user may not see (see ABOUT_RULES): lists
    that decide who reads from group membership apply it too."""
    for kind, rule in ABOUT_RULES.items():
        threads = threads.filter(~Q(about_kind=kind) | rule(user))
    return threads


def thread_list_for_group(
    *,
    group: Group,
    reader: User,
    user: User | None = None,
    moderator: bool = False,
) -> QuerySet[Thread]:
    """A group's threads as `reader` may see them, with `user`'s read state when given;
    the caller has checked that the reader may read the group. Hidden threads only for
    its moderators."""
    threads = with_about_rules(Thread.objects.filter(group=group), user=reader)
    if not moderator:
        threads = threads.shown()
    threads = threads.select_related("author__profile").newest_activity_first()
    return with_read_state(threads, user=user) if user is not None else threads


def with_read_state(threads: QuerySet[Thread], *, user: User) -> QuerySet[Thread]:
    """Annotate `last_read_at` (None: never opened) and `new_replies` since then: one
    correlated subquery each, through the follow's unique index and the replies' order
    index, so a page of threads stays one query."""
    if not user.is_authenticated:
        return threads
    last_read = ThreadFollow.objects.filter(thread=OuterRef("pk"), user=user).values(
        "last_read_at"
    )[:1]
    return threads.annotate(
        last_read_at=Subquery(last_read),
        new_replies=SubqueryCount(
            Post.objects.filter(
                thread=OuterRef("pk"), is_hidden=False, created_at__gt=OuterRef("last_read_at")
            )
        ),
    )


def flag_queue(*, group: Group) -> QuerySet[Flag]:
    """A group's open reports, oldest first (the moderators' queue)."""
    return (
        Flag.objects.filter(thread__group=group, status=Flag.Status.OPEN)
        .select_related(
            "thread", "post__author__profile", "thread__author__profile", "reporter__profile"
        )
        .order_by("created_at", "pk")
    )


def thread_list_recent(*, user: User) -> QuerySet[Thread]:
    """Threads the user may read, latest activity first; hidden ones left out even for
    moderators (they find them in their group's list)."""
    return (
        Thread.objects.visible_to(user)
        .shown()
        .select_related("group", "author__profile")
        .order_by("-last_activity_at", "-pk")
    )


def post_list_for_thread(*, thread: Thread) -> QuerySet[Post]:
    """Every reply, hidden ones included: they keep their place with the reason (the page
    shows their text to moderators only)."""
    return (
        Post.objects.filter(thread=thread)
        .select_related("author__profile", "corrected_by__profile")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


REACTION_EMOJI = {
    Reaction.Kind.LIKE: "👍",
    Reaction.Kind.HELPFUL: "🙌",
    Reaction.Kind.INSIGHTFUL: "💡",
    Reaction.Kind.CELEBRATE: "🎉",
}


@dataclass(frozen=True)
class ReactionButton:
    kind: str
    label: str
    emoji: str
    count: int
    mine: bool


def reaction_bars(
    *, user: User, thread: Thread | None = None, post_ids: Iterable[int] = ()
) -> dict[tuple[str, int], list[ReactionButton]]:
    """Reaction buttons for a thread's opening text and its posts, in one query.

    Keys are ("thread", id) and ("post", id); every target gets every kind, so the page
    can offer the ones nobody used yet.
    """
    post_ids = list(post_ids)
    targets = Q(post_id__in=post_ids)
    if thread is not None:
        targets |= Q(thread_id=thread.pk)
    rows = (
        Reaction.objects.filter(targets)
        .values("thread_id", "post_id", "kind")
        .annotate(
            n=Count("id"),
            mine=Max(Case(When(user_id=user.pk, then=Value(1)), default=Value(0))),
        )
    )
    found = {
        (("thread", r["thread_id"]) if r["thread_id"] else ("post", r["post_id"]), r["kind"]): r
        for r in rows
    }
    keys = [("post", pk) for pk in post_ids]
    if thread is not None:
        keys.insert(0, ("thread", thread.pk))
    # Labels are translated once per call, not once per button.
    labels = [(kind, str(label)) for kind, label in Reaction.Kind.choices]
    bars = {}
    for key in keys:
        bars[key] = [
            ReactionButton(
                kind=kind,
                label=label,
                emoji=REACTION_EMOJI[kind],
                count=found.get((key, kind), {}).get("n", 0),
                mine=bool(found.get((key, kind), {}).get("mine", 0)),
            )
            for kind, label in labels
        ]
    return bars


def post_get_for_user(*, user: User, post_id: int) -> Post:
    try:
        return Post.objects.visible_to(user).select_related("thread__group").get(pk=post_id)
    except Post.DoesNotExist:
        raise Http404 from None


def reply_list_by(*, person: User, viewer: User) -> QuerySet[Post]:
    """A person's replies the viewer may read, newest first (their profile)."""
    return (
        Post.objects.visible_to(viewer)
        .filter(author=person)
        .select_related("thread__group")
        .order_by("-created_at", "-pk")
    )


def accepted_answer_list(*, person: User, viewer: User) -> QuerySet[Thread]:
    """Questions where the person's reply was accepted, that the viewer may read."""
    return (
        Thread.objects.visible_to(viewer)
        .filter(accepted_post__author=person)
        .select_related("group", "author__profile")
        .order_by("-last_activity_at", "-pk")
    )


def question_list(
    *, user: User, state: str = Thread.State.UNANSWERED, tag: str = ""
) -> QuerySet[Thread]:
    """Questions the user may read in one state; unanswered ones oldest first (they have
    waited longest), the others by latest activity. `tag` narrows to a topic."""
    questions = (
        Thread.objects.visible_to(user).in_state(state).select_related("group", "author__profile")
    )
    if tag:
        questions = questions.filter(tags__key=normalize_topic(tag))
    if state == Thread.State.UNANSWERED:
        return questions.order_by("created_at", "pk")
    return questions.order_by("-last_activity_at", "-pk")


def _could_answer(user: User) -> Q:
    """Unanswered questions in groups where the user is an advocate or tagged with one of
    their skills, not their own."""
    advocate_of = Membership.objects.filter(user=user, is_advocate=True).values("group")
    my_skills = Topic.skilled_profiles.through.objects.filter(profile__user=user).values("topic")
    return (
        Q(kind=Thread.Kind.QUESTION, first_reply_at__isnull=True)
        & (
            Q(group__in=advocate_of)
            | Exists(Thread.tags.through.objects.filter(thread=OuterRef("pk"), topic__in=my_skills))
        )
        & ~Q(author=user)
    )


def questions_for(*, user: User) -> QuerySet[Thread]:
    """The questions someone could answer (an advocate's queue), oldest first: unanswered,
    in groups where they are an advocate or tagged with one of their skills, not theirs."""
    return (
        Thread.objects.visible_to(user)
        .filter(_could_answer(user))
        .select_related("group", "author__profile")
        .order_by("created_at", "pk")
    )


def questions_and_highlights(
    *, user: User, questions: int = 5, highlights: int = 4
) -> tuple[list[Thread], list[Thread]]:
    """The home page's two short lists in one query: the first `questions` of
    questions_for() and the first `highlights` highlighted threads (marked great first, then
    hottest; a thread in both
    counts as a question). A window numbers the rows of each list in its own order."""
    could = _could_answer(user)
    highlighted = Q(is_highlighted=True, is_hidden=False)
    great_first = Case(When(is_great=True, then=Value(1e12)), default=Value(0.0))
    rows = (
        Thread.objects.visible_to(user)
        .filter(could | highlighted)
        .annotate(
            bucket=Case(When(could, then=Value(1)), default=Value(2)),
            # Ascending in both lists: oldest question first; great, then hottest first.
            sort=Case(
                When(could, then=EpochSeconds(F("created_at"))),
                default=-(F("hot_score") + great_first),
                output_field=FloatField(),
            ),
        )
        .annotate(rank=Window(RowNumber(), partition_by=[F("bucket")], order_by=[F("sort"), "pk"]))
        .filter(rank__lte=max(questions, highlights))
        .select_related("group", "author__profile")
        .order_by("bucket", "rank")
    )
    rows = list(rows)
    return (
        [t for t in rows if t.bucket == 1][:questions],
        [t for t in rows if t.bucket == 2][:highlights],
    )


def pending_corrections(*, thread: Thread, user: User, moderator: bool) -> list[Correction]:
    """Suggestions waiting for this reader's review: on their own texts, or all of the
    thread's for a moderator."""
    pending = Correction.objects.filter(thread=thread, status=Correction.Status.PENDING)
    if not moderator:
        pending = pending.filter(Q(post__author=user) | Q(post__isnull=True, thread__author=user))
    return list(pending.select_related("proposer__profile").order_by("created_at", "pk")[:20])


def move_targets(*, user: User, thread: Thread) -> QuerySet[Group]:
    """Groups a moderator may move the thread to: others they moderate, not archived."""
    return (
        Group.objects.filter(
            memberships__user=user,
            memberships__role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR],
            archived_at__isnull=True,
        )
        .exclude(pk=thread.group_id)
        .only("pk", "name")
        .order_by("name")
    )


def revision_list(*, thread: Thread, post: Post | None) -> QuerySet[Revision]:
    """A text's history, newest first."""
    return (
        Revision.objects.filter(thread=thread, post=post)
        .select_related("editor__profile", "credited__profile")
        .order_by("-created_at", "-pk")
    )


def group_tags(*, group: Group, limit: int = 12) -> list[Topic]:
    """The topics most used on the group's threads, for its filter."""
    return list(
        Topic.objects.filter(threads__group=group, threads__is_hidden=False)
        .annotate(n=Count("threads"))
        .order_by("-n", "name")[:limit]
    )


def saved_threads(*, user: User) -> QuerySet[Thread]:
    """The threads the user saved and may still see, most recently saved first."""
    saved = ThreadBookmark.objects.filter(user=user, thread=OuterRef("pk")).values("created_at")
    return (
        Thread.objects.visible_to(user)
        .shown()
        .filter(bookmarks__user=user)
        .annotate(saved_at=Subquery(saved[:1]))
        .select_related("group", "author__profile")
        .order_by("-saved_at", "-pk")
    )


@dataclass(frozen=True)
class SubjectDiscussion:
    """The conversation about something outside discussions (a library item, a news
    post) as one reader sees it on that thing's page."""

    thread: Thread | None  # None before the first comment, or out of the reader's sight
    latest: list[Post]  # its latest shown comments, oldest first
    closed: bool  # no comment can be added (hidden, locked, archived, out of sight)


def subject_discussion(
    *, subject, user: User, group: Group | None, is_home, limit: int = 5
) -> SubjectDiscussion:
    """`subject` has a `discussion` thread field; `group` is where its first comment would
    open the thread (None: a site-wide group); `is_home(thread)` says whether the thread
    is still there (see services.comment_on)."""
    if subject.discussion_id is None:
        return SubjectDiscussion(None, [], closed=bool(group and group.is_archived))
    thread = (
        Thread.objects.visible_to(user).select_related("group").filter(pk=subject.discussion_id)
    ).first()
    if thread is None or not is_home(thread):  # hidden, or moved elsewhere by a moderator
        return SubjectDiscussion(None, [], closed=True)
    latest = (
        Post.objects.filter(thread=thread, is_hidden=False)
        .select_related("author__profile")
        .order_by("-created_at", "-pk")[:limit]
    )
    closed = thread.is_hidden or thread.is_locked or thread.group.is_archived
    return SubjectDiscussion(thread, list(reversed(latest)), closed)
