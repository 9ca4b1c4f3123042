# The security log and the rate-limit counts now belong to core (core.0002 renamed their tables and moved their
# content types); this only removes the models from accounts' migration state. Nothing in the database changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_rate_limit_window"),
        ("core", "0002_security_log_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SecurityEvent"),
                migrations.DeleteModel(name="RateLimitWindow"),
            ],
        ),
    ]
