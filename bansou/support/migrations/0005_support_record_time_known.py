"""Support records remember whether their time of day was known."""

from django.db import migrations, models


def add_column(apps, schema_editor):
    # Raw ADD COLUMN with a constant default (what db_default=True means): SQLite's add_field
    # would rebuild the table for a NOT NULL column and so drop the full-text triggers of 0002.
    quote = schema_editor.quote_name
    column = (
        "bool DEFAULT 1" if schema_editor.connection.vendor == "sqlite" else "boolean DEFAULT true"
    )
    schema_editor.execute(
        f"ALTER TABLE {quote('support_supportrecord')} "
        f"ADD COLUMN {quote('time_known')} {column} NOT NULL"
    )


def remove_column(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"ALTER TABLE {quote('support_supportrecord')} DROP COLUMN {quote('time_known')}"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0004_drop_redundant_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="supportrecord",
                    name="time_known",
                    field=models.BooleanField(
                        db_default=True, default=True, verbose_name="time known"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
    ]
