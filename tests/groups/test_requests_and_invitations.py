"""Joining a private group by request, invitations, and what moderators and owners do with
members: through the pages, with the notifications (and their emails) that go out."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from groups.models import Group, Invitation, JoinRequest, Membership
from groups.services import invitations_create, join_request_create, join_request_decide
from notifications.models import Notification
from notifications.preferences import choices_set
from tests.factories import GroupFactory, MembershipFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_asking_to_join_a_private_group_and_being_approved(
    client_for, outsider, moderator, private_group, django_capture_on_commit_callbacks
):
    client = client_for(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("groups:request", args=[private_group.slug]),
            {"message": "I run the red team drills."},
            follow=True,
        )
    assert "Your request is with the moderators" in response.content.decode()
    request = JoinRequest.objects.get()
    assert request.message == "I run the red team drills."
    # The moderators are told (in the app and, by default, by email), with a link to
    # their queue.
    assert Notification.objects.filter(recipient=moderator, kind="join_request").exists()
    assert mail.outbox[-1].to == [moderator.email]
    assert "Olive Outsider asks to join Security Champions" in mail.outbox[-1].subject
    assert "/groups/security/requests/" in mail.outbox[-1].body

    queue = client_for(moderator).get(reverse("groups:requests", args=[private_group.slug]))
    assert "I run the red team drills." in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(
            reverse("groups:decide", args=[private_group.slug, request.pk]), {"approve": "1"}
        )
    assert Membership.objects.filter(group=private_group, user=outsider).exists()
    assert Notification.objects.filter(recipient=outsider, kind="join_decided").exists()
    assert mail.outbox[-1].to == [outsider.email]
    assert mail.outbox[-1].subject == "Your request to join Security Champions"
    assert "approved: welcome to Security Champions" in mail.outbox[-1].body
    assert private_group.get_absolute_url() in mail.outbox[-1].body
    private_group.refresh_from_db()
    assert private_group.member_count == 2  # moderator and the newcomer


def test_a_declined_requester_is_told_and_stays_out(
    client_for, outsider, moderator, private_group, django_capture_on_commit_callbacks
):
    request = join_request_create(group=private_group, user=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(
            reverse("groups:decide", args=[private_group.slug, request.pk]), {"approve": "0"}
        )
    assert not Membership.objects.filter(group=private_group, user=outsider).exists()
    assert "declined your request" in mail.outbox[-1].body
    # They may ask again later.
    again = join_request_create(group=private_group, user=outsider)
    assert again.pk != request.pk


def test_moderators_who_muted_the_group_or_chose_no_email_get_no_email(
    outsider, owner, moderator, private_group, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=owner).update(notification_level="muted")
    choices_set(user=moderator, choices={"join_request": "in_app"})
    with django_capture_on_commit_callbacks(execute=True):
        join_request_create(group=private_group, user=outsider, message="hello")
    assert not Notification.objects.filter(recipient=owner).exists()
    assert Notification.objects.filter(recipient=moderator, kind="join_request").exists()
    assert mail.outbox == []


def test_asking_twice_is_one_request(client_for, outsider, private_group):
    client = client_for(outsider)
    for _ in range(2):
        client.post(reverse("groups:request", args=[private_group.slug]), {"message": "hi"})
    assert JoinRequest.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize("visibility", ["open", "hidden"])
def test_only_private_groups_take_requests(client_for, outsider, visibility):
    group = GroupFactory(visibility=visibility)
    if visibility == "hidden":
        MembershipFactory(group=group)  # somebody is in it
    response = client_for(outsider).post(reverse("groups:request", args=[group.slug]))
    assert response.status_code in (302, 404)
    assert not JoinRequest.objects.exists()


def test_members_and_outsiders_cannot_decide_requests(client_for, outsider, member, private_group):
    request = join_request_create(group=private_group, user=UserFactory())
    url = reverse("groups:decide", args=[private_group.slug, request.pk])
    for who in (member, outsider):
        assert client_for(who).post(url, {"approve": "1"}).status_code == 403
        assert client_for(who).get(reverse("groups:requests", args=["security"])).status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.django_db(transaction=True)
def test_two_moderators_approving_at_once_make_one_membership():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs a server database")
    group = GroupFactory(visibility="private")
    mods = [MembershipFactory(group=group, role="moderator").user for _ in range(2)]
    requester = UserFactory()
    request = JoinRequest.objects.create(group=group, user=requester)
    barrier = threading.Barrier(2)
    errors = []

    def approve(moderator):
        try:
            barrier.wait()
            join_request_decide(request_id=request.pk, group=group, moderator=moderator,
                                approve=True)  # fmt: skip
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in mods]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Membership.objects.filter(group=group, user=requester).count() == 1
    assert Group.objects.get(pk=group.pk).member_count == 3


def test_inviting_a_person_and_a_department(
    client_for, moderator, private_group, django_capture_on_commit_callbacks
):
    ana = UserFactory(display_name="Ana")
    finance = [UserFactory() for _ in range(3)]
    left = UserFactory(is_active=False)  # a former colleague is not invited
    for user in [*finance, left]:
        user.profile.department = "Finance"
        user.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(
            reverse("groups:requests", args=[private_group.slug]),
            {"people": f"@{ana.handle}", "department": "Finance"},
            follow=True,
        )
    assert "4 invitations sent." in response.content.decode()
    invited = set(Invitation.objects.values_list("user_id", flat=True))
    assert invited == {ana.pk, *(u.pk for u in finance)}
    assert len(mail.outbox) == 4
    assert mail.outbox[0].subject == "You are invited to Security Champions"
    told = set(Notification.objects.filter(kind="invited").values_list("recipient", flat=True))
    assert told == invited


def test_inviting_unknown_people_says_who(client_for, moderator, private_group):
    response = client_for(moderator).post(
        reverse("groups:requests", args=[private_group.slug]), {"people": "nobody.here, x@y.z"}
    )
    assert response.status_code == 422
    assert "Nobody here is called “nobody.here”, “x@y.z”" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_invitee_sees_a_hidden_group_and_accepts(client_for, outsider, hidden_group):
    owner = MembershipFactory(group=hidden_group, role="owner").user
    ThreadFactory(group=hidden_group, title="Succession plans")
    client = client_for(outsider)
    assert client.get(hidden_group.get_absolute_url()).status_code == 404
    Invitation.objects.create(group=hidden_group, user=outsider, invited_by=owner)
    page = client.get(hidden_group.get_absolute_url()).content.decode()
    assert "You are invited to this group." in page
    assert "Succession plans" not in page  # not a member yet
    client.post(reverse("groups:invitation", args=[hidden_group.slug]), {"accept": "1"})
    assert Membership.objects.filter(group=hidden_group, user=outsider).exists()
    assert "Succession plans" in client.get(hidden_group.get_absolute_url()).content.decode()


def test_an_invitation_to_a_hidden_group_is_shown_to_its_invitee_until_declined(
    client_for, outsider, hidden_group, django_capture_on_commit_callbacks
):
    owner = MembershipFactory(group=hidden_group, role="owner").user
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(group=hidden_group, inviter=owner, users=[outsider])
    client = client_for(outsider)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "invites you to join Leadership Forum" in page
    assert mail.outbox[-1].subject == "You are invited to Leadership Forum"
    client.post(reverse("groups:invitation", args=[hidden_group.slug]), {"accept": "0"})
    assert "Leadership Forum" not in client.get(reverse("notifications:list")).content.decode()


def test_declining_an_invitation_to_a_hidden_group_hides_it_again(
    client_for, outsider, hidden_group
):
    Invitation.objects.create(group=hidden_group, user=outsider)
    response = client_for(outsider).post(
        reverse("groups:invitation", args=[hidden_group.slug]), {"accept": "0"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:directory")
    assert client_for(outsider).get(hidden_group.get_absolute_url()).status_code == 404


def test_an_invited_guest_sees_that_group_and_nothing_else(client_for, private_group, open_group):
    guest = UserFactory(is_guest=True)
    owner = MembershipFactory(group=private_group, role="owner").user
    Invitation.objects.create(group=private_group, user=guest, invited_by=owner)
    client = client_for(guest)
    client.post(reverse("groups:invitation", args=[private_group.slug]), {"accept": "1"})
    directory = client.get(reverse("groups:directory")).content.decode()
    assert private_group.name in directory
    assert open_group.name not in directory


def test_a_removed_member_loses_access_at_once(client_for, member, moderator, private_group):
    secret = ThreadFactory(group=private_group, title="Pen test results")
    assert client_for(member).get(secret.get_absolute_url()).status_code == 200
    client_for(moderator).post(
        reverse("groups:manage_member", args=[private_group.slug, member.handle]),
        {"action": "remove"},
    )
    assert client_for(member).get(secret.get_absolute_url()).status_code == 404
    private_group.refresh_from_db()
    assert private_group.member_count == 1


def test_a_moderator_cannot_remove_an_owner(client_for, owner, moderator, private_group):
    response = client_for(moderator).post(
        reverse("groups:manage_member", args=[private_group.slug, owner.handle]),
        {"action": "remove"},
        follow=True,
    )
    assert "Only an owner can remove another owner." in response.content.decode()
    assert Membership.objects.filter(group=private_group, user=owner).exists()


def test_owners_hand_over_and_the_last_owner_cannot_step_down_or_leave(
    client_for, owner, member, private_group
):
    client = client_for(owner)
    url = reverse("groups:manage_member", args=[private_group.slug, owner.handle])
    # (An owner's own row has no manage menu; a crafted request is refused too.)
    client.post(url, {"action": "role", "role": "member"})
    assert Membership.objects.get(group=private_group, user=owner).role == "owner"
    leave = client.post(reverse("groups:leave", args=[private_group.slug]), follow=True)
    assert "You are the last owner" in leave.content.decode()
    client.post(
        reverse("groups:manage_member", args=[private_group.slug, member.handle]),
        {"action": "role", "role": "owner"},
    )
    assert Membership.objects.get(group=private_group, user=member).role == "owner"
    client.post(reverse("groups:leave", args=[private_group.slug]))
    assert not Membership.objects.filter(group=private_group, user=owner).exists()


def test_only_owners_change_roles(client_for, moderator, member, private_group):
    response = client_for(moderator).post(
        reverse("groups:manage_member", args=[private_group.slug, member.handle]),
        {"action": "role", "role": "owner"},
        follow=True,
    )
    assert "Only the group&#x27;s owners can change roles." in response.content.decode()
    assert Membership.objects.get(group=private_group, user=member).role == "member"


def test_moderators_name_advocates(client_for, moderator, member, private_group):
    client_for(moderator).post(
        reverse("groups:manage_member", args=[private_group.slug, member.handle]),
        {"action": "advocate"},
    )
    assert Membership.objects.get(group=private_group, user=member).is_advocate
    page = client_for(member).get(reverse("groups:members", args=[private_group.slug]))
    assert "Advocate" in page.content.decode()


def test_each_member_chooses_how_often_to_hear(client_for, member, private_group):
    client = client_for(member)
    client.post(reverse("groups:notifications", args=[private_group.slug]), {"level": "muted"})
    assert Membership.objects.get(group=private_group, user=member).notification_level == "muted"
    response = client.post(
        reverse("groups:notifications", args=[private_group.slug]), {"level": "loud"}, follow=True
    )
    assert "Choose how often to hear from this group." in response.content.decode()
    assert Membership.objects.get(group=private_group, user=member).notification_level == "muted"


def test_members_page_search(client_for, member, private_group):
    ana = UserFactory(display_name="Ana Analyst")
    MembershipFactory(group=private_group, user=ana)
    page = client_for(member).get(
        reverse("groups:members", args=[private_group.slug]), {"q": "analyst"}
    )
    assert [m.user for m in page.context["page"].object_list] == [ana]


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_join_at_once_make_one_membership():
    from groups.services import membership_join

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs a server database")
    group = GroupFactory(visibility="open")
    user = UserFactory()
    barrier = threading.Barrier(2)

    def join():
        barrier.wait()
        try:
            membership_join(group=group, user=user)
        finally:
            connection.close()

    threads = [threading.Thread(target=join) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Membership.objects.filter(group=group, user=user).count() == 1
    assert Group.objects.get(pk=group.pk).member_count == 1


def test_a_removed_member_cannot_come_back_by_an_old_invitation(
    client_for, member, moderator, private_group
):
    Invitation.objects.create(group=private_group, user=member, invited_by=moderator)
    client_for(moderator).post(
        reverse("groups:manage_member", args=[private_group.slug, member.handle]),
        {"action": "remove"},
    )
    client_for(member).post(
        reverse("groups:invitation", args=[private_group.slug]), {"accept": "1"}
    )
    assert not Membership.objects.filter(group=private_group, user=member).exists()


def test_leaving_a_hidden_group_goes_back_to_the_directory(client_for, hidden_group):
    MembershipFactory(group=hidden_group, role="owner")
    leaver = MembershipFactory(group=hidden_group).user
    response = client_for(leaver).post(reverse("groups:leave", args=[hidden_group.slug]))
    assert response["Location"] == reverse("groups:directory")
