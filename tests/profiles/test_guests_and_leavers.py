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


def test_a_guest_sees_no_company_wide_news_or_library(client_for, guest, private_group):
    from tests.factories import LibraryItemFactory, NewsPostFactory

    company_news = NewsPostFactory(title="Company all-hands moved")
    group_news = NewsPostFactory(title="Champions meet on Friday", audience=private_group)
    company_item = LibraryItemFactory(title="Internal salary bands guide")
    group_item = LibraryItemFactory(title="Threat modelling primer", group=private_group)
    client = client_for(guest)
    pages = {
        "home": client.get("/").content.decode(),
        "news": client.get(reverse("news:list")).content.decode(),
        "library": client.get(reverse("content:library")).content.decode(),
        "search": client.get(reverse("search"), {"q": "a"}).content.decode(),
    }
    for name, page in pages.items():
        assert company_news.title not in page, name
        assert company_item.title not in page, name
    assert group_news.title in pages["news"]
    assert group_item.title in pages["library"]
    assert client.get(company_item.get_absolute_url()).status_code == 404
    assert client.get(company_news.get_absolute_url()).status_code == 404


def test_a_guest_cannot_look_people_up_through_the_manager_field(client_for, guest, member):
    from tests.profiles.test_profile_edit import EDIT, form_data

    ceo = UserFactory(display_name="Cleo CEO", email="ceo@example.com")
    client = client_for(guest)
    response = client.post(EDIT, form_data(manager=ceo.email))
    assert response.status_code == 422
    assert "Nobody here has the handle or email" in response.content.decode()
    guest.profile.refresh_from_db()
    assert guest.profile.manager is None
    # A colleague from their group is fine.
    assert client.post(EDIT, form_data(manager=member.handle)).status_code == 302


def test_a_guest_is_nobodys_manager(client_for, guest, member):
    from tests.profiles.test_profile_edit import EDIT, form_data

    response = client_for(member).post(EDIT, form_data(manager=guest.handle))
    assert response.status_code == 422


def test_a_guest_sees_a_managers_name_only_if_they_share_a_group(client_for, guest, member):
    boss = UserFactory(display_name="Bea Boss")
    member.profile.manager = boss
    member.profile.department = "Security"
    member.profile.save()
    finn = UserFactory(display_name="Finn Finance").profile
    finn.department, finn.location = "Finance", "Zurich"
    finn.save()
    client = client_for(guest)
    assert "Bea Boss" not in client.get(member.get_absolute_url()).content.decode()
    directory = client.get(reverse("profiles:directory")).content.decode()
    assert "Security" in directory
    assert "Finance" not in directory
    assert "Zurich" not in directory
    assert "Bea Boss" in client_for(member).get(member.get_absolute_url()).content.decode()


def test_topic_suggestions_offer_only_what_visible_people_declare(client_for, guest, member):
    give_topics(member, skills=["Kubernetes"])
    give_topics(UserFactory(), skills=["Kotlin"])
    from profiles.services import topics_get_or_create

    topics_get_or_create(names=["Konfidential project"])  # a tag, declared by nobody
    url = reverse("profiles:topic_options")
    as_guest = client_for(guest).get(url, {"skills": "k"}).content.decode()
    assert "Kubernetes" in as_guest
    assert "Kotlin" not in as_guest
    as_member = client_for(member).get(url, {"skills": "k"}).content.decode()
    assert "Kotlin" in as_member
    assert "Konfidential" not in as_member
