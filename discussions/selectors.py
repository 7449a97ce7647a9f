"""Reads on threads and replies; every one goes through Thread.objects.visible_to()."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, Max, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from discussions.models import Post, Reaction, Thread
from groups.models import Group, Membership
from profiles.models import Topic, User, normalize_topic


def thread_get_for_user(*, user: User, thread_id: int) -> Thread:
    """The thread if the user may read it, else 404 (existence does not leak)."""
    try:
        return (
            Thread.objects.visible_to(user)
            .select_related("group", "author__profile", "accepted_post__author__profile")
            .get(pk=thread_id)
        )
    except Thread.DoesNotExist:
        raise Http404 from None


def thread_list_for_group(*, group: Group) -> QuerySet[Thread]:
    """A group's threads; the caller has checked that the user may read the group."""
    return (
        Thread.objects.filter(group=group).select_related("author__profile").newest_activity_first()
    )


def thread_list_recent(*, user: User) -> QuerySet[Thread]:
    return (
        Thread.objects.visible_to(user)
        .select_related("group", "author__profile")
        .order_by("-last_activity_at", "-pk")
    )


def post_list_for_thread(*, thread: Thread) -> QuerySet[Post]:
    return (
        Post.objects.filter(thread=thread)
        .select_related("author__profile")
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


def thread_list_in_groups(*, group_ids: list[int]) -> QuerySet[Thread]:
    """Threads of the given groups, latest activity first.

    For the reader's own groups, whose membership already says they may read them; any
    other caller goes through thread_list_recent (visible_to).
    """
    return (
        Thread.objects.filter(group_id__in=group_ids)
        .select_related("group", "author__profile")
        .order_by("-last_activity_at", "-pk")
    )


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


def questions_for(*, user: User) -> QuerySet[Thread]:
    """The questions someone could answer, oldest first: unanswered, in groups where they
    are an advocate or tagged with one of their skills, and not their own."""
    advocate_of = Membership.objects.filter(user=user, is_advocate=True).values("group")
    my_skills = Topic.skilled_profiles.through.objects.filter(profile__user=user).values("topic")
    return (
        Thread.objects.visible_to(user)
        .in_state(Thread.State.UNANSWERED)
        .filter(
            Q(group__in=advocate_of)
            | Exists(Thread.tags.through.objects.filter(thread=OuterRef("pk"), topic__in=my_skills))
        )
        .exclude(author=user)
        .select_related("group", "author__profile")
        .order_by("created_at", "pk")
    )
