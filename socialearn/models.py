"""The site's own tables (the apps hold the rest)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """A narrow copy of what full-text search reads for the two big tables, threads and
    replies: their kind, id, group, time and search vector, kept by PostgreSQL triggers
    (socialearn/migrations/0001). Ranking a common word reads every row that has it; here
    those rows are a few dozen bytes instead of whole posts, so it reads ten to twenty
    times fewer pages. Empty on other databases (search falls back to substrings)."""

    kind = models.CharField(max_length=8)  # "thread" or "post"
    object_id = models.BigIntegerField()
    group_id = models.BigIntegerField(null=True)  # where it is: the cheap part of the rights
    at = models.DateTimeField()
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once"),
        ]
        indexes = [
            # Search ranks the recent matches of a common word first (socialearn.search).
            models.Index(fields=["at"], name="search_entry_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
