from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_the_api_needs_a_signed_in_person_and_says_so_in_one_shape(client):
    response = client.get(reverse("api:groups"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_authenticated"


def test_me(client_for, outsider):
    data = client_for(outsider).get(reverse("api:me")).json()
    assert data["handle"] == outsider.handle
    assert data["display_name"] == "Olive Outsider"


def test_groups_list_hides_hidden_groups(client_for, outsider, hidden_group, open_group):
    data = client_for(outsider).get(reverse("api:groups")).json()
    assert [g["slug"] for g in data["results"]] == [open_group.slug]


def test_threads_list_only_readable_threads(client_for, member, outsider, private_group):
    secret = ThreadFactory(group=private_group)
    public = ThreadFactory(group__visibility="open")
    ids_for = {
        who: [t["id"] for t in client_for(who).get(reverse("api:threads")).json()["results"]]
        for who in (member, outsider)
    }
    assert set(ids_for[member]) == {secret.pk, public.pk}
    assert ids_for[outsider] == [public.pk]


def test_the_schema_describes_the_api(client_for, outsider):
    response = client_for(outsider).get(reverse("api:schema"))
    assert response.status_code == 200
    assert b"/api/v1/threads/" in response.content
