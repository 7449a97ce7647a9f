"""Uploaded photos: validate an upload, make square WebP thumbnails (avatars, covers).

Pure Pillow; no models or forms. Nothing here trusts the file name or the content type a
browser sent: the bytes decide.
"""

from __future__ import annotations

import contextlib
import io
import math
import struct
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Below Pillow's own MAX_IMAGE_PIXELS (about 89 million), so our check fires first and
# a 5 MB file cannot ask for gigabytes of memory once decoded.
MAX_PIXELS = 40_000_000
# PNG, WebP and GIF cannot be decoded at a reduced scale as JPEG can (see draft() below),
# so a 16-megapixel RGBA image already takes 64 MB: their limit is lower.
MAX_PIXELS_FULL_DECODE = 16_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Square edge lengths in pixels: "small" for lists, "large" for the profile page.
THUMBNAIL_SIZES = {"small": 96, "large": 320}
# A group's cover banner (3:1): "large" on its page, "small" on directory cards.
COVER_SIZES = {"small": (600, 200), "large": (1200, 400)}
# An image attached to a post fits in this square (its longest edge, in pixels).
ATTACHMENT_EDGE = 1600
PREVIEW_EDGE = 640  # a link preview's picture
# A news post's hero image (16:9): "large" on its page, "small" on cards.
HERO_SIZES = {"small": (640, 360), "large": (1280, 720)}
LOGO_SIZE = (320, 160)  # a learning partner's logo, twice its largest display size

# Pillow reports camera JPEGs that carry a second picture (most phones) as MPO.
_FORMAT_ALIASES = {"MPO": "JPEG"}
# (MPO files are opened by the JPEG decoder, which then reports them as MPO.)
_PILLOW_FORMATS = tuple(sorted(ALLOWED_FORMATS))
_MEBIBYTE = 1024 * 1024
_WEBP_OPTIONS = {"quality": 85, "method": 4}
# What Pillow raises for data it cannot parse, besides its own OSError subclasses.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
_BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


def avatar_thumbnails(upload: Any) -> dict[str, ContentFile]:
    """Square WebP thumbnails of an uploaded photo, one per THUMBNAIL_SIZES entry.

    `upload` is an UploadedFile or any binary file-like object (or bytes). Raises
    ValidationError with code "empty", "too_large", "not_an_image", "unsupported_format",
    "too_many_pixels" or "corrupt", in that order of checking. The upload is rewound to its
    start afterwards, so the caller can still store the original.
    """
    data = _read_limited(upload)
    square = _decoded_crop(data, aspect=1.0)
    return {
        name: ContentFile(
            encode_webp(square.resize((edge, edge), Image.Resampling.LANCZOS, reducing_gap=3.0)),
            name=f"{name}.webp",
        )
        for name, edge in THUMBNAIL_SIZES.items()
    }


def cover_images(upload: Any) -> dict[str, ContentFile]:
    """A group's cover: the upload centre-cropped to a 3:1 banner, as WebP in the sizes of
    COVER_SIZES. Validated exactly like a photo (see avatar_thumbnails)."""
    data = _read_limited(upload)
    banner = _decoded_crop(data, aspect=3.0)
    return {
        name: ContentFile(
            encode_webp(banner.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)),
            name=f"{name}.webp",
        )
        for name, size in COVER_SIZES.items()
    }


def _read_limited(upload: Any) -> bytes:
    if isinstance(upload, bytes | bytearray | memoryview):
        upload = io.BytesIO(bytes(upload))
    size = getattr(upload, "size", None)
    if size is None:
        size = _measure(upload)
    if size is not None:
        _check_size(size)
    _rewind(upload)
    try:
        # Read one byte past the limit: a declared size can be wrong for file-likes we did
        # not make, and this bounds memory either way.
        data = upload.read(MAX_UPLOAD_BYTES + 1)
    finally:
        _rewind(upload)
    _check_size(len(data))
    return data


def _measure(upload: IO[bytes]) -> int | None:
    try:
        upload.seek(0, io.SEEK_END)
        return upload.tell()
    except (AttributeError, OSError, ValueError):
        return None


def _rewind(upload: IO[bytes]) -> None:
    # Not seekable: there is no position to restore.
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)


