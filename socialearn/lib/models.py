"""Abstract model bases shared by every app."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    # Lists ordered by recency ("newest first") use this index.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SubqueryAggregate(models.Subquery):
    """An aggregate (COUNT, SUM, MAX...) of a correlated queryset, as an annotation.

    `Func(..., function=...)` is not an aggregate to the ORM, so no GROUP BY is added:
    the subquery returns exactly one row.
    """

    def __init__(self, queryset: models.QuerySet, function: str, field: str, output_field):
        queryset = queryset.order_by().annotate(
            _value=models.Func(models.F(field), function=function)
        )
        super().__init__(queryset.values("_value"), output_field=output_field)


class EpochSeconds(models.Func):
    """Seconds since 1970 of a datetime column, on PostgreSQL and SQLite."""

    output_field = models.FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)")

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )


class SubqueryCount(SubqueryAggregate):
    """COUNT(*) of a correlated queryset, as an integer annotation (0 when none)."""

    def __init__(self, queryset: models.QuerySet) -> None:
        super().__init__(queryset, "COUNT", "pk", models.IntegerField())


def images_replace(instance: models.Model, fields: dict[str, str], images: dict | None) -> None:
    """Put new processed images (e.g. {"large": ContentFile, "small": ...}) into the
    instance's image fields ({"large": "avatar", "small": "avatar_small"}), or clear them
    when `images` is None, and save. The old files are deleted only once the transaction
    commits, so a rollback never leaves a row pointing at a deleted file."""
    files = [getattr(instance, name) for name in fields.values()]
    old_names = [f.name for f in files if f]
    storage = files[0].storage
    for key, name in fields.items():
        if images:
            getattr(instance, name).save(f"{key}.webp", images[key], save=False)
        else:
            setattr(instance, name, "")
    instance.save(update_fields=[*fields.values(), "updated_at"])
    transaction.on_commit(lambda: [storage.delete(name) for name in old_names])
