"""Notification settings: one choice per kind (here and by email, here only, in the
digest, off), kept per person; defaults for kinds never chosen; bad choices refused,
nothing saved."""

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


def test_all_four_channels_are_offered_and_saved_for_every_kind(client_for):
    person = UserFactory()
    client = client_for(person)
    page = client.get(reverse("notifications:settings")).text
    for kind in Notification.Kind.values:
        for channel in ("email", "in_app", "digest", "off"):
            assert f'name="{kind}" value="{channel}"' in page
    assert page.count("<fieldset") == len(Notification.Kind.values) + 5  # and 5 sections
    assert "<legend>Invitations to groups</legend>" in page
    for channel in ("email", "in_app", "digest", "off"):
        chosen = dict.fromkeys(Notification.Kind.values, channel)
        assert client.post(reverse("notifications:settings"), chosen).status_code == 302
        assert set(choices_of(person).values()) == {channel}


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


def test_a_choice_that_is_not_offered_is_refused_with_a_clear_message(client_for):
    person = UserFactory()
    response = client_for(person).post(
        reverse("notifications:settings"), all_choices(mention="carrier-pigeon")
    )
    assert response.status_code == 422
    assert "Some choices were not saved" in response.text
    assert "Choose one of the four: by email at once, here only, in your digest" in response.text
    assert not Preference.objects.exists()


def test_an_empty_form_is_refused_with_a_message_per_kind(client_for):
    response = client_for(UserFactory()).post(reverse("notifications:settings"), {})
    assert response.status_code == 422
    assert response.text.count("Choose how to hear about this.") == len(Notification.Kind.values)


def test_a_missing_choice_is_refused(client_for):
    person = UserFactory()
    choices = all_choices()
    del choices["invited"]
    response = client_for(person).post(reverse("notifications:settings"), choices)
    assert response.status_code == 422
    assert "Choose how to hear about this." in response.text
    assert not Preference.objects.exists()


def test_split_by_channel_uses_defaults_for_people_who_never_chose():
    a, b, c = UserFactory.create_batch(3)
    Preference.objects.create(user=b, kind="news_important", channel="in_app")
    Preference.objects.create(user=c, kind="news_important", channel="off")
    split = split_by_channel(User.objects.filter(pk__in=[a.pk, b.pk, c.pk]), "news_important")
    assert (split["email"], split["in_app"], split["off"]) == ({a.pk}, {b.pk}, {c.pk})
