from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min

from content.models import LibraryItem
from discussions.models import Post, Thread
from groups.models import Group, Membership
from news.models import NewsPost
from profiles.models import Profile, User

pytestmark = pytest.mark.django_db

TINY = {"users": 40, "groups": 8, "threads": 60, "posts": 400, "library": 12, "news": 6}


def seed(**sizes: int) -> None:
    call_command("seed_bench", **(TINY | sizes))


def test_seed_bench_creates_what_it_was_asked_for(capsys):
    seed()
    assert User.objects.count() == 40
    assert Profile.objects.count() == 40
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 40
    assert Group.objects.count() == 8
    assert Thread.objects.count() == 60
    assert Post.objects.count() == 400
    assert LibraryItem.objects.count() == 12
    assert NewsPost.objects.count() == 6
    out = capsys.readouterr().out
    assert "bench1@example.com" in out
    assert "bench-password" in out


def test_everyone_is_in_five_to_fifteen_groups_and_every_group_has_an_owner():
    seed()
    per_person = Membership.objects.values("user").annotate(n=Count("id"))
    assert {row["n"] for row in per_person} <= set(range(5, 16))
    assert per_person.count() == 40
    owners = Membership.objects.filter(role=Membership.Role.OWNER)
    assert owners.count() == 8
    for group in Group.objects.all():
        assert group.created_by_id == owners.get(group=group).user_id


def test_threads_agree_with_their_replies():
    seed()
    replies = {
        row["thread"]: row
        for row in Post.objects.values("thread").annotate(
            n=Count("id"), first=Min("created_at"), last=Max("created_at")
        )
    }
    for thread in Thread.objects.all():
        row = replies.get(thread.pk)
        assert thread.reply_count == (row["n"] if row else 0)
        if row:
            assert row["first"] >= thread.created_at
            assert row["last"] == thread.last_activity_at
        else:
            assert thread.last_activity_at == thread.created_at


def test_timestamps_are_spread_in_time_and_auto_now_is_restored():
    seed()
    created = set(Thread.objects.values_list("created_at", flat=True))
    assert len(created) == 60
    for model in (Profile, Group, Membership, Thread, Post, LibraryItem, NewsPost):
        assert model._meta.get_field("created_at").auto_now_add
        assert model._meta.get_field("updated_at").auto_now


def test_markdown_is_rendered_once_per_text_and_stored():
    seed()
    assert not Post.objects.filter(body_html="").exists()
    assert Post.objects.values("body").distinct().count() < Post.objects.count()


def test_running_it_again_changes_nothing(capsys):
    seed()
    before = Post.objects.count()
    seed(users=80)
    assert User.objects.count() == 40
    assert Post.objects.count() == before
    assert "already present" in capsys.readouterr().out


def test_a_bench_person_signs_in_with_the_documented_password(client):
    seed()
    assert client.login(email="bench7@example.com", password="bench-password")


def test_it_refuses_a_deployment(settings):
    settings.DEPLOYED = True
    with pytest.raises(CommandError, match="ALLOWED_HOSTS"):
        seed()
    assert not User.objects.exists()
