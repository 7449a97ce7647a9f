"""The permission model, cell by cell: every role against every kind of group and every
action, through the public pages. A new page that forgets a check fails here.

Roles: anonymous, a signed-in employee who is not a member, an external guest who is not
a member, member, moderator, owner, and site staff (no special powers on the site: they
act through the admin). Groups: open, private, hidden, and an archived open group.
Actions: list (found by search), view (its discussions), post (start a thread),
moderate (the requests queue), see members.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.models import Thread
from tests.factories import GroupFactory, MembershipFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = ("list", "view", "post", "moderate", "members")
NONE = dict.fromkeys(ACTIONS, False)
READER = {"list": True, "view": True, "post": True, "moderate": False, "members": True}
ARCHIVED_READER = READER | {"post": False}
MODERATOR = READER | {"moderate": True}
LISTED_ONLY = NONE | {"list": True}

EXPECTED = {
    "anonymous": dict.fromkeys(("open", "private", "hidden", "archived"), NONE),
    "employee": {"open": READER, "private": LISTED_ONLY, "hidden": NONE,
                 "archived": ARCHIVED_READER},
    "guest": dict.fromkeys(("open", "private", "hidden", "archived"), NONE),
    "member": {"open": READER, "private": READER, "hidden": READER, "archived": ARCHIVED_READER},
    "moderator": {"open": MODERATOR, "private": MODERATOR, "hidden": MODERATOR,
                  "archived": ARCHIVED_READER},
    "owner": {"open": MODERATOR, "private": MODERATOR, "hidden": MODERATOR,
              "archived": ARCHIVED_READER},
    "staff": {"open": READER, "private": LISTED_ONLY, "hidden": NONE,
              "archived": ARCHIVED_READER},
}  # fmt: skip


def make_group(kind: str):
    group = GroupFactory(
        name="Matrixgroup",
        slug="matrix",
        visibility="open" if kind == "archived" else kind,
        archived_at=timezone.now() if kind == "archived" else None,
    )
    people = {
        role: MembershipFactory(group=group, role=role).user
        for role in ("owner", "moderator", "member")
    }
    people["member"].profile.display_name = "Mina Member"
    people["member"].profile.save()
    ThreadFactory(group=group, title="The matrix thread")
    return group, people


def client_as(client, role: str, people):
    user = {
        "anonymous": None,
        "employee": lambda: UserFactory(),
        "guest": lambda: UserFactory(is_guest=True),
        "staff": lambda: UserFactory(is_staff=True, is_superuser=True),
    }.get(role)
    if role in people:
        client.force_login(people[role])
    elif user is not None:
        client.force_login(user())
    return client


def observed(client) -> dict[str, bool]:
    search = client.get(reverse("search"), {"q": "Matrixgroup"})
    listed = search.status_code == 200 and 'href="/groups/matrix/"' in search.content.decode()
    threads = client.get(reverse("discussions:group_threads", args=["matrix"]))
    view = threads.status_code == 200 and "The matrix thread" in threads.content.decode()
    before = Thread.objects.count()
    client.post(
        reverse("discussions:thread_create", args=["matrix"]),
        {"kind": "discussion", "title": "A new thread", "body": "Hello."},
    )
    post = Thread.objects.count() > before
    moderate = client.get(reverse("groups:requests", args=["matrix"])).status_code == 200
    members = client.get(reverse("groups:members", args=["matrix"]))
    see_members = members.status_code == 200 and "Mina Member" in members.content.decode()
    return {"list": listed, "view": view, "post": post, "moderate": moderate,
            "members": see_members}  # fmt: skip


@pytest.mark.parametrize("kind", ["open", "private", "hidden", "archived"])
@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_permission_matrix(client, role, kind):
    _group, people = make_group(kind)
    assert observed(client_as(client, role, people)) == EXPECTED[role][kind]


@pytest.mark.parametrize("role", ["employee", "guest", "staff"])
def test_a_hidden_group_answers_404_to_non_members_everywhere(client, role):
    group, people = make_group("hidden")
    client = client_as(client, role, people)
    for url in [
        group.get_absolute_url(),
        reverse("discussions:group_threads", args=["matrix"]),
        reverse("discussions:thread_create", args=["matrix"]),
        reverse("groups:members", args=["matrix"]),
        reverse("groups:requests", args=["matrix"]),
        reverse("content:group_library", args=["matrix"]),
        reverse("groups:join", args=["matrix"]),
        reverse("groups:request", args=["matrix"]),
        Thread.objects.get().get_absolute_url(),
    ]:
        method = client.post if url.endswith(("/join/", "/request/")) else client.get
        assert method(url).status_code == 404, url
