from django.db import migrations

from socialearn.lib.search import PostgresOnly


class Migration(migrations.Migration):
    dependencies = [
        ("socialearn", "0001_search_entries"),
        ("profiles", "0004_unread_notifications"),
    ]

    operations = [
        # The header's suggestions (socialearn.suggest): people whose name has a word
        # starting with what was typed ("lars" finds "Aiko Larsen"), through this index
        # instead of reading every profile. The expression is the one SearchVector
        # ("display_name", config="simple") writes, so the planner can match it.
        PostgresOnly(
            sql=[
                "CREATE INDEX IF NOT EXISTS profile_name_words_idx ON profiles_profile "
                "USING gin (to_tsvector('simple'::regconfig, COALESCE(display_name, '')))"
            ],
            reverse_sql=["DROP INDEX IF EXISTS profile_name_words_idx"],
        ),
    ]
