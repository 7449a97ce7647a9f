from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from profiles.models import Topic
from profiles.services import topics_get_or_create
from tests.factories import UserFactory

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
        ({"manager": "nobody.here"}, "Nobody here has the handle or email"),
        ({"link_1_label": "Wiki"}, "Add the address this link goes to."),
        ({"link_1_url": "javascript:alert(1)"}, "Enter a full web address"),
        ({"link_2_url": "https://"}, "Enter a full web address"),
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


def test_the_edit_page_is_only_for_myself(client):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def photo_upload(content: bytes, name: str = "me.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def png_bytes(size=(300, 200), colour="teal", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_more_profile_fields(client_for, outsider):
    boss = UserFactory(display_name="Bea Boss")
    response = client_for(outsider).post(
        EDIT,
        form_data(
            team="Payments",
            manager=f"@{boss.handle}",
            languages="english, Spanish ,ENGLISH",
            link_1_label="",
            link_1_url="wiki.example.com/olive",
            link_2_label="LinkedIn",
            link_2_url="https://www.linkedin.com/in/olive",
        ),
    )
    assert response.status_code == 302
    profile = outsider.profile
    profile.refresh_from_db()
    assert profile.team == "Payments"
    assert profile.manager == boss
    assert profile.languages == "English, Spanish"
    assert profile.links == [
        {"label": "wiki.example.com", "url": "https://wiki.example.com/olive"},
        {"label": "LinkedIn", "url": "https://www.linkedin.com/in/olive"},
    ]


def test_i_cannot_be_my_own_manager(client_for, outsider):
    response = client_for(outsider).post(EDIT, form_data(manager=outsider.email))
    assert response.status_code == 422
    assert "You cannot be your own manager." in response.content.decode()


def test_fields_managed_by_the_company_directory_are_read_only(client_for, outsider):
    profile = outsider.profile
    profile.job_title, profile.department = "Analyst", "Finance"
    profile.sso_managed_fields = ["job_title", "department", "display_name"]
    profile.save()
    client = client_for(outsider)
    page = client.get(EDIT).content.decode()
    assert page.count("Managed by your company directory.") == 3
    assert 'name="job_title" value="Analyst" maxlength="120" disabled' in page
    # A crafted request cannot change them; the other fields still save.
    response = client.post(
        EDIT, form_data(job_title="CEO", department="Board", team="FP&A", display_name="Mallory")
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.job_title, profile.department) == ("Analyst", "Finance")
    assert profile.display_name == "Olive Outsider"
    assert profile.team == "FP&A"


def test_uploading_a_photo_makes_square_thumbnails(client_for, outsider):
    response = client_for(outsider).post(EDIT, form_data(photo=photo_upload(png_bytes())))
    assert response.status_code == 302
    profile = outsider.profile
    profile.refresh_from_db()
    with profile.avatar.open() as large, profile.avatar_small.open() as small:
        assert Image.open(large).size == (320, 320)
        assert Image.open(small).size == (96, 96)
    page = client_for(outsider).get(outsider.get_absolute_url()).content.decode()
    assert profile.avatar.url in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (lambda: b"just some text, not a picture", "notes.png", "not an image we can read"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"0" * (6 * 1024 * 1024), "huge.png", "up to 5 MB"),
        # 400 megapixels in a few kilobytes: refused from its header, never decoded.
        (lambda: png_bytes(size=(20000, 20000), colour=1, mode="1"), "bomb.png", "megapixels"),
    ],
    ids=["text-renamed-png", "oversized", "decompression-bomb"],
)
def test_a_bad_photo_is_refused_and_the_old_one_stays(client_for, outsider, content, name, message):
    client = client_for(outsider)
    client.post(EDIT, form_data(photo=photo_upload(png_bytes())))
    profile = outsider.profile
    profile.refresh_from_db()
    before = (profile.avatar.name, profile.avatar_small.name)

    response = client.post(
        EDIT, form_data(job_title="Changed", photo=photo_upload(content(), name))
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert (profile.avatar.name, profile.avatar_small.name) == before
    assert profile.avatar.storage.exists(before[0])
    assert profile.job_title == "Data Engineer"  # nothing else was saved either


def test_replacing_and_removing_a_photo_deletes_old_files(
    client_for, outsider, django_capture_on_commit_callbacks
):
    client = client_for(outsider)
    client.post(EDIT, form_data(photo=photo_upload(png_bytes(colour="red"))))
    profile = outsider.profile
    profile.refresh_from_db()
    first = profile.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT, form_data(photo=photo_upload(png_bytes(colour="blue"))))
    profile.refresh_from_db()
    assert profile.avatar.name != first
    assert not profile.avatar.storage.exists(first)
    second = profile.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT, form_data(remove_photo="on"))
    profile.refresh_from_db()
    assert not profile.avatar
    assert not profile.avatar.storage.exists(second)
    page = client.get(outsider.get_absolute_url()).content.decode()
    assert 'class="avatar avatar-xl avatar-c' in page  # initials instead


def test_a_directory_managed_manager_who_left_does_not_block_saving(client_for, outsider):
    boss = UserFactory(display_name="Bea Boss")
    profile = outsider.profile
    profile.manager = boss
    profile.sso_managed_fields = ["manager"]
    profile.save()
    boss.is_active = False
    boss.save()
    response = client_for(outsider).post(EDIT, form_data(manager="someone.else"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.manager == boss


def test_profile_saves_are_rate_limited(client_for, outsider, time_machine):
    time_machine.move_to("2026-11-30 09:00:05", tick=False)  # all in one rate window
    client = client_for(outsider)
    statuses = [client.post(EDIT, form_data()).status_code for _ in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
