"""Small text helpers."""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify


def slug_for(text: str, *, max_length: int = 80, fallback: str = "item") -> str:
    """A URL slug for a title; never empty, never longer than max_length."""
    return (slugify(text)[:max_length].strip("-")) or fallback


def query_param(query, name: str, *, max_length: int = 100) -> str:
    """A text parameter of a GET query, fit for a database filter: control characters
    (NUL, which PostgreSQL refuses, among them) removed, whitespace collapsed, truncated."""
    text = "".join(
        ch for ch in query.get(name, "") if unicodedata.category(ch) != "Cc" or ch == " "
    )
    return " ".join(text.split())[:max_length]
