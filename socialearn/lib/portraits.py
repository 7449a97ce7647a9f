"""Demo portraits: abstract head-and-shoulders pictures drawn locally for demo people.

Pure Pillow, deterministic per seed; no downloads. The demo data puts them through the
same pipeline as an upload (socialearn.lib.images).
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from socialearn.lib.images import encode_webp

# Soft background gradients, light to mid tone.
_BACKGROUNDS = [
    ("#f6d5c0", "#e3a08f"),  # peach to rose
    ("#d7e8f5", "#8db5dc"),  # morning sky
    ("#dcebd6", "#8fc2a0"),  # sage
    ("#f4e7c6", "#dcb45f"),  # sand
    ("#e6dcf2", "#a692d0"),  # lavender
    ("#cfeae6", "#69aea6"),  # lagoon
    ("#f8dde2", "#d6899c"),  # blush
    ("#e0e5eb", "#97a6b7"),  # slate
    ("#f1e4d3", "#c29873"),  # latte
    ("#d9e7f6", "#c3b3e4"),  # dusk
]
_SKIN_TONES = [
    "#f6dac6",
    "#ecc3a3",
    "#dba784",
    "#c98e66",
    "#ad724e",
    "#8d583a",
    "#6e422b",
    "#503020",
]
_HAIR_COLOURS = [
    "#1e1916",
    "#3a2a20",
    "#5b3e2c",
    "#8a5a36",
    "#c0904f",
    "#dcb872",
    "#9d3b22",
    "#9b9895",
    "#e8e3da",
]
_CLOTHES = [
    "#2f4858",
    "#33658a",
    "#3d405b",
    "#264653",
    "#6d597a",
    "#b56576",
    "#e07a5f",
    "#81b29a",
    "#f2a541",
    "#55828b",
    "#1d3557",
    "#7f5539",
]
_HAIR_STYLES = ("short", "long", "bun", "curly", "buzz", "bob", "side")
_SUPERSAMPLE = 3  # Draw large and scale down: ImageDraw does not anti-alias shapes.


def demo_portrait(seed: int, initials: str, size: int = 320) -> bytes:
    """A square WebP abstract head-and-shoulders portrait for demo people.

    The same seed always gives the same picture; `initials` appear on a name badge that
    some portraits wear. Drawn locally with no fonts or files beyond Pillow's own.
    """
    # Not security-sensitive: a seeded generator is the point, for repeatable pictures.
    rng = random.Random(seed)  # noqa: S311
    canvas = size * _SUPERSAMPLE
    top, bottom = rng.choice(_BACKGROUNDS)
    image = _gradient(canvas, top, bottom, direction=rng.randrange(3))
    image = _pattern(image, rng)

    cx = canvas * rng.uniform(0.46, 0.54)
    head_rx = canvas * rng.uniform(0.12, 0.145)
    head_ry = head_rx * rng.uniform(1.15, 1.32)
    head_cy = canvas * rng.uniform(0.38, 0.44)
    shoulder_top = head_cy + head_ry + canvas * rng.uniform(0.035, 0.065)
    shoulder_rx = canvas * rng.uniform(0.34, 0.44)
    head = (cx - head_rx, head_cy - head_ry, cx + head_rx, head_cy + head_ry)
    shoulders = (cx - shoulder_rx, shoulder_top, cx + shoulder_rx, shoulder_top + canvas * 0.9)

    skin = rng.choice(_SKIN_TONES)
    hair = rng.choice(_HAIR_COLOURS)
    clothes = _contrasting(rng, bottom)
    style = rng.choice(_HAIR_STYLES)

    # A soft shadow behind the figure lifts it off the background.
    shadow = Image.new("L", image.size, 0)
    shadow_draw = ImageDraw.Draw(shadow)
    offset = canvas * 0.02
    shadow_draw.ellipse(_shift(head, offset), fill=70)
    shadow_draw.ellipse(_shift(shoulders, offset), fill=70)
    shadow = shadow.filter(ImageFilter.GaussianBlur(canvas * 0.025))
    image.paste(Image.new("RGB", image.size, "#1f2430"), mask=shadow)

    draw = ImageDraw.Draw(image)
    if style in ("long", "bob"):
        reach = shoulder_top + canvas * 0.12 if style == "long" else head_cy + head_ry * 0.55
        draw.rounded_rectangle(
            (cx - head_rx * 1.22, head_cy - head_ry * 1.02, cx + head_rx * 1.22, reach),
            radius=head_rx,
            fill=hair,
        )
    neck_w = head_rx * rng.uniform(0.56, 0.68)
    draw.rectangle((cx - neck_w, head_cy, cx + neck_w, shoulder_top + canvas * 0.05), fill=skin)
    draw.ellipse(shoulders, fill=clothes)
    _neckline(draw, rng, cx, neck_w, shoulder_top, skin, canvas)
    if rng.random() < 0.55:
        _badge(draw, cx, neck_w, shoulder_top, initials, canvas)

    ear = head_rx * 0.22
    for side in (-1, 1):
        ex = cx + side * head_rx * 0.97
        draw.ellipse((ex - ear, head_cy - ear * 1.3, ex + ear, head_cy + ear * 1.3), fill=skin)
    _hair(draw, rng, style, head, hair, canvas)
    draw.ellipse(_shrink_top(head, head_ry * _FACE_TOP[style]), fill=skin)
    _fringe(draw, rng, style, head, hair)

    image = image.resize((size, size), Image.Resampling.LANCZOS)
    return encode_webp(image)


# How far the face starts below the top of the head, as a share of its half-height.
_FACE_TOP = {
    "short": 0.2,
    "long": 0.22,
    "bun": 0.2,
    "curly": 0.25,
    "buzz": 0.06,
    "bob": 0.22,
    "side": 0.18,
}


def _gradient(edge: int, start: str, end: str, *, direction: int) -> Image.Image:
    vertical = Image.linear_gradient("L").resize((edge, edge))
    if direction == 0:
        mask = vertical
    elif direction == 1:
        mask = ImageChops.add(vertical, vertical.transpose(Image.Transpose.ROTATE_90), scale=2.0)
    else:
        mask = ImageChops.add(vertical, vertical.transpose(Image.Transpose.ROTATE_270), scale=2.0)
    return Image.composite(
        Image.new("RGB", mask.size, end), Image.new("RGB", mask.size, start), mask
    )


def _pattern(image: Image.Image, rng: random.Random) -> Image.Image:
    kind = rng.choice(("none", "bokeh", "bokeh", "stripes", "rings"))
    if kind == "none":
        return image
    edge = image.width
    overlay = Image.new("RGBA", image.size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(overlay)
    if kind == "bokeh":
        for _n in range(rng.randint(5, 9)):
            r = edge * rng.uniform(0.04, 0.12)
            x, y = edge * rng.random(), edge * rng.uniform(0, 0.6)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(35, 70)))
        overlay = overlay.filter(ImageFilter.GaussianBlur(edge * 0.006))
    elif kind == "stripes":
        step = edge * rng.uniform(0.07, 0.11)
        width = round(step * 0.35)
        for i in range(-12, 24):
            x = i * step
            draw.line((x, 0, x + edge, edge), fill=(255, 255, 255, 38), width=width)
    else:
        x, y = edge * rng.choice((0.12, 0.88)), edge * rng.uniform(0.1, 0.3)
        for i in range(1, 6):
            r = edge * 0.09 * i
            draw.ellipse(
                (x - r, y - r, x + r, y + r), outline=(255, 255, 255, 50), width=edge // 90
            )
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _contrasting(rng: random.Random, background: str) -> str:
    """A clothing colour that stands apart from the lower background."""
    ground = _luminance(background)
    choices = [c for c in _CLOTHES if abs(_luminance(c) - ground) > 0.18]
    return rng.choice(choices or _CLOTHES)


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _neckline(draw, rng, cx, neck_w, shoulder_top, skin, canvas) -> None:
    depth = canvas * rng.uniform(0.05, 0.09)
    if rng.random() < 0.5:  # V-neck
        draw.polygon(
            [
                (cx - neck_w * 1.1, shoulder_top),
                (cx + neck_w * 1.1, shoulder_top),
                (cx, shoulder_top + depth),
            ],
            fill=skin,
        )
    else:  # Round neck with a white collar line.
        box = (
            cx - neck_w * 1.2,
            shoulder_top - depth,
            cx + neck_w * 1.2,
            shoulder_top + depth * 0.7,
        )
        draw.chord(box, 0, 180, fill=skin)
        draw.arc(box, 0, 180, fill="#f4f1ec", width=max(2, canvas // 120))


def _badge(draw, cx, neck_w, shoulder_top, initials, canvas) -> None:
    """A lanyard name badge, the one place the initials appear."""
    badge_w, badge_h = canvas * 0.12, canvas * 0.085
    bx, by = cx + neck_w * 0.3, shoulder_top + canvas * 0.17
    strap = max(2, canvas // 110)
    draw.line((cx - neck_w * 0.9, shoulder_top, bx, by), fill="#f4f1ec", width=strap)
    draw.line((cx + neck_w * 0.9, shoulder_top, bx, by), fill="#f4f1ec", width=strap)
    box = (bx - badge_w / 2, by, bx + badge_w / 2, by + badge_h)
    draw.rounded_rectangle(box, radius=canvas * 0.012, fill="#fbfaf7")
    text = initials.strip().upper()[:2]
    if text:
        font = ImageFont.load_default(size=round(badge_h * 0.5))
        draw.text((bx, by + badge_h * 0.55), text, fill="#2b2d42", font=font, anchor="mm")


def _hair(draw, rng, style, head, hair, canvas) -> None:
    x0, y0, x1, y1 = head
    rx, ry = (x1 - x0) / 2, (y1 - y0) / 2
    if style == "buzz":
        draw.ellipse((x0 - rx * 0.02, y0 - ry * 0.04, x1 + rx * 0.02, y1 - ry * 0.6), fill=hair)
        return
    lift = ry * (0.16 if style != "curly" else 0.1)
    draw.ellipse((x0 - rx * 0.08, y0 - lift, x1 + rx * 0.08, y1 - ry * 0.55), fill=hair)
    if style == "bun":
        r = rx * rng.uniform(0.38, 0.5)
        cx = (x0 + x1) / 2
        draw.ellipse((cx - r, y0 - lift - r * 1.5, cx + r, y0 - lift + r * 0.5), fill=hair)
    elif style == "curly":
        for i in range(11):
            angle = math.pi * (0.95 + 1.1 * i / 10)
            r = rx * rng.uniform(0.32, 0.42)
            px = (x0 + x1) / 2 + math.cos(angle) * rx * 1.02
            py = (y0 + y1) / 2 - ry * 0.1 + math.sin(angle) * ry * 0.95
            draw.ellipse((px - r, py - r, px + r, py + r), fill=hair)


def _fringe(draw, rng, style, head, hair) -> None:
    """Hair over the top of the face; uneven angles give a side parting."""
    if style in ("buzz", "curly"):
        return
    tilt = rng.uniform(-25, 25) if style == "side" else rng.uniform(-8, 8)
    start, end = 200 + tilt, 340 + tilt
    if style == "side":
        start, end = (180, 320) if tilt < 0 else (220, 360)
    draw.chord(head, start, end, fill=hair)


def _shift(box, offset):
    x0, y0, x1, y1 = box
    return (x0 + offset, y0 + offset, x1 + offset, y1 + offset)


def _shrink_top(box, amount):
    x0, y0, x1, y1 = box
    return (x0, y0 + amount, x1, y1)
