# Moves the security log (SecurityEvent) and the rate-limit counts (RateLimitWindow) from the accounts app
# to core, keeping every row: the models are created here in migration state only, pointing at the existing
# accounts_* tables, and AlterModelTable then renames each table to core's name (ALTER TABLE ... RENAME, so
# rows, ids, indexes and constraints stay as they are). accounts.0003 removes the models from accounts' state.
# The content types move from app_label "accounts" to "core", so permissions already given to groups or people
# (for example view_securityevent) keep pointing at the same rows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("securityevent", "ratelimitwindow")


def _move_content_types(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:  # a new database: content types are created after migrate
            continue
        # A row under the new label exists only if post_migrate made one while the database was migrated back
        # and forth; the source row is the one with the real permission assignments, so it wins.
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def content_types_to_core(apps, schema_editor):
    _move_content_types(apps, schema_editor, "accounts", "core")


def content_types_to_accounts(apps, schema_editor):
    _move_content_types(apps, schema_editor, "core", "accounts")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("accounts", "0002_rate_limit_window"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SecurityEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("login", "Signed in"), ("login_failed", "Failed sign-in"), ("locked_out", "Locked out after repeated failures"), ("logout", "Signed out"), ("mfa_set_up", "Authenticator set up"), ("mfa_failed", "Wrong authentication code"), ("mfa_reset", "Authenticator reset by an administrator"), ("backup_code_used", "Backup code used"), ("role_added", "Role given"), ("role_removed", "Role taken away"), ("deactivated", "Account deactivated"), ("reactivated", "Account reactivated"), ("export", "Data exported"), ("download", "File downloaded"), ("import", "Data imported"), ("access_refused", "Access refused"), ("session_expired", "Session ended by time limit")], db_index=True, max_length=30)),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("username", models.CharField(blank=True, help_text="As typed, for failed sign-ins.", max_length=150)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("detail", models.CharField(blank=True, max_length=255)),
                        ("subject", models.ForeignKey(blank=True, help_text="The person acted upon (for role changes and MFA resets).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-at"], "db_table": "accounts_securityevent"},
                ),
                migrations.CreateModel(
                    name="RateLimitWindow",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=200)),
                        ("window_start", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "accounts_ratelimitwindow",
                        "indexes": [models.Index(fields=["window_start"], name="ratelimit_window_start_idx")],
                        "constraints": [models.UniqueConstraint(fields=("key", "window_start"), name="ratelimit_key_window_unique")],
                    },
                ),
            ],
        ),
        # Back to the default table names (core_securityevent, core_ratelimitwindow): a rename, not a copy.
        migrations.AlterModelTable(name="securityevent", table=None),
        migrations.AlterModelTable(name="ratelimitwindow", table=None),
        migrations.RunPython(content_types_to_core, content_types_to_accounts),
    ]
