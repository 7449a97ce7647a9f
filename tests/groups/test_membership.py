from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from groups import services
from groups.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_joining_an_open_group_in_one_click(client_for, outsider, open_group):
    response = client_for(outsider).post(reverse("groups:join", args=[open_group.slug]))
    assert response.status_code == 302
    assert Membership.objects.filter(group=open_group, user=outsider).exists()


def test_joining_with_htmx_swaps_the_button(client_for, outsider, open_group):
    response = client_for(outsider).post(
        reverse("groups:join", args=[open_group.slug]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Leave group" in html
    assert "<html" not in html


def test_joining_twice_keeps_one_membership(outsider, open_group):
    first = services.membership_join(group=open_group, user=outsider)
    second = services.membership_join(group=open_group, user=outsider)
    assert first.pk == second.pk
    assert Membership.objects.filter(user=outsider).count() == 1


def test_a_private_group_cannot_be_joined_in_one_click(client_for, outsider, private_group):
    with pytest.raises(PermissionDenied):
        services.membership_join(group=private_group, user=outsider)
    response = client_for(outsider).post(
        reverse("groups:join", args=[private_group.slug]), follow=True
    )
    assert "invitation or request only" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_hidden_group_cannot_be_joined_or_even_found(client_for, outsider, hidden_group):
    response = client_for(outsider).post(reverse("groups:join", args=[hidden_group.slug]))
    assert response.status_code == 404
    assert not Membership.objects.filter(user=outsider).exists()


def test_joining_needs_a_post(client_for, outsider, open_group):
    response = client_for(outsider).get(reverse("groups:join", args=[open_group.slug]))
    assert response.status_code == 405


def test_leaving_a_group(client_for, member, private_group):
    client_for(member).post(reverse("groups:leave", args=[private_group.slug]))
    assert not Membership.objects.filter(user=member).exists()


def test_the_last_owner_cannot_leave(client_for, owner, private_group):
    with pytest.raises(ValidationError):
        services.membership_leave(group=private_group, user=owner)
    response = client_for(owner).post(
        reverse("groups:leave", args=[private_group.slug]), follow=True
    )
    assert "last owner" in response.content.decode()
    assert Membership.objects.filter(user=owner, role="owner").exists()


def test_an_owner_can_leave_when_another_owner_remains(owner, private_group):
    MembershipFactory(group=private_group, role=Membership.Role.OWNER)
    services.membership_leave(group=private_group, user=owner)
    assert not Membership.objects.filter(user=owner).exists()


def test_a_removed_member_loses_access_at_once(client_for, member, private_group):
    from tests.factories import ThreadFactory

    thread = ThreadFactory(group=private_group)
    client = client_for(member)
    assert client.get(thread.get_absolute_url()).status_code == 200
    Membership.objects.filter(user=member).delete()
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_the_directory_filters_by_kind_and_text(client_for, outsider):
    from tests.factories import GroupFactory

    GroupFactory(name="Running Club", kind="club", description="Lunch runs")
    GroupFactory(name="Python Guild", kind="topic", description="Packaging and typing")
    client = client_for(outsider)
    clubs = client.get(reverse("groups:directory") + "?kind=club").content.decode()
    assert "Running Club" in clubs
    assert "Python Guild" not in clubs
    typing = client.get(reverse("groups:directory") + "?q=typing").content.decode()
    assert "Python Guild" in typing
    assert "Running Club" not in typing


def test_member_counts_follow_joins_and_leaves(outsider, open_group):
    services.membership_join(group=open_group, user=outsider)
    services.membership_join(group=open_group, user=outsider)  # twice counts once
    open_group.refresh_from_db()
    assert open_group.member_count == 1
    services.membership_leave(group=open_group, user=outsider)
    open_group.refresh_from_db()
    assert open_group.member_count == 0


def test_member_counts_can_be_recounted_in_one_update(private_group, member, owner):
    from groups.models import Group

    Group.objects.filter(pk=private_group.pk).update(member_count=99)
    services.member_counts_refresh()
    private_group.refresh_from_db()
    assert private_group.member_count == 2
