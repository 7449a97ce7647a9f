"""Who may reply, react, suggest corrections, report and moderate, cell by cell: every
role against every kind of group, through the public pages (the group-level matrix is in
tests/groups/test_permission_matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.models import Correction, Flag, Post, Reaction, Thread
from tests.factories import GroupFactory, MembershipFactory, PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = ("reply", "react", "correct", "flag", "moderate")
NONE = dict.fromkeys(ACTIONS, False)
WRITER = NONE | {"reply": True, "react": True, "correct": True, "flag": True}
MODERATOR = WRITER | {"moderate": True}
KINDS = ("open", "private", "hidden", "archived")

EXPECTED = {
    "anonymous": dict.fromkeys(KINDS, NONE),
    "employee": {"open": WRITER, "private": NONE, "hidden": NONE, "archived": NONE},
    "guest": dict.fromkeys(KINDS, NONE),
    "member": {"open": WRITER, "private": WRITER, "hidden": WRITER, "archived": NONE},
    "moderator": {"open": MODERATOR, "private": MODERATOR, "hidden": MODERATOR,
                  "archived": NONE},
    "owner": {"open": MODERATOR, "private": MODERATOR, "hidden": MODERATOR, "archived": NONE},
    "staff": {"open": WRITER, "private": NONE, "hidden": NONE, "archived": NONE},
}  # fmt: skip


def setting(kind: str):
    group = GroupFactory(
        visibility="open" if kind == "archived" else kind,
        archived_at=timezone.now() if kind == "archived" else None,
    )
    people = {
        role: MembershipFactory(group=group, role=role).user
        for role in ("owner", "moderator", "member")
    }
    writer = MembershipFactory(group=group).user
    thread = ThreadFactory(group=group, author=writer)
    post = PostFactory(thread=thread, author=writer, body="Original text")
    return thread, post, people


def sign_in(client, role: str, people):
    others = {
        "employee": lambda: UserFactory(),
        "guest": lambda: UserFactory(is_guest=True),
        "staff": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    if role in people:
        client.force_login(people[role])
    elif role in others:
        client.force_login(others[role]())
    return client


def observed(client, thread: Thread, post: Post) -> dict[str, bool]:
    replies = Post.objects.count()
    client.post(thread.get_absolute_url(), {"body": "A reply"})
    client.post(reverse("discussions:react"), {"target": "post", "id": post.pk, "kind": "like"})
    client.post(
        reverse("discussions:correct", args=[thread.pk]) + f"?post={post.pk}",
        {"post": post.pk, "body": "Better text", "reason": "Was wrong"},
    )
    client.post(
        reverse("discussions:flag", args=[thread.pk]) + f"?post={post.pk}",
        {"post": post.pk, "reason": "spam"},
    )
    client.post(reverse("discussions:moderate", args=[thread.pk]), {"action": "lock"})
    thread.refresh_from_db()
    return {
        "reply": Post.objects.count() > replies,
        "react": Reaction.objects.exists(),
        "correct": Correction.objects.exists(),
        "flag": Flag.objects.exists(),
        "moderate": thread.is_locked,
    }


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_discussion_permission_matrix(client, role, kind):
    thread, post, people = setting(kind)
    assert observed(sign_in(client, role, people), thread, post) == EXPECTED[role][kind]


@pytest.mark.parametrize("role", ["employee", "guest"])
def test_every_thread_page_of_a_private_group_is_404_to_outsiders(client, role):
    thread, post, people = setting("private")
    client = sign_in(client, role, people)
    t = thread.pk
    for url in [
        thread.get_absolute_url(),
        reverse("discussions:edit", args=[t]) + f"?post={post.pk}",
        reverse("discussions:history", args=[t]) + f"?post={post.pk}",
        reverse("discussions:correct", args=[t]) + f"?post={post.pk}",
        reverse("discussions:flag", args=[t]),
        reverse("discussions:hide", args=[t]),
        reverse("discussions:thread_short", args=[t]) + f"?quote={post.pk}",
    ]:
        assert client.get(url).status_code == 404, url
