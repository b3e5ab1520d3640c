"""Knowledge search: index characters and pairs for terms of one or two characters
(fulltext.py: contentless FTS5 on SQLite, a GIN index on bansou_grams() on PostgreSQL)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from bansou.support import fulltext

    fulltext.install_grams(schema_editor)


def backwards(apps, schema_editor):
    from bansou.support import fulltext

    fulltext.uninstall_grams(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("support", "0006_lock_version")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
