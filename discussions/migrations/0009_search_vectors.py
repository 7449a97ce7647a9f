import django.contrib.postgres.search
from django.db import migrations

from socialearn.lib.search import SearchVectorTrigger


class Migration(migrations.Migration):
    dependencies = [("discussions", "0008_thread_about")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="thread",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        SearchVectorTrigger("discussions_thread", {"title": "A", "body": "B"}),
        SearchVectorTrigger("discussions_post", {"body": "B"}),
    ]
