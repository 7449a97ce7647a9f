"""One-click unsubscribe from an email, signed in or not: the link shows what will stop
and a button (a GET never changes anything: link scanners follow links); a POST, the
button's or a mail provider's (RFC 8058, no CSRF token), moves that kind from "email at
once" to "here only". A changed or forged link answers 400 and changes nothing."""

from __future__ import annotations

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from news.tasks import send_important
from notifications.preferences import choices_of, choices_set
from notifications.unsubscribe import SALT, token_for
from tests.factories import NewsPostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous_client():
    return Client(enforce_csrf_checks=True)  # as a mail provider's server would post


def url_for(token: str) -> str:
    return reverse("notifications:unsubscribe", args=[token])


def test_the_link_shows_what_will_stop_without_changing_it(anonymous_client):
    person = UserFactory()
    response = anonymous_client.get(url_for(token_for(user_id=person.pk, kind="mention")))
    assert response.status_code == 200
    assert "Mentions of me" in response.text
    assert '<form method="post"' in response.text
    assert choices_of(person)["mention"] == "email"


def test_one_click_stops_that_kind_by_email_only(anonymous_client):
    person = UserFactory()
    response = anonymous_client.post(
        url_for(token_for(user_id=person.pk, kind="mention")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert reverse("notifications:settings") in response.text
    chosen = choices_of(person)
    assert chosen["mention"] == "in_app"
    assert chosen["invited"] == "email"  # other kinds stay as they were


def test_unsubscribing_keeps_a_choice_other_than_email(anonymous_client):
    person = UserFactory()
    choices_set(user=person, choices={"reply": "digest"})
    anonymous_client.post(url_for(token_for(user_id=person.pk, kind="reply")))
    assert choices_of(person)["reply"] == "digest"


def forged(me, user_id: int, kind: str) -> str:
    """My token for mentions, its payload edited to name someone or something else."""
    original = token_for(user_id=me.pk, kind="mention")
    _payload, timestamp, signature = original.split(":")
    payload = signing.b64_encode(signing.JSONSerializer().dumps([user_id, kind])).decode()
    return f"{payload}:{timestamp}:{signature}"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda me, other: token_for(user_id=me.pk, kind="mention")[:-2] + "xx",
                     id="modified signature"),
        pytest.param(lambda me, other: forged(me, other.pk, "mention"), id="another person"),
        pytest.param(lambda me, other: forged(me, me.pk, "invited"), id="another kind"),
        pytest.param(lambda me, other: signing.dumps([me.pk, "invited"], salt="other"),
                     id="another salt"),
        pytest.param(lambda me, other: signing.dumps([me.pk, "nonsense"], salt=SALT),
                     id="unknown kind"),
        pytest.param(lambda me, other: "not-a-token", id="garbage"),
    ],
)  # fmt: skip
def test_a_changed_or_forged_link_answers_400_and_changes_nothing(anonymous_client, make):
    me, other = UserFactory(), UserFactory()
    url = url_for(make(me, other))
    assert anonymous_client.get(url).status_code == 400
    response = anonymous_client.post(url)
    assert response.status_code == 400
    assert "This link does not work" in response.text
    assert choices_of(me) == choices_of(other) == choices_of(UserFactory())  # all defaults


def test_a_person_who_left_cannot_be_unsubscribed(anonymous_client):
    person = UserFactory(is_active=False)
    response = anonymous_client.post(url_for(token_for(user_id=person.pk, kind="mention")))
    assert response.status_code == 400


def test_important_news_emails_carry_the_same_one_click_unsubscribe(anonymous_client):
    reader = UserFactory()
    post = NewsPostFactory(is_important=True)
    assert send_important(post.pk) == 1
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    assert link in message.alternatives[0][0]
    anonymous_client.post(link.removeprefix("http://127.0.0.1:8000"))
    assert choices_of(reader)["news_important"] == "in_app"


def test_many_posts_from_one_address_are_slowed_down(anonymous_client, time_machine):
    time_machine.move_to("2026-11-30 09:00:05", tick=False)  # all in one rate window
    url = url_for(token_for(user_id=UserFactory().pk, kind="mention"))
    codes = [anonymous_client.post(url).status_code for _ in range(25)]
    assert codes[0] == 200
    assert codes[-1] == 429
