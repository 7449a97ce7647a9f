"""Profile photo handling, fed real image bytes made in memory: no database, no mocks."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageDraw

from socialearn.lib.images import MAX_UPLOAD_BYTES, avatar_thumbnails, cover_images
from socialearn.lib.portraits import demo_portrait

RED, GREEN, BLUE = (255, 0, 0), (0, 160, 0), (0, 0, 255)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def rejection(data_or_file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        avatar_thumbnails(data_or_file)
    return caught.value


def opened(thumbnail) -> Image.Image:
    thumbnail.seek(0)
    image = Image.open(io.BytesIO(thumbnail.read()))
    image.load()
    return image


def is_close(pixel, colour, tolerance=60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size but holds almost no pixel data, like a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def photo(size=(300, 200), colour=RED) -> Image.Image:
    return Image.new("RGB", size, colour)


def animated(image_format: str) -> bytes:
    first, *rest = [Image.new("RGB", (120, 90), c) for c in (RED, GREEN, BLUE)]
    return encoded(first, image_format, save_all=True, append_images=rest, duration=100, loop=0)


VALID_PHOTOS = {
    "JPEG": lambda: encoded(photo(), "JPEG"),
    "PNG": lambda: encoded(photo(), "PNG"),
    "WEBP": lambda: encoded(photo(), "WEBP"),
    "GIF": lambda: encoded(photo(), "GIF"),
    # Phones save JPEGs with a second picture; Pillow calls those MPO.
    "MPO": lambda: encoded(photo(), "MPO", save_all=True, append_images=[photo((30, 20))]),
}


@pytest.mark.parametrize("image_format", VALID_PHOTOS)
def test_each_allowed_format_becomes_square_webp_thumbnails(image_format):
    data = VALID_PHOTOS[image_format]()
    assert Image.open(io.BytesIO(data)).format == image_format

    thumbnails = avatar_thumbnails(upload(data, name="anything.bin", content_type="text/plain"))

    assert sorted(thumbnails) == ["large", "small"]
    assert thumbnails["small"].name == "small.webp"
    assert thumbnails["large"].name == "large.webp"
    for name, edge in (("small", 96), ("large", 320)):
        image = opened(thumbnails[name])
        assert image.format == "WEBP"
        assert image.size == (edge, edge)
        assert is_close(image.getpixel((edge // 2, edge // 2)), RED)


def test_a_small_photo_is_scaled_up_to_the_fixed_sizes():
    thumbnails = avatar_thumbnails(upload(encoded(photo((40, 30)), "PNG")))
    assert opened(thumbnails["large"]).size == (320, 320)


def test_plain_file_objects_and_bytes_work_and_the_upload_is_rewound():
    data = encoded(photo(), "PNG")
    plain = io.BytesIO(data)  # no .size: measured instead
    plain.seek(17)
    assert opened(avatar_thumbnails(plain)["small"]).size == (96, 96)
    assert plain.tell() == 0

    assert opened(avatar_thumbnails(data)["small"]).size == (96, 96)

    django_upload = upload(data)
    avatar_thumbnails(django_upload)
    assert django_upload.tell() == 0
    assert django_upload.read() == data


def test_an_empty_file_is_rejected():
    assert rejection(upload(b"")).code == "empty"


def test_a_text_file_named_like_a_png_is_not_an_image():
    error = rejection(upload(b"Quarterly goals\n- ship it\n", "photo.png", "image/png"))
    assert error.code == "not_an_image"
    assert error.messages == [
        "This file is not an image we can read. Use a JPEG, PNG, WebP or GIF photo."
    ]


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "ICO", "PPM"])
def test_images_pillow_could_read_but_we_do_not_accept_are_rejected(image_format):
    # Only the four accepted decoders ever look at an upload.
    data = encoded(photo(), image_format)
    error = rejection(upload(data, "photo.jpg", "image/jpeg"))
    assert error.code == "not_an_image"


def test_lossless_images_have_a_lower_pixel_limit_than_jpeg():
    big = Image.new("RGB", (5000, 4000), "white")  # 20 megapixels
    assert rejection(upload(encoded(big, "PNG"), "big.png")).code == "too_many_pixels"
    thumbnails = avatar_thumbnails(upload(encoded(big, "JPEG"), "big.jpg"))
    assert Image.open(thumbnails["large"]).size == (320, 320)


def test_a_file_over_five_megabytes_is_rejected_before_decoding():
    # A PNG signature followed by junk: decoding it would say "not an image" instead.
    data = PNG_SIGNATURE + b"\0" * (6 * 1024 * 1024 - len(PNG_SIGNATURE))

    error = rejection(upload(data, "big.png", "image/png"))

    assert error.code == "too_large"
    assert error.messages == ["Photos can be up to 5 MB; this one is 6.0 MB."]
    assert rejection(io.BytesIO(data)).code == "too_large"  # measured, no .size


def test_a_file_just_over_the_limit_does_not_claim_to_be_five_megabytes():
    error = rejection(upload(PNG_SIGNATURE + b"\0" * (MAX_UPLOAD_BYTES - 7)))
    assert error.messages == ["Photos can be up to 5 MB; this one is 5.1 MB."]


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (7000, 7000),  # 49 megapixels: above our limit, below Pillow's own
        (20000, 20000),  # 400 megapixels: Pillow itself refuses to open it
    ],
)
def test_a_decompression_bomb_is_rejected_from_its_header(width, height):
    # The pixel data is missing: had we decoded it, the error would be "corrupt".
    data = png_header_only(width, height)
    assert len(data) < 200

    assert rejection(upload(data, "bomb.png", "image/png")).code == "too_many_pixels"


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_pillows_decompression_warning_turned_into_an_error_is_a_pixel_rejection():
    # 100 megapixels: between Pillow's warning and error limits.
    assert rejection(png_header_only(10000, 10000)).code == "too_many_pixels"


def test_a_truncated_jpeg_is_rejected_as_damaged():
    noisy = Image.merge("RGB", [Image.effect_noise((400, 300), 60)] * 3)
    data = encoded(noisy, "JPEG", quality=95)
    cut = data[: len(data) * 2 // 3]
    assert Image.open(io.BytesIO(cut)).size == (400, 300)  # the header is intact

    assert rejection(upload(cut)).code == "corrupt"


def test_exif_orientation_is_applied_and_all_metadata_is_dropped():
    # Stored 200x100, red left and blue right; orientation 6 means "turn 90° clockwise to
    # view", which puts the stored left edge at the top: red above, blue below.
    stored = Image.new("RGB", (200, 100), BLUE)
    stored.paste(RED, (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "Acme Phone"  # Make
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(stored, "JPEG", quality=95, exif=exif, icc_profile=srgb, xmp=b"<x:xmpmeta/>")

    for name, edge in (("small", 96), ("large", 320)):
        thumbnail = avatar_thumbnails(upload(data))[name]
        image = opened(thumbnail)
        near, far = edge // 8, edge - 1 - edge // 8
        assert is_close(image.getpixel((near, near)), RED)
        assert is_close(image.getpixel((far, near)), RED)
        assert is_close(image.getpixel((near, far)), BLUE)
        assert is_close(image.getpixel((far, far)), BLUE)

        assert not image.getexif()
        assert not {"exif", "icc_profile", "xmp"} & set(image.info)
        thumbnail.seek(0)
        raw = thumbnail.read()
        assert b"EXIF" not in raw
        assert b"ICCP" not in raw
        assert b"XMP " not in raw


def transparent_png(mode: str) -> bytes:
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((50, 50, 150, 150), fill=(*RED, 255))
    if mode == "P":
        image = image.convert("P")  # keeps a transparent palette entry
    return encoded(image, "PNG")


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_transparent_png_keeps_its_transparency(mode):
    image = opened(avatar_thumbnails(transparent_png(mode))["large"])

    assert image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0
    centre = image.getpixel((160, 160))
    assert centre[3] == 255
    assert is_close(centre, RED)


def test_an_opaque_photo_has_no_alpha_channel():
    assert opened(avatar_thumbnails(encoded(photo(), "JPEG"))["small"]).mode == "RGB"


@pytest.mark.parametrize("image_format", ["GIF", "WEBP"])
def test_an_animation_gives_its_first_frame(image_format):
    data = animated(image_format)
    assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == 3

    image = opened(avatar_thumbnails(data)["small"])

    assert is_close(image.getpixel((48, 48)), RED)


def test_a_cmyk_jpeg_becomes_rgb():
    data = encoded(Image.new("CMYK", (120, 80), (0, 255, 255, 0)), "JPEG")
    assert Image.open(io.BytesIO(data)).mode == "CMYK"

    image = opened(avatar_thumbnails(data)["small"])

    assert image.mode == "RGB"
    assert is_close(image.getpixel((48, 48)), RED)


def test_a_sixteen_bit_greyscale_png_keeps_its_tones():
    data = encoded(Image.new("I;16", (100, 100), 30000), "PNG")  # 30000/65535: mid grey

    pixel = opened(avatar_thumbnails(data)["small"]).getpixel((48, 48))

    assert is_close(pixel, (117, 117, 117), tolerance=8)


def test_demo_portraits_are_square_webp_and_repeatable():
    first = demo_portrait(7, "AL")
    image = Image.open(io.BytesIO(first))

    assert image.format == "WEBP"
    assert image.size == (320, 320)
    assert demo_portrait(7, "AL") == first
    assert Image.open(io.BytesIO(demo_portrait(7, "AL", size=96))).size == (96, 96)


def test_demo_portraits_differ_between_seeds():
    portraits = [
        Image.open(io.BytesIO(demo_portrait(seed, "AL"))).convert("RGB") for seed in range(12)
    ]

    assert len({p.tobytes() for p in portraits}) == 12
    backgrounds = {p.getpixel((2, 2)) for p in portraits}
    assert len(backgrounds) >= 6


def test_a_demo_portrait_has_a_figure_in_front_of_its_background():
    image = Image.open(io.BytesIO(demo_portrait(3, "AL"))).convert("RGB")
    corner = image.getpixel((4, 300))
    chest = image.getpixel((160, 310))

    # Clothes are chosen to stand apart from the lower background.
    assert sum(abs(a - b) for a, b in zip(corner, chest, strict=True)) > 60


def test_a_cover_is_a_centred_three_to_one_banner():
    # A tall image: red top third, green middle third, blue bottom third.
    image = Image.new("RGB", (300, 600), "green")
    image.paste("red", (0, 0, 300, 200))
    image.paste("blue", (0, 400, 300, 600))
    covers = cover_images(upload(encoded(image, "PNG"), "cover.png"))
    large = Image.open(covers["large"]).convert("RGB")
    assert large.size == (1200, 400)
    assert Image.open(covers["small"]).size == (600, 200)
    # The middle band (green) is what stays.
    r, g, b = large.getpixel((600, 200))
    assert g > 100
    assert r < 60
    assert b < 60


def test_a_cover_is_validated_like_a_photo():
    with pytest.raises(ValidationError) as caught:
        cover_images(upload(b"not an image", "cover.png"))
    assert caught.value.code == "not_an_image"
