"""Writing: @mentions (linked, and told only when they may see the thread), image
attachments (validated, served only to readers), live preview, quoting, double submits
and drafts that survive a refused submit."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from discussions.models import Attachment, Post, Thread
from discussions.services import post_create, thread_create
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def png(name="photo.png", size=(640, 480), colour=(30, 120, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def thread(owner, private_group):
    return thread_create(user=owner, group=private_group, title="Deploy checklist", body="Ideas?")


class TestMentions:
    def test_a_mention_links_the_profile_and_tells_the_person(
        self, client_for, member, owner, thread, committed
    ):
        with committed():
            client_for(member).post(
                thread.get_absolute_url(), {"body": f"@{owner.handle} what do you think?"}
            )
        post = Post.objects.get()
        assert f'href="/people/{owner.handle}/"' in post.body_html
        assert 'class="mention"' in post.body_html
        note = Notification.objects.get(recipient=owner)
        # The author follows the thread too, but hears about it once, as a mention.
        assert note.kind == "mention"
        assert note.url.endswith(f"?post={post.pk}")

    def test_people_who_cannot_see_the_thread_are_not_told(
        self, member, outsider, thread, committed
    ):
        guest = UserFactory(is_guest=True)
        with committed():
            post = post_create(
                user=member, thread=thread, body=f"cc @{outsider.handle} @{guest.handle}"
            )
        assert 'class="mention"' in post.body_html  # still a link to the profile
        assert not Notification.objects.filter(recipient__in=[outsider, guest]).exists()

    def test_mentions_in_code_and_of_oneself_tell_nobody(self, member, owner, thread, committed):
        with committed():
            post_create(user=member, thread=thread, body=f"`@{owner.handle}` and @{member.handle}")
        assert not Notification.objects.filter(kind="mention").exists()

    def test_an_edit_tells_only_the_newly_mentioned(
        self, client_for, member, owner, private_group, thread, committed
    ):
        other = MembershipFactory(group=private_group).user
        with committed():
            post = post_create(user=member, thread=thread, body=f"@{owner.handle} hi")
        with committed():
            client_for(member).post(
                reverse("discussions:edit", args=[thread.pk]) + f"?post={post.pk}",
                {"post": post.pk, "body": f"@{owner.handle} and @{other.handle} hi"},
            )
        mentions = Notification.objects.filter(kind="mention")
        assert sorted(mentions.values_list("recipient", flat=True)) == sorted([owner.pk, other.pk])

    def test_the_autocomplete_offers_people_by_name(self, client_for, member, owner):
        owner.profile.display_name = "Priya Natarajan"
        owner.profile.save()
        options = client_for(member).get(reverse("profiles:people_options"), {"q": "priya"})
        assert f'value="{owner.handle}"' in options.content.decode()


class TestFollowing:
    def test_repliers_follow_and_followers_hear_about_replies(
        self, client_for, member, owner, private_group, thread, committed
    ):
        with committed():
            post_create(user=member, thread=thread, body="First")
        assert Notification.objects.get(kind="reply").recipient == owner
        third = MembershipFactory(group=private_group).user
        with committed():
            post_create(user=third, thread=thread, body="Second")
        told = Notification.objects.filter(kind="reply").values_list("recipient", flat=True)
        assert sorted(told) == sorted([owner.pk, owner.pk, member.pk])

    def test_stop_following_sticks_even_after_replying(
        self, client_for, member, owner, private_group, thread, committed
    ):
        client_for(owner).post(reverse("discussions:follow", args=[thread.pk]), {"follow": "0"})
        with committed():
            post_create(user=owner, thread=thread, body="My own reply")
            post_create(user=member, thread=thread, body="Reply")
        assert not Notification.objects.filter(recipient=owner).exists()

    def test_anyone_who_can_read_follows_with_a_click(
        self, client_for, member, owner, thread, committed
    ):
        client_for(member).post(reverse("discussions:follow", args=[thread.pk]), {"follow": "1"})
        with committed():
            post_create(user=owner, thread=thread, body="News")
        assert Notification.objects.get(kind="reply").recipient == member

    def test_people_who_left_the_group_are_not_told(
        self, client_for, member, owner, thread, committed
    ):
        post_create(user=member, thread=thread, body="Hi")
        member.memberships.all().delete()
        with committed():
            post_create(user=owner, thread=thread, body="Anyone?")
        assert not Notification.objects.filter(recipient=member).exists()


class TestReadState:
    def test_the_list_says_how_many_replies_are_new(
        self, client_for, member, owner, private_group, thread
    ):
        client_for(member).get(thread.get_absolute_url())
        post_create(user=owner, thread=thread, body="One")
        post_create(user=owner, thread=thread, body="Two")
        page = (
            client_for(member)
            .get(reverse("discussions:group_threads", args=[private_group.slug]))
            .content.decode()
        )
        assert "2 new replies" in page
        thread_page = client_for(member).get(thread.get_absolute_url()).content.decode()
        assert "New since your last visit" in thread_page
        assert thread_page.index("New since your last visit") < thread_page.index("One")
        again = (
            client_for(member)
            .get(reverse("discussions:group_threads", args=[private_group.slug]))
            .content.decode()
        )
        assert "new replies" not in again


class TestAttachments:
    def test_images_are_attached_and_served_only_to_readers(
        self, client_for, member, outsider, thread
    ):
        response = client_for(member).post(
            thread.get_absolute_url(),
            {"body": "Screenshot attached", "images": [png(), png("b.png")]},
        )
        assert response.status_code == 302
        items = list(Attachment.objects.order_by("pk"))
        assert len(items) == 2
        assert (items[0].width, items[0].height) == (640, 480)
        assert items[0].image.name.endswith(".webp")
        url = reverse("discussions:attachment", args=[thread.pk, items[0].pk])
        served = client_for(member).get(url)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/webp"
        assert served["X-Content-Type-Options"] == "nosniff"
        assert b"".join(served.streaming_content)[:4] == b"RIFF"
        page = client_for(member).get(thread.get_absolute_url()).content.decode()
        assert url in page
        assert client_for(outsider).get(url).status_code == 404

    def test_attachments_are_not_public_media(self, client_for, member, thread, settings):
        client_for(member).post(thread.get_absolute_url(), {"body": "x", "images": [png()]})
        item = Attachment.objects.get()
        assert not str(item.image.path).startswith(str(settings.MEDIA_ROOT))

    def test_a_file_that_is_not_an_image_is_refused_and_the_text_kept(
        self, client_for, member, thread
    ):
        fake = SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", content_type="image/png")
        response = client_for(member).post(
            thread.get_absolute_url(), {"body": "My carefully written reply", "images": [fake]}
        )
        assert response.status_code == 422
        page = response.content.decode()
        assert "not an image we can read" in page
        assert "My carefully written reply" in page
        assert not Post.objects.exists()
        assert not Attachment.objects.exists()

    def test_at_most_four_images(self, client_for, member, thread):
        response = client_for(member).post(
            thread.get_absolute_url(), {"body": "x", "images": [png(f"{n}.png") for n in range(5)]}
        )
        assert response.status_code == 422
        assert not Attachment.objects.exists()

    def test_images_of_hidden_replies_are_for_moderators_only(
        self, client_for, member, moderator, private_group, thread
    ):
        client_for(member).post(thread.get_absolute_url(), {"body": "x", "images": [png()]})
        post = Post.objects.get()
        client_for(moderator).post(
            reverse("discussions:hide", args=[thread.pk]) + f"?post={post.pk}",
            {"post": post.pk, "reason": "Private data"},
        )
        url = reverse("discussions:attachment", args=[thread.pk, Attachment.objects.get().pk])
        reader = MembershipFactory(group=private_group).user
        assert client_for(reader).get(url).status_code == 404
        assert client_for(moderator).get(url).status_code == 200


class TestSubmitting:
    def test_a_double_submit_creates_one_reply(self, client_for, member, thread):
        token = str(uuid.uuid4())
        client = client_for(member)
        first = client.post(thread.get_absolute_url(), {"body": "Once", "token": token})
        second = client.post(thread.get_absolute_url(), {"body": "Once", "token": token})
        assert Post.objects.count() == 1
        assert first["Location"] == second["Location"]

    def test_a_double_submit_creates_one_thread(self, client_for, member, private_group):
        token = str(uuid.uuid4())
        url = reverse("discussions:thread_create", args=[private_group.slug])
        data = {"kind": "discussion", "title": "Only once please", "body": "Hi", "token": token}
        client_for(member).post(url, data)
        client_for(member).post(url, data)
        assert Thread.objects.filter(title="Only once please").count() == 1

    def test_the_form_carries_a_fresh_token(self, client_for, member, thread):
        page = client_for(member).get(thread.get_absolute_url()).content.decode()
        assert 'name="token"' in page

    def test_preview_renders_without_saving(self, client_for, member, thread):
        client = client_for(member)
        live = client.post(reverse("discussions:preview"), {"body": "**bold** <script>x</script>"})
        assert "<strong>bold</strong>" in live.content.decode()
        assert "<script>" not in live.content.decode()
        no_js = client.post(thread.get_absolute_url(), {"body": "**draft**", "preview": "1"})
        assert no_js.status_code == 200
        page = no_js.content.decode()
        assert "<strong>draft</strong>" in page
        assert "**draft**" in page  # the text stays in the form
        assert not Post.objects.exists()

    def test_the_preview_is_for_signed_in_people(self, client):
        assert client.post(reverse("discussions:preview"), {"body": "x"}).status_code in (302, 403)

    def test_quoting_starts_a_reply_with_the_quoted_text(self, client_for, member, owner, thread):
        post = post_create(user=owner, thread=thread, body="Check the staging logs first.")
        page = client_for(member).get(thread.get_absolute_url(), {"quote": post.pk})
        html = page.content.decode()
        assert f"@{owner.handle} wrote:" in html
        assert "&gt; Check the staging logs first." in html
