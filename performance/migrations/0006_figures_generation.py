"""Every write to a table the dashboard, indicator pages and exports read bumps the `figures` generation
(cpboard.core.models.Generation), in the writing transaction, whatever does the writing: a form, a bulk DfE
load, a delete, raw SQL, on any app server. The shared cache of rendered scorecards is keyed by it.

A deferred constraint trigger: the counter is bumped when the writing transaction commits, after it has taken
every other lock it needs, so the counter's row is held only for the last moment of a commit. Writers never
wait for each other on it while holding rows another writer wants (no deadlocks: an officer's edit during a
DfE load both commit), and the new count becomes visible in the same commit as the data.
"""

from django.db import migrations

TABLES = [
    "performance_outcomearea",
    "performance_indicator",
    "performance_period",
    "performance_quarterreturn",
    "performance_indicatorvalue",
    "performance_target",
    "performance_comparator",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION cpboard_figures_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO core_generation (name, value) VALUES ('figures', 1)
    ON CONFLICT (name) DO UPDATE SET value = core_generation.value + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE CONSTRAINT TRIGGER cpboard_figures_changed AFTER INSERT OR UPDATE OR DELETE ON {table}
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cpboard_figures_changed();
CREATE TRIGGER cpboard_figures_truncated AFTER TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION cpboard_figures_changed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0005_quarter_sent_back"),
        ("core", "0006_generation_and_cache_table"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS cpboard_figures_changed() CASCADE;"),
        *(
            migrations.RunSQL(
                TRIGGER.format(table=table), f"DROP TRIGGER IF EXISTS cpboard_figures_changed ON {table}; "
                f"DROP TRIGGER IF EXISTS cpboard_figures_truncated ON {table};"
            )
            for table in TABLES
        ),
    ]
