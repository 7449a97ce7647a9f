"""Small text helpers."""

from __future__ import annotations

from django.utils.text import slugify


def slug_for(text: str, *, max_length: int = 80, fallback: str = "item") -> str:
    """A URL slug for a title; never empty, never longer than max_length."""
    return (slugify(text)[:max_length].strip("-")) or fallback
