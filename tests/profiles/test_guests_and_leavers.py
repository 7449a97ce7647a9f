"""External guests see only what they were invited to; former colleagues leave the
directory but not their words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groups.models import Membership
from tests.factories import (
    PASSWORD,
    GroupFactory,
    MembershipFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)

pytestmark = pytest.mark.django_db


def test_a_guest_sees_only_the_groups_they_were_invited_to(
    client_for, guest, private_group, open_group, hidden_group
):
    client = client_for(guest)
    directory = client.get(reverse("groups:directory")).content.decode()
    assert private_group.name in directory
    assert open_group.name not in directory
    assert hidden_group.name not in directory
    assert client.get(private_group.get_absolute_url()).status_code == 200
    # An open group is invisible to a guest, as if it did not exist.
    assert client.get(open_group.get_absolute_url()).status_code == 404
    assert client.get(reverse("groups:members", args=[open_group.slug])).status_code == 404


def test_a_guest_cannot_join_an_open_group(client_for, guest, open_group):
    client_for(guest).post(reverse("groups:join", args=[open_group.slug]))
    assert not Membership.objects.filter(user=guest, group=open_group).exists()


def test_a_guest_reads_no_thread_outside_their_groups(client_for, guest, open_group):
    thread = ThreadFactory(group=open_group, title="Quarterly numbers")
    client = client_for(guest)
    assert client.get(thread.get_absolute_url()).status_code == 404
    search = client.get(reverse("search"), {"q": "Quarterly"}).content.decode()
    assert "Quarterly numbers" not in search
    home = client.get("/").content.decode()
    assert "Quarterly numbers" not in home


def test_a_guest_finds_only_people_from_their_groups(client_for, guest, member):
    stranger = UserFactory(display_name="Stella Stranger")
    give_topics(stranger, skills=["Kubernetes"])
    client = client_for(guest)
    directory = client.get(reverse("profiles:directory")).content.decode()
    assert member.profile.display_name in directory
    assert "Stella Stranger" not in directory
    experts = client.get(reverse("profiles:directory"), {"skill": "kubernetes"})
    assert "Stella Stranger" not in experts.content.decode()
    assert client.get(stranger.get_absolute_url()).status_code == 404
    assert client.get(member.get_absolute_url()).status_code == 200
    options = client.get(reverse("profiles:people_options"), {"manager": "stella"})
    assert "Stella" not in options.content.decode()


def test_a_guest_is_labelled_external_wherever_their_name_shows(
    client_for, guest, member, private_group
):
    thread = ThreadFactory(group=private_group, author=guest)
    PostFactory(thread=thread, author=guest)
    client = client_for(member)
    for url in [
        thread.get_absolute_url(),
        reverse("groups:members", args=[private_group.slug]),
        guest.get_absolute_url(),
        reverse("profiles:directory"),
        reverse("discussions:group_threads", args=[private_group.slug]),
    ]:
        assert 'person-flag-guest">external</span>' in client.get(url).content.decode(), url


def test_a_former_colleague_cannot_sign_in(client):
    former = UserFactory(email="left@example.com", is_active=False)
    response = client.post(reverse("account_login"), {"login": former.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")


def test_a_former_colleague_leaves_the_directory_and_suggestions(client_for, outsider):
    give_topics(outsider, skills=["Python"])
    former = UserFactory(display_name="Fay Former", is_active=False)
    give_topics(former, skills=["Python"])
    client = client_for(outsider)
    for query in [{}, {"q": "fay"}, {"skill": "python"}]:
        page = client.get(reverse("profiles:directory"), query)
        assert "Fay Former" not in page.content.decode(), query
    assert "Fay Former" not in client.get(reverse("search"), {"q": "Fay"}).content.decode()


def test_what_a_former_colleague_wrote_stays_under_their_name(client_for, member, private_group):
    former = UserFactory(display_name="Fay Former")
    MembershipFactory(user=former, group=private_group)
    thread = ThreadFactory(group=private_group, author=former, title="Our threat model")
    PostFactory(thread=thread, author=former, body="Read the runbook first.")
    former.is_active = False
    former.save()
    client = client_for(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Read the runbook first." in page
    assert "Fay Former" in page
    assert 'person-flag-former">former colleague</span>' in page
    profile = client.get(former.get_absolute_url())
    assert profile.status_code == 200
    assert "no longer works here" in profile.content.decode()
    members = client.get(reverse("groups:members", args=[private_group.slug])).content.decode()
    assert "Fay Former" not in members


def test_group_membership_of_guests_does_not_widen_other_groups(client_for, guest):
    GroupFactory(visibility="private", name="Other private")
    page = client_for(guest).get(reverse("groups:directory")).content.decode()
    assert "Other private" not in page


def test_deactivating_in_the_admin_marks_cached_pages_at_once(
    client_for, member, staff, private_group, django_capture_on_commit_callbacks
):
    leaver = UserFactory(display_name="Lee Leaver")
    thread = ThreadFactory(group=private_group, author=member)
    PostFactory(thread=thread, author=leaver, body="See you around.")
    client = client_for(member)
    assert "former colleague" not in client.get(thread.get_absolute_url()).content.decode()

    admin = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:profiles_user_changelist"),
            {"action": "deactivate", "_selected_action": [leaver.pk]},
        )
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert 'person-flag-former">former colleague</span>' in page


def test_a_new_photo_shows_at_once_in_cached_replies(
    client_for, member, private_group, django_capture_on_commit_callbacks
):
    from tests.profiles.test_profile_edit import EDIT, form_data, photo_upload, png_bytes

    thread = ThreadFactory(group=private_group)
    PostFactory(thread=thread, author=member)
    client = client_for(member)
    client.get(thread.get_absolute_url())  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT, form_data(photo=photo_upload(png_bytes())))
    member.profile.refresh_from_db()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert member.profile.avatar_small.url in page
