"""The keyword index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL.

Django knows an unmanaged model (so dumpdata and flush leave the index to its triggers); the
database side is written by directory.search.fulltext, because neither an FTS5 table nor the
triggers can be described by model fields.
"""

import django.contrib.postgres.search
from django.db import migrations, models


def install(apps, schema_editor):
    from directory.search import fulltext

    fulltext.install()


def uninstall(apps, schema_editor):
    from directory.search import fulltext

    fulltext.uninstall()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0010_clinic_published_name_index"),
    ]

    operations = [
        migrations.CreateModel(
                    name="ClinicSearchDocument",
                    fields=[
                        (
                            "clinic",
                            models.OneToOneField(
                                db_column="rowid",
                                db_constraint=False,
                                on_delete=models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="directory.clinic",
                            ),
                        ),
                        ("document", django.contrib.postgres.search.SearchVectorField()),
                    ],
                    options={"db_table": "directory_clinic_search", "managed": False},
                ),
        migrations.RunPython(install, uninstall),
    ]
