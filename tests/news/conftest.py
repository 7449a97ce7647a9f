from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.permissions import editors_role
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    """A person in the "News editors" role (made by a data migration)."""
    user = UserFactory(display_name="Nadia Editor")
    user.groups.add(editors_role())
    return user


def jpeg(size=(1600, 1000)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def mp4() -> SimpleUploadedFile:
    return SimpleUploadedFile("clip.mp4", MP4, content_type="video/mp4")
