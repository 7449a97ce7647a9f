"""The "News editors" role: a Django auth group with the news permissions, assigned to
people in the admin."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "News editors"
CODENAMES = ["add_newspost", "change_newspost", "view_newspost", "publish_newspost"]


def create_role(apps, schema_editor):
    # Permissions are normally made after all migrations ran: make the news app's now
    # (from the real app config: the migration state's stub has no models module).
    create_permissions(global_apps.get_app_config("news"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    role, _created = Group.objects.get_or_create(name=EDITORS)
    role.permissions.add(
        *Permission.objects.filter(content_type__app_label="news", codename__in=CODENAMES)
    )


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_news_desk"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role, remove_role)]
