"""Digests composed and sent: what each person may see and nothing else, nothing new no
email, each once however often the jobs run, the mail server down then up, one-click
unsubscribe, settings, and a constant number of queries per batch."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from digests.emails import digests_send
from digests.models import Digest, DigestSettings, Frequency
from digests.services import digests_plan
from digests.tasks import plan_due
from digests.unsubscribe import token_for
from groups.models import Membership
from news.models import NewsPost
from profiles.models import Topic, User
from socialearn.lib.email import absolute_url
from tests.digests.moments import AFTER, settled
from tests.factories import (
    GroupFactory,
    LibraryItemFactory,
    MembershipFactory,
    NewsPostFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    give_topics,
)
from tests.mailservers import FlakyBackend

pytestmark = pytest.mark.django_db


def send_all():
    with time_machine.travel(AFTER, tick=False):
        return digests_send(digest_ids=digests_plan())


def body_for(user) -> str:
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    return message.body + message.alternatives[0][0]


def test_a_member_gets_their_groups_news_and_an_outsider_none_of_it(
    member, outsider, private_group
):
    settled(member), settled(outsider)
    give_topics(outsider, skills=["Kubernetes"])
    give_topics(member, skills=["Kubernetes"])
    ThreadFactory(group=private_group, title="Incident retro", is_highlighted=True)
    question = ThreadFactory(group=private_group, kind="question", title="Cluster upgrade?")
    question.tags.add(Topic.objects.get(key="kubernetes"))
    LibraryItemFactory(group=private_group, title="Runbook for the cluster")
    NewsPostFactory(audience=private_group, title="Team offsite")
    done = send_all()
    assert done["sent"] == 1
    text = body_for(member)
    for title in ("Incident retro", "Cluster upgrade?", "Runbook for the cluster", "Team offsite"):
        assert title in text
    assert [m.to for m in mail.outbox] == [[member.email]]  # the outsider: nothing new
    assert Digest.objects.get(user=outsider).status == Digest.Status.EMPTY


def test_answers_to_my_questions_and_questions_on_my_skills(outsider, open_group):
    settled(outsider)
    give_topics(outsider, skills=["Python"])
    mine = ThreadFactory(group=open_group, author=outsider, kind="question", title="My question")
    PostFactory(thread=mine, body="Here is how")
    theirs = ThreadFactory(group=open_group, kind="question", title="Typing help?")
    theirs.tags.add(Topic.objects.get(key="python"))
    hidden = ThreadFactory(group=open_group, kind="question", title="Hidden one", is_hidden=True)
    hidden.tags.add(Topic.objects.get(key="python"))
    send_all()
    text = body_for(outsider)
    assert "Answers to your questions" in text
    assert "My question" in text
    assert "Typing help?" in text
    assert "Hidden one" not in text


def test_site_wide_news_and_reading_on_my_topics_not_for_guests(outsider, guest):
    settled(outsider), settled(guest)
    give_topics(outsider, interests=["Design"])
    give_topics(guest, interests=["Design"])
    item = LibraryItemFactory(title="Design systems 101")
    item.topics.add(Topic.objects.get(key="design"))
    NewsPostFactory(title="Company news")
    NewsPostFactory(title="Draft news", status=NewsPost.Status.DRAFT)
    send_all()
    text = body_for(outsider)
    assert "Design systems 101" in text
    assert "Company news" in text
    assert "Draft news" not in text
    assert guest.email not in [m.to[0] for m in mail.outbox]


def test_meet_someone_from_another_department(outsider, open_group):
    settled(outsider)
    outsider.profile.department = "Sales"
    outsider.profile.save()
    give_topics(outsider, skills=["Negotiation"])
    colleague = UserFactory(display_name="Rita Gomez")
    colleague.profile.department = "Legal"
    colleague.profile.save()
    give_topics(colleague, skills=["Negotiation"])
    ThreadFactory(group=open_group, is_highlighted=True)
    MembershipFactory(group=open_group, user=outsider)
    send_all()
    text = body_for(outsider)
    assert "Meet someone" in text
    assert "Rita Gomez" in text


def test_each_digest_goes_once_however_often_the_jobs_run(member, private_group):
    settled(member)
    ThreadFactory(group=private_group, is_highlighted=True)
    with time_machine.travel(AFTER, tick=False):
        ids = digests_plan()
        digests_send(digest_ids=ids)
        digests_send(digest_ids=ids)  # a retried or duplicated task
        assert digests_plan() == []  # a beat that fires twice
    with time_machine.travel(AFTER + datetime.timedelta(minutes=30), tick=False):
        assert digests_plan() == []  # sent: nothing to hand out again
    assert len(mail.outbox) == 1


def test_the_mail_server_down_then_up_delivers_every_digest_once(
    settings, private_group, monkeypatch
):
    settings.EMAIL_BACKEND = "tests.mailservers.FlakyBackend"
    FlakyBackend.sent, FlakyBackend.recovered = [], False
    people = [settled(MembershipFactory(group=private_group).user) for _ in range(3)]
    ThreadFactory(group=private_group, is_highlighted=True)
    with time_machine.travel(AFTER, tick=False):
        ids = digests_plan()
        with pytest.raises(OSError, match="connection reset"):
            digests_send(digest_ids=ids)  # the second message fails: the task retries
        assert Digest.objects.filter(status=Digest.Status.SENT).count() == 1
        digests_send(digest_ids=ids)  # the retry
    assert sorted(FlakyBackend.sent) == sorted(p.email for p in people)
    assert Digest.objects.filter(status=Digest.Status.SENT).count() == 3


def test_beat_plans_and_sends(member, private_group, django_capture_on_commit_callbacks):
    settled(member)
    ThreadFactory(group=private_group, is_highlighted=True, title="Popular one")
    with (
        time_machine.travel(AFTER, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert plan_due() >= 1  # the member, and the people the factories made
    assert "Popular one" in body_for(member)


def test_the_email_has_both_parts_links_and_one_click_unsubscribe(client, member, private_group):
    settled(member)
    thread = ThreadFactory(group=private_group, is_highlighted=True)
    send_all()
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert absolute_url(thread.get_absolute_url()) in message.body
    assert absolute_url(thread.get_absolute_url()) in html
    assert "You get this digest because" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe[unsubscribe.index("/digests/") :]
    assert client.get(path).status_code == 200  # asks, changes nothing
    assert not DigestSettings.objects.filter(user=member).exists()
    assert client.post(path).status_code == 200  # no sign-in, no CSRF token
    assert DigestSettings.objects.get(user=member).frequency == Frequency.NEVER


def test_a_forged_or_changed_unsubscribe_token_changes_nothing(client, member, outsider):
    token = token_for(user_id=member.pk)
    for bad in (token[:-2] + "xx", "forged", token_for(user_id=member.pk) + "0"):
        response = client.post(reverse("digests:unsubscribe", args=[bad]))
        assert response.status_code == 400
    assert not DigestSettings.objects.exists()


def test_settings_page_saves_a_schedule_and_refuses_bad_input(client_for, member):
    client = client_for(member)
    page = client.get(reverse("digests:settings"))
    assert "Your next digest is due" in page.content.decode()
    response = client.post(
        reverse("digests:settings"), {"frequency": "daily", "weekday": "0", "hour": "7"}
    )
    assert response.status_code == 302
    assert DigestSettings.objects.get(user=member).hour == 7
    bad = client.post(
        reverse("digests:settings"), {"frequency": "hourly", "weekday": "9", "hour": "25"}
    )
    assert bad.status_code == 422
    assert DigestSettings.objects.get(user=member).frequency == Frequency.DAILY
    client.post(reverse("digests:settings"), {"frequency": "never", "weekday": "0", "hour": "8"})
    assert "Digests are off for you" in client.get(reverse("digests:settings")).content.decode()


def _people_with_content(n):
    group = GroupFactory()
    people = []
    for _ in range(n):
        person = settled(UserFactory())
        MembershipFactory(group=group, user=person, role=Membership.Role.MEMBER)
        give_topics(person, skills=["Python"], interests=["Design"])
        people.append(person)
    ThreadFactory(group=group, is_highlighted=True)
    question = ThreadFactory(group=group, kind="question")
    question.tags.add(Topic.objects.get(key="python"))
    LibraryItemFactory(group=group)
    NewsPostFactory(audience=group)
    return people


def test_a_batch_runs_the_same_queries_for_10_and_100_people():
    counts = []
    for n in (10, 100):
        Digest.objects.all().delete()
        User.objects.all().delete()
        mail.outbox = []
        _people_with_content(n)
        with time_machine.travel(AFTER, tick=False):
            ids = digests_plan()  # the n people, and the authors the factories made
            with CaptureQueriesContext(connection) as ctx:
                done = digests_send(digest_ids=ids)
        assert done["sent"] >= n
        # Per digest only its claim: an UPDATE in a savepoint (three statements).
        counts.append(len(ctx.captured_queries) - 3 * len(ids))
    assert counts[0] == counts[1], counts


def test_an_operator_sends_someone_their_digest_now(member, private_group):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    ThreadFactory(group=private_group, is_highlighted=True, title="Now please")
    call_command("send_digest", member.email)
    assert "Now please" in body_for(member)
    with pytest.raises(CommandError, match=r"nobody@example\.com"):
        call_command("send_digest", "nobody@example.com")


def test_everything_composed_is_visible_to_its_reader_by_the_sites_own_rules(
    owner, member, outsider, guest, private_group, open_group, hidden_group
):
    from content.models import LibraryItem
    from digests.compose import compose
    from discussions.models import Post, Thread

    people = [settled(p) for p in (owner, member, outsider, guest)]
    for person in people:
        give_topics(person, skills=["Python"], interests=["Design"])
    MembershipFactory(group=hidden_group, user=member)
    for group in (private_group, open_group, hidden_group):
        ThreadFactory(group=group, is_highlighted=True)
        ThreadFactory(group=group, is_highlighted=True, is_hidden=True)
        question = ThreadFactory(group=group, kind="question")
        question.tags.add(Topic.objects.get(key="python"))
        for person in people:
            asked = ThreadFactory(group=group, kind="question", author=person)
            PostFactory(thread=asked)
            PostFactory(thread=asked, is_hidden=True)
        LibraryItemFactory(group=group)
        LibraryItemFactory(group=group, published_at=None)
        NewsPostFactory(audience=group)
    item = LibraryItemFactory()
    item.topics.add(Topic.objects.get(key="design"))
    NewsPostFactory()
    NewsPostFactory(status=NewsPost.Status.DRAFT)
    with time_machine.travel(AFTER, tick=False):
        digests_plan()
        planned = list(Digest.objects.select_related("user__profile"))
        contents = compose(planned)
        shown = 0
        for content in contents:
            user = content.digest.user
            threads = content.highlights + content.questions + content.follow_ups
            visible_threads = Thread.objects.visible_to(user).filter(is_hidden=False)
            assert all(visible_threads.filter(pk=t.pk).exists() for t in threads)
            visible_posts = Post.objects.visible_to(user).filter(is_hidden=False)
            assert all(visible_posts.filter(pk=p.pk).exists() for p in content.answers)
            visible_items = LibraryItem.objects.visible_to(user).published()
            assert all(visible_items.filter(pk=i.pk).exists() for i in content.library)
            visible_news = NewsPost.objects.visible_to(user)
            assert all(visible_news.filter(pk=n.pk).exists() for n in content.news)
            shown += content.count
    assert shown > 20  # the test looked at real content


def test_notifications_kept_for_the_digest_are_in_it_while_still_readable(member, private_group):
    from notifications.models import Notification, Preference
    from notifications.services import notify

    settled(member)
    Preference.objects.create(user=member, kind="mention", channel="digest")
    shown = ThreadFactory(group=private_group, title="Mentioned here")
    gone = ThreadFactory(group=private_group, title="Hidden since")
    for thread in (shown, gone):
        notify(recipient_ids=[member.pk], kind="mention", actor=None,
               target=("discussions.thread", thread.pk), url=thread.get_absolute_url(),
               title=thread.title)  # fmt: skip
    assert Notification.objects.filter(recipient=member, for_digest=True).count() == 2
    type(gone).objects.filter(pk=gone.pk).update(is_hidden=True)
    send_all()
    text = body_for(member)
    assert "Your notifications" in text
    assert "Mentioned here" in text
    assert "Hidden since" not in text
