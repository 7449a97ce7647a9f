from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from content.models import ItemRevision, LibraryItem
from discussions.models import Post, Reaction, Thread
from groups.models import Group, Membership
from news.models import NewsPost
from profiles.models import Profile, User

pytestmark = pytest.mark.django_db

MODELS = [User, Profile, EmailAddress, Group, Membership, Thread, Post, Reaction, LibraryItem,
          NewsPost]  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_builds_a_company_and_running_it_twice_adds_nothing(capsys):
    call_command("seed_demo")
    first = counts()
    assert first["User"] >= 60
    assert first["Group"] >= 12
    assert first["Thread"] >= 40
    assert set(Group.objects.values_list("kind", flat=True)) == set(Group.Kind.values)
    assert set(Group.objects.values_list("visibility", flat=True)) == set(Group.Visibility.values)
    assert Thread.objects.filter(kind="question").exists()
    assert Profile.objects.filter(skills__isnull=False).distinct().count() >= 55
    assert "demo@example.com" in capsys.readouterr().out
    # The library: every kind, partner items from a feed, ratings, a corrected article
    # with its history, a stale item in its owner's queue, a private file, discussions.
    items = LibraryItem.objects.all()
    assert set(items.values_list("kind", flat=True)) == set(LibraryItem.Kind.values)
    assert items.filter(feed__isnull=False, group__isnull=True).count() >= 3
    assert items.filter(rating_count__gt=0).count() >= 10
    assert ItemRevision.objects.filter(item__corrected_by__isnull=False).exists()
    assert items.filter(review_by__lt=timezone.localdate(), author__isnull=False).exists()
    assert items.get(kind="file").file_type == "application/pdf"
    assert items.filter(discussion__group__slug="library").exists()
    assert items.filter(discussion__isnull=False, group__isnull=False).exists()

    call_command("seed_demo")
    assert counts() == first
    assert "demo@example.com" in capsys.readouterr().out


def test_the_demo_login_works(client):
    call_command("seed_demo")
    signed_in = client.login(email="demo@example.com", password="demo-password-2026")
    assert signed_in
    assert EmailAddress.objects.get(email="demo@example.com").verified


def test_seed_demo_refuses_to_run_in_a_deployment(settings):
    from django.core.management import CommandError

    settings.DEPLOYED = True
    with pytest.raises(CommandError, match="looks like a deployment"):
        call_command("seed_demo")
    assert not User.objects.exists()
