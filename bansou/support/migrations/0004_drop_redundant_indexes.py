"""Drop the single-column indexes of foreign keys that lead a composite index.

support_supportrecord: organization (support_org_when_idx), business
(support_business_when_idx) and staff (support_staff_when_idx); support_supportrecordtheme:
organization (support_theme_idx) and record (support_theme_unique). Only the indexes go: on
SQLite an AlterField would rebuild the table, and with it drop the full-text triggers.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, the index name Django gave it): the same on SQLite and PostgreSQL.
INDEXES = [
    ("support_supportrecord", "organization_id", "support_supportrecord_organization_id_d2d14188"),
    ("support_supportrecord", "business_id", "support_supportrecord_business_id_965aa975"),
    ("support_supportrecord", "staff_id", "support_supportrecord_staff_id_41c7bbe2"),
    (
        "support_supportrecordtheme",
        "organization_id",
        "support_supportrecordtheme_organization_id_d40ad84e",
    ),
    ("support_supportrecordtheme", "record_id", "support_supportrecordtheme_record_id_3fa1475a"),
]


def _without_index(to, **options):
    return models.ForeignKey(to, db_index=False, **options)


class Migration(migrations.Migration):
    dependencies = [
        ("businesses", "0001_initial"),
        ("organizations", "0001_initial"),
        ("support", "0003_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for table, column, name in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="supportrecord",
                    name="business",
                    field=_without_index(
                        "businesses.business",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        verbose_name="business",
                    ),
                ),
                migrations.AlterField(
                    model_name="supportrecord",
                    name="organization",
                    field=_without_index(
                        "organizations.organization",
                        on_delete=django.db.models.deletion.PROTECT,
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="supportrecord",
                    name="staff",
                    field=_without_index(
                        settings.AUTH_USER_MODEL,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        verbose_name="staff in charge",
                    ),
                ),
                migrations.AlterField(
                    model_name="supportrecordtheme",
                    name="organization",
                    field=_without_index(
                        "organizations.organization",
                        on_delete=django.db.models.deletion.PROTECT,
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="supportrecordtheme",
                    name="record",
                    field=_without_index(
                        "support.supportrecord",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="themes",
                        verbose_name="record",
                    ),
                ),
            ],
        ),
    ]
