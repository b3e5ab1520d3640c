"""Support records carry the version their edit form started from (core/versioning.py)."""

from django.db import migrations, models


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        field = models.PositiveIntegerField(default=1)
        field.set_attributes_from_name("lock_version")
        schema_editor.add_field(apps.get_model("support", "SupportRecord"), field)
        return
    # Raw ADD COLUMN as in 0005: SQLite's add_field would rebuild the table for a NOT NULL
    # column and so drop the full-text triggers of 0002.
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"ALTER TABLE {quote('support_supportrecord')} ADD COLUMN {quote('lock_version')} "
        f"integer unsigned DEFAULT 1 NOT NULL CHECK ({quote('lock_version')} >= 0)"
    )


def remove_column(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"ALTER TABLE {quote('support_supportrecord')} DROP COLUMN {quote('lock_version')}"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0005_support_record_time_known"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="supportrecord",
                    name="lock_version",
                    field=models.PositiveIntegerField(
                        default=1, editable=False, verbose_name="record version"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
    ]
