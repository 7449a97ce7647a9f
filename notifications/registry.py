"""Visibility checks per target type, registered by the apps that own the targets.

A check takes the reader and a set of ids and returns the ids the reader may still see,
in one query. The notifications page asks once per target type on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

VisibleIds = Callable[[object, set[int]], Iterable[int]]
_checks: dict[str, VisibleIds] = {}


def register(target_type: str, visible_ids: VisibleIds) -> None:
    _checks[target_type] = visible_ids


def visible(user, targets: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    """The (target_type, id) pairs the user may see; unknown types are not visible."""
    by_type: dict[str, set[int]] = {}
    for target_type, target_id in targets:
        by_type.setdefault(target_type, set()).add(target_id)
    found = set()
    for target_type, ids in by_type.items():
        check = _checks.get(target_type)
        if check is not None:
            found.update((target_type, pk) for pk in check(user, ids))
    return found
