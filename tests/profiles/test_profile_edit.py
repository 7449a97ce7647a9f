from __future__ import annotations

import pytest
from django.urls import reverse

from profiles.models import Topic
from profiles.services import topics_get_or_create
from tests.factories import UserFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
EDIT = reverse("profiles:edit")


def test_topics_are_one_whatever_the_case_and_spacing():
    first = topics_get_or_create(names=["Python", "python ", "PYTHON", "  Public   speaking"])
    assert [t.name for t in first] == ["Python", "Public speaking"]
    again = topics_get_or_create(names=["public speaking", "python"])
    assert [t.pk for t in again] == [first[1].pk, first[0].pk]
    assert Topic.objects.count() == 2


def form_data(**overrides):
    return {
        "display_name": "Olive Outsider",
        "pronouns": "she/her",
        "job_title": "Data Engineer",
        "department": "Engineering",
        "location": "Berlin",
        "bio": "I build **pipelines**.",
        "time_zone": "Europe/Berlin",
        "skills": "Python, SQL, python",
        "interests": "Running",
    } | overrides


def test_editing_my_profile(client_for, outsider):
    response = client_for(outsider).post(EDIT, form_data())
    assert response.status_code == 302
    assert response["Location"] == outsider.get_absolute_url()
    outsider.refresh_from_db()
    profile = outsider.profile
    assert outsider.time_zone == "Europe/Berlin"
    assert profile.pronouns == "she/her"
    assert "<strong>pipelines</strong>" in profile.bio_html
    assert sorted(t.name for t in profile.skills.all()) == ["Python", "SQL"]
    page = client_for(outsider).get(outsider.get_absolute_url()).content.decode()
    assert "Ask me about" in page
    assert "she/her" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"display_name": "   "}, "Colleagues need a name"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"skills": ", ".join(f"skill {n}" for n in range(21))}, "At most 20"),
        ({"skills": "x" * 51}, "under 50 characters"),
    ],
)
def test_a_bad_profile_form_says_why_and_changes_nothing(client_for, outsider, overrides, message):
    response = client_for(outsider).post(EDIT, form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert "I build **pipelines**." in html  # what was typed comes back
    outsider.refresh_from_db()
    assert outsider.profile.job_title == ""
    assert not outsider.profile.skills.exists()


def test_the_directory_finds_who_knows_a_skill(client_for, outsider):
    kim = UserFactory(display_name="Kim Kubernetes")
    kim.profile.skills.set(topics_get_or_create(names=["Kubernetes"]))
    UserFactory(display_name="Sam Sales")
    client = client_for(outsider)
    by_skill = client.get(reverse("profiles:directory") + "?skill=kubernetes ").content.decode()
    assert "Kim Kubernetes" in by_skill
    assert "Sam Sales" not in by_skill
    by_text = client.get(reverse("profiles:directory") + "?q=KUBER").content.decode()
    assert "Kim Kubernetes" in by_text
    assert "Sam Sales" not in by_text


def test_the_directory_with_skills_keeps_a_constant_number_of_queries(client_for, outsider):
    topics = topics_get_or_create(names=["Python", "SQL", "Coaching"])

    def add(n):
        for user in UserFactory.create_batch(n):
            user.profile.skills.set(topics)

    client = client_for(outsider)
    # session, user, departments, count, people, their skills
    assert_constant_queries(lambda: client.get(reverse("profiles:directory")), add)


def test_the_edit_page_is_only_for_myself(client):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
