"""Abstract model bases shared by every app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    # Lists ordered by recency ("newest first") use this index.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SubqueryCount(models.Subquery):
    """COUNT(*) of a correlated queryset, as an integer annotation (0 when none).

    `Func(..., function="COUNT")` is not an aggregate to the ORM, so no GROUP BY is added:
    the subquery returns exactly one row.
    """

    output_field = models.IntegerField()

    def __init__(self, queryset: models.QuerySet, **extra) -> None:
        queryset = queryset.order_by().annotate(_n=models.Func(models.F("pk"), function="COUNT"))
        super().__init__(queryset.values("_n"), **extra)
