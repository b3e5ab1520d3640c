"""Knowledge search index: FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL (fulltext.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from bansou.support import fulltext

    fulltext.install(schema_editor)


def backwards(apps, schema_editor):
    from bansou.support import fulltext

    fulltext.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
