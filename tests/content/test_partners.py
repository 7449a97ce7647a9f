"""Learning partners: logos uploaded in the admin (checked and re-encoded), shown on the
library page, which filters by partner, and beside their items."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from content.models import Feed, Provider
from tests.factories import GroupFactory, LibraryItemFactory

pytestmark = pytest.mark.django_db


def png(size=(800, 400)) -> bytes:
    """A green mark on a transparent ground."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((15, 122, 85, 255), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def feed_of(provider: Provider) -> Feed:
    return Feed.objects.create(provider=provider, url=f"https://feeds.example/{provider.pk}")


def add_partner(client, logo: bytes, name="Northwind Academy"):
    upload = SimpleUploadedFile("logo.png", logo, content_type="image/png")
    data = {"name": name, "site_url": "https://academy.example", "logo": upload,
            "feeds-TOTAL_FORMS": "0", "feeds-INITIAL_FORMS": "0"}  # fmt: skip
    return client.post(reverse("admin:content_provider_add"), data)


def test_a_logo_is_re_encoded_small_with_its_transparency(client_for, staff):
    response = add_partner(client_for(staff), png())
    assert response.status_code == 302
    logo = Provider.objects.get().logo
    assert logo.name.endswith(".webp")
    with Image.open(logo.open("rb")) as image:
        assert image.format == "WEBP"
        assert image.size == (320, 160)
        assert image.mode == "RGBA"
        assert image.getpixel((300, 80))[3] == 0  # the ground stays transparent


def test_a_file_posing_as_a_logo_is_refused(client_for, staff):
    response = add_partner(client_for(staff), b"<svg onload=alert(1)>")
    assert response.status_code == 200
    assert "errornote" in response.text
    assert not Provider.objects.exists()


def test_partners_lead_the_library_and_their_logo_shows_beside_their_feeds_items(
    client_for, staff, member, private_group
):
    add_partner(client_for(staff), png())
    northwind = Provider.objects.get(name="Northwind Academy")
    design = Provider.objects.create(name="Design Weekly")
    secret = Provider.objects.create(name="Acme Takeover Advisors")
    item = LibraryItemFactory(
        provider=northwind.name, title="Kubernetes basics", feed=feed_of(northwind)
    )
    LibraryItemFactory(provider=design.name, feed=feed_of(design))
    hidden_library = GroupFactory(visibility="private")
    LibraryItemFactory(group=hidden_library, provider=secret.name, feed=feed_of(secret))
    other = LibraryItemFactory(title="Our own article")
    client = client_for(member)
    page = client.get(reverse("content:library")).text
    assert page.index("Northwind Academy") < page.index("Design Weekly")
    assert northwind.logo.url in page
    assert "Acme Takeover Advisors" not in page  # only in a library the reader cannot see
    filtered = client.get(reverse("content:library"), {"provider": "Northwind Academy"}).text
    assert item.title in filtered
    assert other.title not in filtered
    assert northwind.logo.url in client.get(item.get_absolute_url()).text
    # Typing a partner's name when sharing does not borrow its logo.
    borrowed = LibraryItemFactory(provider="Northwind Academy", title="Not theirs")
    assert northwind.logo.url not in client.get(borrowed.get_absolute_url()).text
