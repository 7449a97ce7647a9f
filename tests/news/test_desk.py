"""The news desk: editors draft, preview, schedule, publish and unpublish, with an image
and a video; every edit keeps the text before it; group moderators write for their own
group only; everyone else gets 403 on every desk action; bad input comes back with a
clear message and nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership
from news.models import NewsPost, NewsRevision
from tests.factories import GroupFactory, MembershipFactory, NewsPostFactory, UserFactory
from tests.news.conftest import jpeg, mp4

pytestmark = pytest.mark.django_db


def form(**extra):
    data = {
        "title": "Learning Week is here",
        "summary": "Sessions in every office.",
        "body": "Five days of **short sessions**.",
        "category": "learning",
        "audience": "",
    }
    return {**data, **extra}


def write(client, action="save", slug=None, **extra):
    url = reverse("news:edit", args=[slug]) if slug else reverse("news:new")
    return client.post(url, {**form(**extra), "action": action})


class TestTheDoneWhenJourney:
    def test_an_editor_drafts_previews_schedules_and_it_appears_at_its_minute(
        self, client_for, editor, time_machine, django_capture_on_commit_callbacks
    ):
        time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
        client = client_for(editor)
        response = write(client, "preview", hero=jpeg(), hero_alt="A crowded workshop room",
                         video_url="https://vimeo.com/76979871")  # fmt: skip
        post = NewsPost.objects.get()
        assert response["Location"] == reverse("news:preview", args=[post.slug])
        assert post.status == NewsPost.Status.DRAFT
        assert post.embed_url == "https://player.vimeo.com/video/76979871?dnt=1"
        preview = client.get(response["Location"])
        assert "This draft is seen by the news desk only." in preview.text
        assert reverse("news:hero", args=[post.slug, "large"]) in preview.text
        assert 'alt="A crowded workshop room"' in preview.text
        assert client.get(reverse("news:hero", args=[post.slug, "large"])).status_code == 200
        reader = client_for(UserFactory())
        assert reader.get(post.get_absolute_url()).status_code == 404
        # Schedule for 10:30 in the editor's time zone (Europe/Berlin: 09:30 UTC).
        editor.time_zone = "Europe/Berlin"
        editor.save(update_fields=["time_zone"])
        client = client_for(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = write(client, "publish", slug=post.slug, publish_at="2026-12-01T10:30",
                             hero_alt="A crowded workshop room")  # fmt: skip
        post.refresh_from_db()
        assert post.status == NewsPost.Status.SCHEDULED
        assert post.publish_at == datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
        reader = client_for(UserFactory())
        assert reader.get(post.get_absolute_url()).status_code == 404
        assert post.title not in reader.get(reverse("home")).text
        time_machine.move_to("2026-12-01 09:30:00+00:00", tick=False)
        assert reader.get(post.get_absolute_url()).status_code == 200
        assert post.title in reader.get(reverse("home")).text
        assert post.title in reader.get(reverse("news:list")).text

    def test_an_uploaded_video_is_served_to_readers_only(self, client_for, editor, private_group):
        MembershipFactory(group=private_group, user=editor)
        client = client_for(editor)
        write(client, "publish", video=mp4(), audience=private_group.pk)
        post = NewsPost.objects.get()
        assert post.video_type == "video/mp4"
        member = MembershipFactory(group=private_group).user
        response = client_for(member).get(reverse("news:video", args=[post.slug]))
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        outsider = client_for(UserFactory())
        assert outsider.get(reverse("news:video", args=[post.slug])).status_code == 404

    def test_editing_a_published_post_keeps_the_text_before_it(self, client_for, editor):
        client = client_for(editor)
        write(client, "publish")
        post = NewsPost.objects.get()
        write(client, "save", slug=post.slug, body="Five days of *long* sessions.")
        post.refresh_from_db()
        assert post.edited_at is not None
        revision = NewsRevision.objects.get()
        assert (revision.body, revision.editor) == ("Five days of **short sessions**.", editor)
        history = client.get(reverse("news:history", args=[post.slug])).text
        assert "<del>" in history
        assert "<ins>" in history

    def test_unpublishing_takes_it_away_at_once(self, client_for, editor):
        post = NewsPostFactory(author=editor)
        reader = client_for(UserFactory())
        assert reader.get(post.get_absolute_url()).status_code == 200
        client_for(editor).post(reverse("news:unpublish", args=[post.slug]))
        assert NewsPost.objects.get().status == NewsPost.Status.DRAFT
        assert client_for(UserFactory()).get(post.get_absolute_url()).status_code == 404


class TestTheMinute:
    def test_fixing_a_typo_in_a_published_post_keeps_its_date(self, client_for, editor):
        post = NewsPostFactory(
            author=editor, publish_at=timezone.now() - datetime.timedelta(days=3)
        )
        client = client_for(editor)
        shown = client.get(reverse("news:edit", args=[post.slug])).context["form"]
        assert shown.initial["publish_at"] is not None
        publish_at = timezone.localtime(post.publish_at).strftime("%Y-%m-%dT%H:%M")
        write(client, "save", slug=post.slug, title="Fixed title", publish_at=publish_at)
        fresh = NewsPost.objects.get()
        assert fresh.title == "Fixed title"
        assert fresh.publish_at == post.publish_at
        assert fresh.status == NewsPost.Status.PUBLISHED

    def test_saving_or_previewing_a_scheduled_post_never_publishes_it(self, client_for, editor):
        later = timezone.now() + datetime.timedelta(days=2)
        post = NewsPostFactory(author=editor, status=NewsPost.Status.SCHEDULED, publish_at=later)
        client = client_for(editor)
        for action in ("save", "preview"):
            write(client, action, slug=post.slug, publish_at="2020-01-01T09:00")
            fresh = NewsPost.objects.get()
            assert fresh.publish_at == later
            assert not fresh.is_live
        assert client_for(UserFactory()).get(post.get_absolute_url()).status_code == 404

    def test_a_drafts_chosen_minute_is_kept_and_shown_again(self, client_for, editor):
        client = client_for(editor)
        write(client, "save", publish_at="2031-05-04T09:15")
        post = NewsPost.objects.get()
        form = client.get(reverse("news:edit", args=[post.slug])).context["form"]
        assert form.initial["publish_at"].strftime("%Y-%m-%d %H:%M") == "2031-05-04 09:15"

    def test_the_first_button_saves(self, client_for, editor):
        page = client_for(editor).get(reverse("news:new")).text
        first = page.index('name="action"')
        assert page[first : first + 40].startswith('name="action" value="save"')


class TestWhoMayDoWhat:
    @pytest.mark.parametrize(
        ("method", "name"),
        [("get", "desk"), ("get", "new"), ("post", "new"), ("get", "edit"), ("post", "edit"),
         ("get", "preview"), ("post", "publish"), ("post", "unpublish"), ("get", "history"),
         ("get", "reach")],
    )  # fmt: skip
    def test_readers_get_403_on_every_desk_action(self, client_for, method, name):
        post = NewsPostFactory(status=NewsPost.Status.DRAFT)
        args = [] if name in ("desk", "new") else [post.slug]
        client = client_for(UserFactory())
        response = getattr(client, method)(reverse(f"news:{name}", args=args), form())
        assert response.status_code == 403
        post.refresh_from_db()
        assert post.status == NewsPost.Status.DRAFT
        assert NewsPost.objects.count() == 1

    def test_a_group_moderator_writes_for_their_group_only(self, client_for, private_group):
        moderator = MembershipFactory(group=private_group, role=Membership.Role.MODERATOR).user
        client = client_for(moderator)
        assert write(client, "publish", audience=private_group.pk).status_code == 302
        assert NewsPost.objects.get().audience == private_group
        other = GroupFactory()
        assert write(client, "publish", audience=other.pk).status_code == 422
        assert write(client, "publish", audience="").status_code == 422
        assert NewsPost.objects.count() == 1
        # Nor may they touch the editors' posts.
        company = NewsPostFactory()
        assert client.get(reverse("news:edit", args=[company.slug])).status_code == 404
        assert client.post(reverse("news:unpublish", args=[company.slug])).status_code == 404

    def test_a_guest_moderator_has_no_desk(self, client_for, private_group):
        guest = UserFactory(is_guest=True)
        MembershipFactory(group=private_group, user=guest, role=Membership.Role.OWNER)
        assert client_for(guest).get(reverse("news:new")).status_code == 403


class TestBadInput:
    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            ({"title": ""}, "This field is required."),
            ({"hero": jpeg(), "hero_alt": ""}, "Describe the image"),
            ({"video_url": "https://evil.example/v/1"}, "This video cannot be embedded"),
            ({"co_authors": "nobody.here"}, "Nobody here has the handle nobody.here."),
            ({"publish_at": "not a date"}, "Enter a valid date/time."),
        ],
    )
    def test_refused_with_a_message_and_nothing_written(self, client_for, editor, extra, message):
        response = write(client_for(editor), "publish", **extra)
        assert response.status_code == 422
        assert message in response.text
        assert "Five days of **short sessions**." in response.text  # the text is kept
        assert not NewsPost.objects.exists()

    @pytest.mark.parametrize(
        "upload",
        [
            pytest.param(lambda: mp4(), id="video-as-image"),
            pytest.param(lambda: jpeg(size=(1, 1)).__class__("x.png", b"<svg/>"), id="svg"),
        ],
    )
    def test_a_hero_that_is_not_a_photo_is_refused(self, client_for, editor, upload):
        response = write(client_for(editor), "publish", hero=upload(), hero_alt="Something")
        assert response.status_code == 422
        assert not NewsPost.objects.exists()

    def test_an_image_posing_as_a_video_is_refused(self, client_for, editor):
        fake = jpeg()
        fake.name = "clip.mp4"
        response = write(client_for(editor), "publish", video=fake)
        assert response.status_code == 422
        assert "This file is not an MP4 or WebM video." in response.text
        assert not NewsPost.objects.exists()

    def test_a_date_in_the_past_publishes_at_once_backdated(self, client_for, editor):
        write(client_for(editor), "publish", publish_at="2020-01-01T10:00")
        post = NewsPost.objects.get()
        assert post.status == NewsPost.Status.PUBLISHED
        assert post.publish_at <= timezone.now()


class TestReviewFixes:
    def test_a_draft_is_published_from_its_preview(self, client_for, editor):
        post = NewsPostFactory(author=editor, status=NewsPost.Status.DRAFT)
        client = client_for(editor)
        preview = client.get(reverse("news:preview", args=[post.slug])).text
        assert reverse("news:publish", args=[post.slug]) in preview
        assert "Publish now" in preview
        client.post(reverse("news:publish", args=[post.slug]))
        post.refresh_from_db()
        assert post.is_live

    def test_publishing_a_live_post_again_keeps_its_date(self, client_for, editor):
        then = timezone.now() - datetime.timedelta(days=5)
        post = NewsPostFactory(author=editor, publish_at=then)
        client_for(editor).post(reverse("news:publish", args=[post.slug]))
        post.refresh_from_db()
        assert post.publish_at == then

    def test_an_image_kept_on_edit_keeps_its_description(self, client_for, editor):
        client = client_for(editor)
        write(client, "save", hero=jpeg(), hero_alt="A crowded room")
        post = NewsPost.objects.get()
        response = write(client, "save", slug=post.slug, hero_alt="", title="New title")
        assert response.status_code == 422
        assert "Describe the image" in response.text
        post.refresh_from_db()
        assert (post.title, post.hero_alt) == ("Learning Week is here", "A crowded room")
        assert (
            write(client, "save", slug=post.slug, hero_alt="", remove_hero="on").status_code == 302
        )
        post.refresh_from_db()
        assert not post.hero
