"""A readable word-level diff of two texts, as HTML (<del>/<ins>), for corrections and
revision history. difflib from the standard library does the matching; this only groups
words and escapes them."""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words with their trailing whitespace, so the diff keeps line breaks and spacing.
_TOKENS = re.compile(r"\S+\s*|\s+")


def html_diff(before: str, after: str) -> SafeString:
    """`after` compared with `before`: removed words in <del>, added ones in <ins>."""
    a, b = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped)
