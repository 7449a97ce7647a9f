import django.contrib.postgres.search
from django.db import migrations

from socialearn.lib.search import SearchVectorTrigger


class Migration(migrations.Migration):
    dependencies = [("news", "0006_announcement_claims")]

    operations = [
        migrations.AddField(
            model_name="newspost",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        SearchVectorTrigger("news_newspost", {"title": "A", "summary": "B", "body": "C"}),
    ]
