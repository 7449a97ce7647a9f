"""Profile completeness: a score and the most useful next step, in order."""

from __future__ import annotations

import pytest

from profiles.selectors import THRESHOLD, completeness_for, profile_completeness
from tests.factories import UserFactory, give_topics

pytestmark = pytest.mark.django_db


def test_the_steps_come_in_order_of_usefulness():
    profile = UserFactory().profile
    seen = []
    fill = [
        ("skills", None),
        ("avatar", "avatars/1/large.webp"),
        ("job_title", "Analyst"),
        ("department", "Finance"),
        ("bio", "I build the quarterly forecasts and explain them to everyone."),
        ("interests", None),
        ("location", "Berlin"),
        ("languages", "English"),
        ("team", "FP&A"),
    ]
    skills = interests = 0
    for field, value in fill:
        result = profile_completeness(profile, skills=skills, interests=interests)
        seen.append((result.score, result.next_step.field))
        if field == "skills":
            skills = 3
        elif field == "interests":
            interests = 1
        else:
            setattr(profile, field, value)
    final = profile_completeness(profile, skills=skills, interests=interests)
    assert final.score == 100
    assert final.next_step is None
    assert [field for _score, field in seen] == [f"id_{name}" for name, _v in fill[:1]] + [
        "id_photo",
        "id_job_title",
        "id_department",
        "id_bio",
        "id_interests",
        "id_location",
        "id_languages",
        "id_team",
    ]
    scores = [score for score, _field in seen]
    assert scores == sorted(scores)
    assert scores[0] == 0


@pytest.mark.parametrize(
    ("skills", "message"),
    [
        (0, "Add three skills so colleagues can find you."),
        (1, "Add 2 more skills so colleagues can find you."),
        (2, "Add 1 more skill so colleagues can find you."),
    ],
)
def test_the_skills_step_counts_what_is_missing(skills, message):
    profile = UserFactory().profile
    assert profile_completeness(profile, skills=skills, interests=0).next_step.message == message


def test_a_short_bio_does_not_count():
    profile = UserFactory().profile
    profile.bio = "Hi."
    with_short = profile_completeness(profile, skills=3, interests=0)
    profile.bio = "Hi, I look after the payroll run and the expense tool."
    assert profile_completeness(profile, skills=3, interests=0).score > with_short.score


def test_completeness_from_the_database_in_one_query(django_assert_num_queries):
    user = UserFactory()
    give_topics(user, skills=["Excel", "SQL", "Forecasting"], interests=["Chess", "Music"])
    with django_assert_num_queries(1):
        result = completeness_for(user=user)
    assert result.score == 40
    assert not result.done
    assert THRESHOLD == 80