def _check_size(size: int) -> None:
    if size == 0:
        raise ValidationError(_("This file is empty. Choose a photo to upload."), code="empty")
    if size > MAX_UPLOAD_BYTES:
        # Round up, so a file just over the limit never reads as "5.0 MB".
        megabytes = math.ceil(size * 10 / _MEBIBYTE) / 10
        raise ValidationError(
            _("Photos can be up to %(limit)s MB; this one is %(size)s MB."),
            code="too_large",
            params={
                "limit": number_format(MAX_UPLOAD_BYTES // _MEBIBYTE),
                "size": number_format(megabytes, decimal_pos=1),
            },
        )


def attachment_image(upload: Any) -> ContentFile:
    """An image attached to a post: the upload scaled to fit ATTACHMENT_EDGE (never
    enlarged, never cropped), as WebP without metadata. Validated like a photo (see
    avatar_thumbnails)."""
    image = _decoded(_read_limited(upload), draft_edge=ATTACHMENT_EDGE)
    image.thumbnail((ATTACHMENT_EDGE, ATTACHMENT_EDGE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return ContentFile(encode_webp(image), name="attachment.webp")


def preview_image(data: bytes) -> ContentFile:
    """A link preview's picture, fetched from the page: scaled to fit PREVIEW_EDGE, as
    WebP without metadata; validated like a photo (raises ValidationError)."""
    image = _decoded(_read_limited(data), draft_edge=PREVIEW_EDGE)
    image.thumbnail((PREVIEW_EDGE, PREVIEW_EDGE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return ContentFile(encode_webp(image), name="preview.webp")


def hero_images(upload: Any) -> dict[str, ContentFile]:
    """A news post's hero: the upload centre-cropped to 16:9, as WebP in the sizes of
    HERO_SIZES. Validated exactly like a photo (see avatar_thumbnails)."""
    frame = _decoded_crop(_read_limited(upload), aspect=16 / 9)
    return {
        name: ContentFile(
            encode_webp(frame.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)),
            name=f"{name}.webp",
        )
        for name, size in HERO_SIZES.items()
    }


def logo_image(upload: Any) -> ContentFile:
    """A learning partner's logo: scaled to fit LOGO_SIZE (transparency kept), as WebP
    without metadata; validated like a photo."""
    image = _decoded(_read_limited(upload), draft_edge=max(LOGO_SIZE))
    image.thumbnail(LOGO_SIZE, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return ContentFile(encode_webp(image), name="logo.webp")


def _decoded_crop(data: bytes, *, aspect: float) -> Image.Image:
    """The first frame, upright, centre-cropped to width/height = aspect, in RGB or RGBA."""
    largest = max(
        *THUMBNAIL_SIZES.values(),
        *(w for w, _h in COVER_SIZES.values()),
        *(w for w, _h in HERO_SIZES.values()),
    )
    upright = _decoded(data, draft_edge=largest)
    width, height = upright.size
    crop_w, crop_h = min(width, round(height * aspect)), min(height, round(width / aspect))
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    return upright.crop((left, top, left + crop_w, top + crop_h))


def _decoded(data: bytes, *, draft_edge: int) -> Image.Image:
    """The first frame, upright, in RGB or RGBA; JPEGs decoded at a reduced scale when
    that still leaves twice `draft_edge` pixels."""
    try:
        # Only the decoders we accept ever parse an upload's header.
        image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS)
    except _BOMB_ERRORS:
        # Pillow's own limit (or its warning, where warning filters make it an error).
        raise _too_many_pixels() from None
    except _DECODE_ERRORS:
        raise ValidationError(
            _("This file is not an image we can read. Use a JPEG, PNG, WebP or GIF photo."),
            code="not_an_image",
        ) from None

    with image:
        image_format = _FORMAT_ALIASES.get(image.format or "", image.format)
        limit = MAX_PIXELS if image_format == "JPEG" else MAX_PIXELS_FULL_DECODE
        # Image.open reads only the header, so this runs before any pixel is decoded.
        width, height = image.size
        if width * height > limit:
            raise _too_many_pixels(limit)

        # JPEG only (a no-op elsewhere): decode at 1/2, 1/4 or 1/8 scale when that still
        # leaves twice the largest output, which makes big camera photos cheap.
        try:
            image.draft(None, (2 * draft_edge, 2 * draft_edge))
            # A freshly opened image is at its first frame; load() decodes just that one.
            image.load()
            upright = ImageOps.exif_transpose(image)
        except _BOMB_ERRORS:
            raise _too_many_pixels() from None
        except _DECODE_ERRORS:
            raise ValidationError(
                _("This image looks damaged or incomplete. Save it again, or use another photo."),
                code="corrupt",
            ) from None

    return _rgb_or_rgba(upright)


def _too_many_pixels(limit: int = MAX_PIXELS) -> ValidationError:
    return ValidationError(
        _(
            "This photo has too many pixels for us to process. "
            "Use one of up to %(limit)s megapixels."
        ),
        code="too_many_pixels",
        params={"limit": number_format(limit // 1_000_000)},
    )


def _rgb_or_rgba(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode == "I" or image.mode.startswith("I;16"):
        # 16-bit greyscale PNGs: a plain convert() would clip everything above 255 to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def encode_webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Explicitly empty: photos often carry GPS positions and camera serials in EXIF/XMP.
    image.save(buffer, "WEBP", exif=b"", icc_profile=b"", xmp=b"", **_WEBP_OPTIONS)
    return buffer.getvalue()
