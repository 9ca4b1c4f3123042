from django.core.management import call_command
from django.db import migrations, models


def create_cache_table(apps, schema_editor):
    # CACHES["default"] is Django's database cache: its table is made here, so migrate (and so `cpboard serve
    # --migrate` and every test database) creates it. createcachetable does nothing if it exists.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS cpboard_cache")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_security_log_admin_password_spraying")]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50, unique=True)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
