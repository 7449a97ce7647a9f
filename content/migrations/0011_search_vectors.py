import django.contrib.postgres.search
from django.db import migrations

from socialearn.lib.search import SearchVectorTrigger


class Migration(migrations.Migration):
    dependencies = [("content", "0010_thread_about_links")]

    operations = [
        migrations.AddField(
            model_name="libraryitem",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        SearchVectorTrigger(
            "content_libraryitem", {"title": "A", "summary": "B", "body": "C", "provider": "C"}
        ),
    ]
