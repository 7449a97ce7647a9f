"""Notification settings: one choice per kind (here and by email, here only, off), kept
per person; defaults for kinds never chosen; bad choices refused, nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Notification, Preference
from notifications.preferences import DEFAULTS, choices_of, split_by_channel
from profiles.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def all_choices(**changed) -> dict[str, str]:
    return {kind: DEFAULTS[kind] for kind in Notification.Kind.values} | changed


def test_the_settings_page_saves_each_choice(client_for):
    person = UserFactory()
    client = client_for(person)
    page = client.get(reverse("notifications:settings"))
    assert "Important news" in page.text
    response = client.post(
        reverse("notifications:settings"), all_choices(mention="off", news_important="in_app")
    )
    assert response.status_code == 302
    chosen = choices_of(person)
    assert (chosen["mention"], chosen["news_important"], chosen["reply"]) == (
        "off",
        "in_app",
        "in_app",
    )


def test_email_is_offered_only_where_it_is_sent(client_for):
    person = UserFactory()
    response = client_for(person).post(
        reverse("notifications:settings"), all_choices(mention="email")
    )
    assert response.status_code == 422
    assert not Preference.objects.exists()


def test_a_kind_turned_off_is_not_created(
    client_for, private_group, django_capture_on_commit_callbacks
):
    from discussions.services import post_create, thread_create
    from tests.factories import MembershipFactory

    quiet, keen = (MembershipFactory(group=private_group).user for _ in range(2))
    Preference.objects.create(user=quiet, kind="mention", channel="off")
    author = MembershipFactory(group=private_group).user
    thread = thread_create(user=author, group=private_group, title="Who knows?", body="?")
    with django_capture_on_commit_callbacks(execute=True):
        post_create(user=author, thread=thread, body=f"@{quiet.handle} @{keen.handle} any idea?")
    assert not Notification.objects.filter(recipient=quiet, kind="mention").exists()
    assert Notification.objects.filter(recipient=keen, kind="mention").exists()


def test_a_choice_that_is_not_offered_is_refused(client_for):
    person = UserFactory()
    response = client_for(person).post(
        reverse("notifications:settings"), all_choices(mention="carrier-pigeon")
    )
    assert response.status_code == 422
    assert not Preference.objects.exists()


def test_split_by_channel_uses_defaults_for_people_who_never_chose():
    a, b, c = UserFactory.create_batch(3)
    Preference.objects.create(user=b, kind="news_important", channel="in_app")
    Preference.objects.create(user=c, kind="news_important", channel="off")
    split = split_by_channel(User.objects.filter(pk__in=[a.pk, b.pk, c.pk]), "news_important")
    assert (split["email"], split["in_app"], split["off"]) == ({a.pk}, {b.pk}, {c.pk})
