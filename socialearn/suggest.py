"""Search-as-you-type for the header box: a few people, groups, threads, library items
and news posts whose name or title starts with what was typed, each kind through the same
visibility rules as search (visible_to), all of them in one query.

On PostgreSQL titles are matched through the stored search vectors (every word of the
query, the last one as a prefix, in the title's weight), names through a GIN index on the
words of the display name and the handle's pattern index; each kind is its own LIMITed
subquery, so a common prefix reads a few index pages, never every match. Elsewhere,
names and titles matched by their start or the start of one of their words.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import CharField, DateTimeField, F, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Lower
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from content.models import LibraryItem
from content.selectors import item_list
from discussions.selectors import thread_list_recent
from groups.models import Group
from news.selectors import news_list
from profiles import selectors as people
from profiles.models import Profile, User
from socialearn.lib.search import SEARCH_CONFIG, full_text

MIN_LENGTH = 2  # one letter would suggest half the site
PER_KIND = 3
SHOWN = 8
MAX_WORDS = 5
RECENT = 500  # the latest rows of a kind walked for a common prefix
KIND_LABELS = {
    "people": _("Person"),
    "groups": _("Group"),
    "threads": _("Discussion"),
    "library": _("Library"),
    "news": _("News"),
}
KINDS = tuple(KIND_LABELS)
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str
    detail: str
    url: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def prefix_words(q: str) -> list[str]:
    """The words of `q`, lowercased: letters, digits and underscores only, so that no
    character of the tsquery syntax (quotes, &, |, !, :, parentheses) ever reaches it. A
    last word of one letter is left out while there are others (too broad a prefix)."""
    words = WORD.findall(q.lower())[:MAX_WORDS]
    if len(words) > 1 and len(words[-1]) < MIN_LENGTH:
        words.pop()
    return words


def _terms(words: list[str], *, config: str, weight: str = "") -> SearchQuery:
    """Every word, the last one as a prefix, restricted to `weight` (A: titles). Each word
    is quoted, and holds nothing but \\w characters: a lexeme, never an operator."""
    *full, last = words
    raw = " & ".join(
        [*(f"'{w}':{weight}" if weight else f"'{w}'" for w in full), f"'{last}':*{weight}"]
    )
    return SearchQuery(raw, config=config, search_type="raw")


def prefix_query(words: list[str], *, weight: str = "") -> SearchQuery:
    """Stemmed ("learning" finds "learn"), or as typed: a stop word ("what") is dropped
    by the stemmed configuration, yet may begin a word ("whatsapp")."""
    return _terms(words, config=SEARCH_CONFIG, weight=weight) | _terms(
        words, config="simple", weight=weight
    )


def _word_starts(field: str, words: list[str]) -> Q:
    """Every word begins `field` or one of its words (case-insensitive): titles and names
    without PostgreSQL, and group names everywhere (a few hundred rows, no index needed)."""
    match = Q()
    for word in words:
        match &= Q(**{f"{field}__istartswith": word}) | Q(**{f"{field}__icontains": f" {word}"})
    return match


def _people(user: User, words: list[str], q: str) -> QuerySet:
    """The ids of up to PER_KIND people whose name has words starting with the typed ones,
    or whose handle starts with what was typed (while it is one word: handles have no
    spaces), among those the user may see (person_list: active; a guest's colleagues)."""
    typed = q.strip().lstrip("@").lower()
    if full_text():
        # Each side through its index: profile_name_words_idx (socialearn/migrations/0002)
        # and the handle's pattern index; one OR across the two tables would read them all.
        ids = (
            Profile.objects.alias(name_words=SearchVector("display_name", config="simple"))
            .filter(name_words=_terms(words, config="simple"))
            .values("pk")
        )
        if " " not in typed:
            handles = Profile.objects.filter(user__handle__startswith=typed).values("pk")
            ids = ids.union(handles, all=True)
        match = Q(pk__in=ids)
    else:
        match = _word_starts("display_name", words)
        if " " not in typed:
            match |= Q(user__handle__istartswith=typed)
    # By the lowercased name, which no index gives: PostgreSQL reads the few matches
    # through the indexes instead of walking every name in order to find them.
    return (
        people.person_list(viewer=user)
        .filter(match)
        .order_by(Lower("display_name"), "pk")
        .values("pk")[:PER_KIND]
    )


def _titled(rows: QuerySet, words: list[str], *, newest: str) -> QuerySet:
    """The ids of up to PER_KIND rows whose title matches, as a subquery.

    On PostgreSQL, fastest first: the newest matches among the RECENT latest rows (a
    bounded walk down the date index, enough for a common prefix), and only when those are
    fewer than PER_KIND, the best title matches of all (through the GIN index: a rare
    prefix has few). A walk down the date index without the bound would read the whole
    table for a prefix nothing matches; ranking every match would read thousands of rows
    for a common one."""
    if not full_text():
        matching = rows.filter(_word_starts("title", words))
        return matching.order_by(f"-{newest}", "-pk").values("pk")[:PER_KIND]
    query = prefix_query(words, weight="A")
    matching = rows.filter(search_vector=query)
    cutoff = rows.model.objects.order_by(f"-{newest}").values(newest)[RECENT : RECENT + 1]
    recent = (
        matching.filter(**{f"{newest}__gte": Subquery(cutoff)})
        .order_by(f"-{newest}", "-pk")
        .values("pk")[:PER_KIND]
    )
    best = (
        matching.annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-pk")
        .values("pk")[:PER_KIND]
    )
    return recent.union(best, all=True)[:PER_KIND]


def _columns(ids: QuerySet, kind: str, *, label, key, detail=None, at=None) -> QuerySet:
    """One kind's suggestions as the union's rows: (kind, id, label, key, detail, at)."""
    text = CharField()
    return (
        ids.model.objects.filter(pk__in=ids)
        .annotate(
            s_kind=Value(kind, output_field=text),
            s_id=F("pk"),
            s_label=label,
            s_key=key,
            s_detail=detail if detail is not None else Value("", output_field=text),
            # Typed: PostgreSQL gives a bare NULL in a union's first branch the type text.
            s_at=at if at is not None else Cast(Value(None), output_field=DateTimeField()),
        )
        .values_list("s_kind", "s_id", "s_label", "s_key", "s_detail", "s_at")
        .order_by()
    )


def _url(kind: str, pk: int, key: str) -> str:
    if kind == "people":
        return reverse("profiles:detail", kwargs={"handle": key})
    if kind == "groups":
        return reverse("groups:detail", kwargs={"slug": key})
    if kind == "threads":
        return reverse("discussions:thread", kwargs={"pk": pk, "slug": key})
    if kind == "library":
        return reverse("content:detail", kwargs={"pk": pk, "slug": key})
    return reverse("news:detail", kwargs={"slug": key})


def _detail(kind: str, key: str, detail: str, at: datetime.datetime | None) -> str:
    if kind == "people":
        return f"@{key}"
    if kind == "groups":
        return str(Group.Kind(detail).label) if detail in Group.Kind.values else ""
    if kind == "library":
        return str(LibraryItem.Kind(detail).label) if detail in LibraryItem.Kind.values else ""
    if kind == "news" and at is not None:
        return date_format(at, "DATE_FORMAT")
    return detail


def suggest(*, user: User, q: str) -> list[Suggestion]:
    """Up to SHOWN suggestions for `q`, the best of each kind first, shown grouped by
    kind. One query: a UNION ALL of one LIMITed subquery per kind."""
    words = prefix_words(q)
    if len(q.strip()) < MIN_LENGTH or not words:
        return []
    branches = [
        _columns(_people(user, words, q), "people", label=F("display_name"), key=F("user__handle")),
        _columns(
            Group.objects.visible_to(user)
            .filter(_word_starts("name", words))
            .order_by("name")
            .values("pk")[:PER_KIND],
            "groups",
            label=F("name"),
            key=F("slug"),
            detail=F("kind"),
        ),
    ]
    titled = [  # kind, what the user may see, its date, what is shown under the title
        ("threads", thread_list_recent(user=user), "last_activity_at", F("group__name")),
        ("library", item_list(user=user), "published_at", F("kind")),
        ("news", news_list(user=user), "publish_at", None),
    ]
    branches += [
        _columns(
            _titled(rows, words, newest=newest),
            kind,
            label=F("title"),
            key=F("slug"),
            detail=detail,
            at=F(newest),
        )
        for kind, rows, newest, detail in titled
    ]
    rows = list(branches[0].union(*branches[1:], all=True))
    by_kind: dict[str, list[tuple]] = {kind: [] for kind in KINDS}
    for row in rows:
        by_kind[row[0]].append(row)
    for kind, found in by_kind.items():
        if kind in ("people", "groups"):
            found.sort(key=lambda row: row[2].lower())
        else:
            found.sort(key=lambda row: (row[5] is not None, row[5]), reverse=True)
    # The best of each kind first, then the second of each, and so on.
    chosen: list[tuple] = []
    for rank in range(PER_KIND):
        chosen += [found[rank] for found in by_kind.values() if len(found) > rank]
    chosen = chosen[:SHOWN]
    chosen.sort(key=lambda row: KINDS.index(row[0]))  # stable: each kind's order kept
    return [
        Suggestion(
            kind=kind,
            label=label,
            detail=_detail(kind, key, detail, at),
            url=_url(kind, pk, key),
        )
        for kind, pk, label, key, detail, at in chosen
    ]
