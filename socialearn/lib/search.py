"""Full-text search: stored tsvectors on PostgreSQL, a plain fallback elsewhere.

On PostgreSQL each searchable table (threads, replies, library items, news posts) has a
`search_vector` column kept up to date by a trigger (`SearchVectorTrigger`, run by the
apps' migrations: it fires when the searched columns change, so counters and view counts
never recompute it) with weights (title A, summary B, text C) and a GIN index. On other
databases the column stays empty and `text_search` falls back to substring matching on
the same fields, which gives the same results for simple words.
"""

from __future__ import annotations

from django.db import connection, migrations
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

SEARCH_CONFIG = "english"  # stemming: "onboard" finds "onboarding"
WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A


def _vector_sql(columns: dict[str, str]) -> str:
    parts = [
        f"setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(NEW.\"{column}\", '')), '{weight}')"
        for column, weight in columns.items()
    ]
    return " || ".join(parts)


class SearchVectorTrigger(migrations.operations.base.Operation):
    """PostgreSQL only: keep `table.search_vector` computed from `columns` ({column:
    weight}) by a trigger, index it with GIN, and fill it for the existing rows."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, table: str, columns: dict[str, str]) -> None:
        self.table, self.columns = table, columns

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        t, name = self.table, f"{self.table}_search"
        watched = ", ".join(f'"{c}"' for c in self.columns)
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            f"NEW.search_vector := {_vector_sql(self.columns)}; RETURN NEW; END $$ "
            "LANGUAGE plpgsql"
        )
        schema_editor.execute(
            f'CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {watched} ON "{t}" '
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name}_idx ON "{t}" USING gin (search_vector)'
        )
        first = next(iter(self.columns))
        # Table and column names come from the migration, never from input.
        schema_editor.execute(f'UPDATE "{t}" SET "{first}" = "{first}"')  # noqa: S608

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        name = f"{self.table}_search"
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{self.table}"')
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}_idx")

    def describe(self) -> str:
        return f"Full-text search vector of {self.table} (PostgreSQL)"


class PostgresOnly(migrations.operations.base.Operation):
    """Run SQL on PostgreSQL only (triggers and indexes other databases do not have)."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, sql: list[str], reverse_sql: list[str]) -> None:
        self.sql, self.reverse_sql = sql, reverse_sql

    def state_forwards(self, app_label, state):
        pass

    def _run(self, schema_editor, statements):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, self.sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, self.reverse_sql)

    def describe(self) -> str:
        return "PostgreSQL-only SQL"


def full_text() -> bool:
    return connection.vendor == "postgresql"


def text_search(rows: QuerySet, q: str, *, fields: list[str]) -> QuerySet:
    """`rows` matching the words of `q`, annotated with `rank` (higher is better): on
    PostgreSQL by the stored vector, weighted (title A, summary B, text C; web search
    syntax: "quoted phrases", -excluded, or), elsewhere every word as a substring of one
    of `fields`, ranked higher when all of them are in the first field (the title)."""
    words = q.split()
    if not words:
        return rows.none()
    if full_text():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        return rows.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query, weights=WEIGHTS)
        )
    in_title = Q()
    for word in words:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        rows = rows.filter(match)
        in_title &= Q(**{f"{fields[0]}__icontains": word})
    return rows.annotate(
        rank=Case(
            When(in_title, then=Value(1.0)),
            default=Value(0.4),
            output_field=FloatField(),
        )
    )
